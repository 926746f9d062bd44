import Foundation
import LibPQ
import Workflow

extension WorkflowStore {
    /// A discrepancy `ocop audit verify` found.
    public struct AuditFinding: Sendable, Hashable, CustomStringConvertible {
        /// What kind of discrepancy.
        public enum Kind: String, Sendable {
            /// A row's content no longer matches its hash: it was edited.
            case rowAltered
            /// A row's link to its predecessor is wrong: a row was removed, inserted or reordered.
            case chainBroken
            /// The sequence has a gap or does not start at 1.
            case sequenceGap
            /// The instance row disagrees with the last history row (state or version).
            case projectionMismatch
        }

        public var kind: Kind
        public var instanceID: Int64
        public var seq: Int?
        public var detail: String

        public var description: String { "instance \(instanceID)\(seq.map { " seq \($0)" } ?? ""): \(kind.rawValue) — \(detail)" }
    }

    /// The result of a verification.
    public struct AuditReport: Sendable {
        public var instances: Int
        public var rows: Int
        public var findings: [AuditFinding]
    }

    /// Recomputes every history row's hash and chain link, checks sequences, and compares each instance row with its
    /// last history row. The work is done in the database, in one pass over the history.
    public func verifyAudit(on connection: Connection) throws -> AuditReport {
        var findings: [AuditFinding] = []
        let rows = try connection.query(
            """
            SELECT instance_id, seq, hash, prev_hash, workflow_transition_hash(t) AS recomputed,
                   coalesce(lag(hash) OVER w, repeat('0', 64)) AS expected_prev, row_number() OVER w AS position
            FROM workflow_transition t
            WINDOW w AS (PARTITION BY instance_id ORDER BY seq)
            ORDER BY instance_id, seq
            """)
        for row in rows {
            let instance = try row.decode("instance_id", as: Int64.self)
            let seq = try row.decode("seq", as: Int.self)
            if try row.decode("hash", as: String.self) != row.decode("recomputed", as: String.self) {
                findings.append(AuditFinding(kind: .rowAltered, instanceID: instance, seq: seq, detail: "content does not match its hash"))
            }
            if try row.decode("prev_hash", as: String.self) != row.decode("expected_prev", as: String.self) {
                findings.append(AuditFinding(kind: .chainBroken, instanceID: instance, seq: seq, detail: "link to the previous row is wrong"))
            }
            if try row.decode("position", as: Int.self) != seq {
                findings.append(AuditFinding(kind: .sequenceGap, instanceID: instance, seq: seq, detail: "expected seq \(try row.decode("position", as: Int.self))"))
            }
        }
        let projections = try connection.query(
            """
            SELECT i.id, i.state, i.version, last.to_state, last.seq
            FROM workflow_instance i
            LEFT JOIN LATERAL (SELECT to_state, seq FROM workflow_transition t WHERE t.instance_id = i.id ORDER BY seq DESC LIMIT 1) last ON true
            WHERE last.seq IS DISTINCT FROM i.version OR last.to_state IS DISTINCT FROM i.state
            """)
        for row in projections {
            findings.append(
                AuditFinding(
                    kind: .projectionMismatch, instanceID: try row.decode("id"), seq: try row.decode("seq"),
                    detail: "instance is \(try row.decode("state", as: String.self)) v\(try row.decode("version", as: Int.self)), "
                        + "history ends at \(try row.decode("to_state", as: String?.self) ?? "nothing")"))
        }
        let instances = try connection.query("SELECT count(*) AS n FROM workflow_instance").single().decode("n", as: Int.self)
        return AuditReport(instances: instances, rows: rows.count, findings: findings)
    }

    /// Verifies on a pooled connection in a read-only snapshot.
    public func verifyAudit() async throws -> AuditReport {
        try await pool.read { connection in try self.verifyAudit(on: connection) }
    }
}
