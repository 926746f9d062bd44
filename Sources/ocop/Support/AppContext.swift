import Foundation
import Logging
import Synchronization
import Store
import Workflow

/// The composition root of a command: the services on the chosen database (started and migrated when embedded), with
/// `workflows/*.yaml` registered. Built once per command; closed when the command ends.
struct AppContext: Sendable {
    let services: Services
    let language: Language
    let logger: Logger

    /// Opens the database (starting and migrating the embedded one), and registers `workflows/*.yaml`.
    static func open(
        _ global: GlobalOptions, logger: Logger, registerWorkflows: Bool = true, poolSize: Int = 2, migrate: Bool = true, domain: Bool = true,
        cancelOnSignals: Bool = true, routing: DatabaseRouting = DatabaseRouting()
    ) async throws -> AppContext {
        if cancelOnSignals { Interrupts.shared.install(language: global.lang) }
        let services = try await Services.open(
            databaseURL: global.databaseURL, guards: { try makeOCOPGuards(workflowsDirectory: $0) }, registerWorkflows: registerWorkflows,
            poolSize: poolSize, migrate: migrate, domain: domain, listenDatabaseURL: routing.listenDatabaseURL,
            reportDatabaseURL: routing.reportDatabaseURL, logger: logger)
        if cancelOnSignals { Interrupts.shared.attach(services) }
        // Speak to the user in their saved language unless --lang or OCOP_LANG says otherwise.
        if global.chosenLanguage == nil, let userID = Language.actingUser(), let user = try? await services.accounts.user(userID) {
            Language.saved.withLock { $0 = Language(rawValue: user.language) }
        }
        return AppContext(services: services, language: global.lang, logger: logger)
    }

    /// The caller for `--as USER [--role R] [--on-behalf-of SUBJECT]`.
    func caller(_ user: String, role: String? = nil, onBehalfOf: String? = nil) -> Caller {
        Caller(user, role: role, onBehalfOf: onBehalfOf)
    }

    /// Closes the pool.
    func close() {
        Interrupts.shared.attach(nil)
        services.close()
    }
}
