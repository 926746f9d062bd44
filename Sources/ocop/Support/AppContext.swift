import Foundation
import LibPQ
import Logging
import Store
import Workflow

/// The composition root of a command: which database, a pool on it with the schema current, the workflow files
/// registered, and the stores. Built once per command; shut down when the command ends.
struct AppContext: Sendable {
    let target: DatabaseTarget
    let conninfo: String
    let pool: ConnectionPool
    let workflows: WorkflowStore
    let users: UserStore
    let language: Language
    let logger: Logger

    /// Opens the database (starting and migrating the embedded one), and registers `workflows/*.yaml`.
    static func open(_ global: GlobalOptions, logger: Logger, registerWorkflows: Bool = true, poolSize: Int = 2) async throws -> AppContext {
        let target = try DatabaseTarget.resolve(option: global.databaseURL, logger: logger)
        let conninfo = try await blocking { try target.openMigrated(logger: logger) }
        let pool = ConnectionPool(configuration: .init(conninfo: conninfo, size: poolSize), logger: logger)
        let folder = try ResourceLocator.workflowsDirectory()
        let calendar = try WorkingCalendar.load(contentsOf: folder.appendingPathComponent("calendars/vn-holidays.yaml"))
        let store = WorkflowStore(pool: pool, guards: try makeOCOPGuards(workflowsDirectory: folder), calendar: calendar, logger: logger)
        if registerWorkflows { try await store.register(directory: folder) }
        return AppContext(
            target: target, conninfo: conninfo, pool: pool, workflows: store, users: UserStore(pool: pool), language: global.lang, logger: logger)
    }

    /// The actor for `--as USER [--role R] [--on-behalf-of SUBJECT]`, from the users table.
    func actor(_ user: String, role: String?, onBehalfOf: String?) async throws -> WorkflowActor {
        let users = users
        return try await pool.withConnection { connection in try users.actor(user, role: role, onBehalfOf: onBehalfOf, on: connection) }
    }

    /// Closes the pool.
    func close() { pool.shutdown() }
}
