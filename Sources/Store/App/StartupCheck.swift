import Foundation
import LibPQ

/// What a command finds when it starts, in one query on its one connection: the schema against `sql/`, and the
/// workflow files against what is registered. Only when something differs does the start migrate or register —
/// a read command otherwise writes nothing (issue 15).
struct StartupCheck: Sendable {
    /// The schema against the files; nil when a table this check reads is missing (a schema older than this build).
    var schema: Migrator.Status?
    /// What is stored of the workflow files.
    var workflows: WorkflowFileSet.Known

    /// Whether the schema is current.
    var schemaIsCurrent: Bool { schema?.pending.isEmpty ?? false }

    /// Runs the check; a changed or unknown migration throws as the migrator does.
    static func run(migrator: Migrator, files: WorkflowFileSet?, on connection: Connection) throws -> StartupCheck {
        let rows: QueryResult
        do {
            rows = try connection.queryUnprepared(
                """
                SELECT 'm' AS kind, version::bigint AS id, checksum AS hash, NULL::text AS name FROM ocop_schema_migration
                UNION ALL
                SELECT 'w', id, content_hash, name FROM workflow_definition WHERE content_hash = ANY(\(files?.hashes ?? []))
                UNION ALL
                SELECT 's', 0, set_hash, NULL FROM workflow_file_set WHERE set_hash = \(files?.setHash ?? "")
                """)
        } catch let error as DatabaseError where error.sqlState == .undefinedTable {
            return StartupCheck(schema: nil, workflows: WorkflowFileSet.Known(definitions: [:], setRegistered: false))
        }
        var applied: [Int: String] = [:]
        var known = WorkflowFileSet.Known(definitions: [:], setRegistered: false)
        for row in rows {
            switch try row.decode("kind", as: String.self) {
            case "m": applied[try row.decode("id", as: Int.self)] = try row.decode("hash", as: String.self)
            case "s": known.setRegistered = true
            default:
                known.definitions[try row.decode("hash", as: String.self)] = (id: try row.decode("id", as: Int64.self), name: try row.decode("name", as: String.self))
            }
        }
        return StartupCheck(schema: try migrator.status(applied: applied), workflows: known)
    }
}
