import Foundation
import LibPQ
import Workflow

extension WorkflowStore {
    /// A discrepancy `ocop audit verify` found: one per broken link, per run of altered rows, per instance an anchor
    /// no longer holds for, per bad checkpoint — never one per row that merely follows a break.
    public struct AuditFinding: Sendable, Hashable, CustomStringConvertible {
        /// What kind of discrepancy.
        public enum Kind: String, Sendable, CaseIterable {
            /// Rows' content no longer matches their hashes: edited (or re-hashed with another formula).
            case rowAltered
            /// A row's link to its predecessor is wrong: a row was inserted, replaced or reordered.
            case chainBroken
            /// Rows are missing from the sequence (or it does not start at 1).
            case sequenceGap
            /// A row uses the old hash formula after a row that used the new one.
            case hashVersionDowngraded
            /// The instance row disagrees with the last history row (state or version).
            case projectionMismatch
            /// The row at an anchored seq no longer has the anchored hash: the history up to it was rewritten.
            case anchorMismatch
            /// The history ends before an anchored seq: rows were deleted from its end.
            case historyTruncated
            /// A checkpoint of the anchor file is unreadable, unsigned, signed by another key, or out of its chain.
            case checkpointInvalid
        }

        public var kind: Kind
        /// The instance, for findings in the history.
        public var instanceID: Int64?
        /// The row (or the first of a run).
        public var seq: Int?
        /// The last row of a run, when there are several.
        public var throughSeq: Int?
        /// The checkpoint concerned (its number in the anchor file).
        public var checkpoint: Int?
        /// What is wrong, in both languages.
        public var message: Bilingual

        public init(
            kind: Kind, instanceID: Int64? = nil, seq: Int? = nil, throughSeq: Int? = nil, checkpoint: Int? = nil, message: Bilingual
        ) {
            self.kind = kind
            self.instanceID = instanceID
            self.seq = seq
            self.throughSeq = throughSeq
            self.checkpoint = checkpoint
            self.message = message
        }

        /// The English message.
        public var detail: String { message.en }

        public var description: String {
            let place = instanceID.map { "instance \($0)" } ?? checkpoint.map { "checkpoint \($0)" } ?? "anchor file"
            return "\(place)\(seq.map { " seq \($0)" } ?? ""): \(kind.rawValue) — \(message.en)"
        }
    }

    /// The result of a verification.
    public struct AuditReport: Sendable {
        /// Instances in the database.
        public var instances: Int
        /// History rows checked.
        public var rows: Int
        /// Checkpoints read from the anchor file (0 without one).
        public var checkpoints: Int
        /// The public key the checkpoints were checked against (pinned, or the first checkpoint's), if any.
        public var publicKey: String?
        /// Every finding, checkpoints first, then by instance and seq.
        public var findings: [AuditFinding]
        /// The database role the check ran as.
        public var role: String = ""
        /// Whether that role can switch the history's triggers off (it owns the table, or is a superuser): then only
        /// the anchors protect the history from it.
        public var roleCanDisableTriggers = false
    }

    /// How many history rows are read from the database at a time.
    static let auditPageSize = 5000

    /// Checks the history: recomputes every row's hash in Swift (both formulas), its link and its sequence, compares
    /// each instance row with its last history row, and checks every head `anchors` holds. One read-only snapshot.
    public func verifyAudit(anchors: AnchorCheck = AnchorCheck(), on connection: Connection) throws -> AuditReport {
        var verifier = ChainVerifier(anchors: anchors.heads)
        var after: (instance: Int64, seq: Int) = (0, 0)
        while true {
            let page = try historyRows(after: after, limit: Self.auditPageSize, on: connection)
            for row in page { verifier.add(row) }
            guard let last = page.last, page.count == Self.auditPageSize else { break }
            after = (last.instanceID, last.seq)
        }
        var findings = anchors.findings
        var chainFindings = verifier.finish()
        let projections = try connection.query(
            """
            SELECT i.id, i.state, i.version, last.to_state, last.seq
            FROM workflow_instance i
            LEFT JOIN LATERAL (SELECT to_state, seq FROM workflow_transition t WHERE t.instance_id = i.id ORDER BY seq DESC LIMIT 1) last ON true
            WHERE last.seq IS DISTINCT FROM i.version OR last.to_state IS DISTINCT FROM i.state
            """)
        for row in projections {
            let state = try row.decode("state", as: String.self)
            let version = try row.decode("version", as: Int.self)
            let ends = try row.decode("to_state", as: String?.self)
            let lastSeq = try row.decode("seq", as: Int?.self)
            chainFindings.append(
                AuditFinding(
                    kind: .projectionMismatch, instanceID: try row.decode("id"), seq: lastSeq,
                    message: Bilingual(
                        vi: "hồ sơ ghi trạng thái \(state) phiên bản \(version), nhưng lịch sử "
                            + (ends.map { "kết thúc ở \($0) (dòng \(lastSeq ?? 0))" } ?? "trống"),
                        en: "the instance says \(state) version \(version), but its history "
                            + (ends.map { "ends at \($0) (row \(lastSeq ?? 0))" } ?? "is empty"))))
        }
        chainFindings.sort { ($0.instanceID ?? 0, $0.seq ?? 0) < ($1.instanceID ?? 0, $1.seq ?? 0) }
        findings += chainFindings
        let instances = try connection.query("SELECT count(*) AS n FROM workflow_instance").single().decode("n", as: Int.self)
        let role = try connection.query(
            """
            SELECT current_user::text AS role,
                   (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) OR pg_has_role(current_user, c.relowner, 'USAGE') AS can
            FROM pg_class c WHERE c.oid = 'workflow_transition'::regclass
            """
        ).single()
        return AuditReport(
            instances: instances, rows: verifier.rows, checkpoints: anchors.checkpoints, publicKey: anchors.publicKey, findings: findings,
            role: try role.decode("role"), roleCanDisableTriggers: try role.decode("can"))
    }

