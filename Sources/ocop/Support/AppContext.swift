import Foundation
import LibPQ
import Logging
import Store
import Workflow

/// The composition root of a command: the services on the chosen database (started and migrated when embedded), with
/// `workflows/*.yaml` registered. Built once per command; closed when the command ends.
struct AppContext: Sendable {
    let services: Services
    let language: Language
    let logger: Logger

    /// The pool and store, for the commands not yet moved onto services.
    var pool: ConnectionPool { services.pool }
    var workflows: WorkflowStore { services.store }
    var users: UserStore { UserStore(pool: services.pool) }

    /// Opens the database (starting and migrating the embedded one), and registers `workflows/*.yaml`.
    static func open(
        _ global: GlobalOptions, logger: Logger, registerWorkflows: Bool = true, poolSize: Int = 2, migrate: Bool = true
    ) async throws -> AppContext {
        let services = try await Services.open(
            databaseURL: global.databaseURL, guards: { try makeOCOPGuards(workflowsDirectory: $0) }, registerWorkflows: registerWorkflows,
            poolSize: poolSize, migrate: migrate, logger: logger)
        return AppContext(services: services, language: global.lang, logger: logger)
    }

    /// The caller for `--as USER [--role R] [--on-behalf-of SUBJECT]`.
    func caller(_ user: String, role: String? = nil, onBehalfOf: String? = nil) -> Caller {
        Caller(user, role: role, onBehalfOf: onBehalfOf)
    }

    /// A workflow actor with all the user's roles, for the workflow tools (migrate) not yet moved onto services.
    func actor(_ user: String, role: String?, onBehalfOf: String?) async throws -> WorkflowActor {
        let users = users
        return try await pool.withConnection { connection in try users.actor(user, role: role, onBehalfOf: onBehalfOf, on: connection) }
    }

    /// Closes the pool.
    func close() { services.close() }
}
