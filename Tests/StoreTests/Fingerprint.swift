import Foundation
import LibPQ
import TestSupport
import Workflow

/// Everything a fire may change for one instance, read in one snapshot: a refused fire must leave it equal.
struct Fingerprint: Sendable, Equatable {
    var snapshot: Snapshot
    var historyRows: Int
    var outboxRows: Int
    var timers: [String]

    var version: Int { snapshot.version }

    /// The snapshot as canonical JSON: numbers compare by value (`70` read back from jsonb is `.int`, the engine's
    /// `.decimal`), keys sorted.
    var canonicalSnapshot: String { Self.canonical(snapshot) }

    static func canonical(_ snapshot: Snapshot) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(snapshot.data)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        return "\(snapshot.state) v\(snapshot.version) \(data)"
    }

    static func read(_ id: Int64, database: TestDatabase) async throws -> Fingerprint {
        try await blocking {
            let connection = try database.connect()
            return try connection.transaction(.repeatableRead, readOnly: true) { connection in
                let row = try connection.query(
                    """
                    SELECT state, data, version,
                           (SELECT count(*) FROM workflow_transition WHERE instance_id = i.id) AS history_rows,
                           (SELECT count(*) FROM workflow_outbox WHERE instance_id = i.id) AS outbox_rows,
                           (SELECT coalesce(string_agg(id || ':' || status || ':' || fire_at, ',' ORDER BY id), '')
                            FROM workflow_timer WHERE instance_id = i.id) AS timers
                    FROM workflow_instance i WHERE id = \(id)
                    """
                ).single()
                return Fingerprint(
                    snapshot: Snapshot(
                        state: try row.decode("state"), data: try row.decode("data", as: JSONB<[String: JSONValue]>.self).value,
                        version: try row.decode("version")),
                    historyRows: try row.decode("history_rows"), outboxRows: try row.decode("outbox_rows"),
                    timers: try row.decode("timers", as: String.self).split(separator: ",").map(String.init))
            }
        }
    }
}