    /// Verifies on a pooled connection in a read-only snapshot.
    public func verifyAudit(anchors: AnchorCheck = AnchorCheck()) async throws -> AuditReport {
        try await pool.read { connection in try self.verifyAudit(anchors: anchors, on: connection) }
    }

    /// Every history row as stored, in order (for tests and tools; `verifyAudit` pages through them instead).
    public func storedHistoryRows() async throws -> [StoredHistoryRow] {
        try await pool.read { connection in try self.historyRows(after: (0, 0), limit: Int(Int32.max), on: connection) }
    }

    /// History rows after `(instance, seq)`, in order, every column as the hash formulas read it.
    func historyRows(after: (instance: Int64, seq: Int), limit: Int, on connection: Connection) throws -> [StoredHistoryRow] {
        try connection.query(
            """
            SELECT instance_id, seq, hash_version, prev_hash, hash, event, from_state, to_state, actor, acting_role, on_behalf_of,
                   input::text AS input, comment, legal_ref, batch_id::text AS batch_id, idempotency_key,
                   (extract(epoch FROM at) * 1000000)::bigint::text AS at_us,
                   (extract(epoch FROM recorded_at) * 1000000)::bigint::text AS recorded_us,
                   caused_by_instance::text AS caused_by_instance, caused_by_seq::text AS caused_by_seq
            FROM workflow_transition
            WHERE (instance_id, seq) > (\(after.instance), \(after.seq))
            ORDER BY instance_id, seq
            LIMIT \(limit)
            """
        ).map { row in
            StoredHistoryRow(
                instanceID: try row.decode("instance_id"), seq: try row.decode("seq"), hashVersion: try row.decode("hash_version"),
                prevHash: try row.decode("prev_hash"), hash: try row.decode("hash"), event: try row.decode("event"),
                fromState: try row.decode("from_state"), toState: try row.decode("to_state"), actor: try row.decode("actor"),
                actingRole: try row.decode("acting_role"), onBehalfOf: try row.decode("on_behalf_of"), input: try row.decode("input"),
                comment: try row.decode("comment"), legalRef: try row.decode("legal_ref"), batchID: try row.decode("batch_id"),
                idempotencyKey: try row.decode("idempotency_key"), atMicros: try row.decode("at_us"),
                recordedAtMicros: try row.decode("recorded_us"), causedByInstance: try row.decode("caused_by_instance"),
                causedBySeq: try row.decode("caused_by_seq"))
        }
    }

    /// The head (last seq and hash) of every instance's history chain, by instance.
    func chainHeads(on connection: Connection) throws -> [ChainHead] {
        try connection.query(
            """
            SELECT i.id, last.seq, last.hash
            FROM workflow_instance i
            CROSS JOIN LATERAL (SELECT seq, hash FROM workflow_transition t WHERE t.instance_id = i.id ORDER BY seq DESC LIMIT 1) last
            ORDER BY i.id
            """
        ).map { row in ChainHead(instanceID: try row.decode("id"), seq: try row.decode("seq"), hash: try row.decode("hash")) }
    }

    /// The columns `workflow_transition` has, for the test that keeps the hash covering all of them.
    public func historyColumns() async throws -> Set<String> {
        try await pool.read { connection in
            Set(
                try connection.query(
                    "SELECT column_name::text AS name FROM information_schema.columns WHERE table_name = 'workflow_transition' AND table_schema = current_schema()"
                ).map { try $0.decode("name", as: String.self) })
        }
    }
}
