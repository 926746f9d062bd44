import Foundation
import LibPQ
import Logging
import OCOP
import Workflow

/// The application core: every use case the doors (CLI, API, dashboard) offer, on one database. Doors hold this and
/// never a connection; each service method opens its own transaction, checks the caller's scope and throws
/// ``ServiceError``.
///
/// ```swift
/// let services = try await Services.open(databaseURL: nil, guards: makeGuards, logger: logger)
/// defer { services.close() }
/// let status = try await services.workflows.status(24, as: Caller("cb-huyen"), at: .now)
/// ```
public final class Services: Sendable {
    /// Start, fire, bulk, status, history, lists, the pipeline.
    public let workflows: WorkflowService
    /// The OCOP programme's steps (nil where the server runs without it).
    public let ocop: OCOPService?
    /// The NTM programme's steps.
    public let ntm: NTMService?
    /// Files of the OCOP dossiers (with the OCOP service).
    public let documents: DocumentService?
    /// The district report and NTM progress views.
    public let reports: DistrictReportBuilder?
    /// Users, roles, tokens and dashboard sessions.
    public let accounts: AccountService
    /// Administrative units and OCOP subjects.
    public let reference: ReferenceService
    /// The database: where it is, its schema, its health.
    public let database: DatabaseService
    /// The outbox relay, notifications and how people are reached.
    public let outbox: OutboxService
    /// The engine's store (the timer worker, the workflow tools).
    let store: WorkflowStore
    let pool: ConnectionPool
    /// Where the district report reads (a streaming replica), with its fallback to `pool` (see ``reportRead(_:)``).
    let reportRouting: ReportRouting?
    /// Where LISTEN goes: the pool's URL, a direct one, or nowhere (polling) — see ``ListenRoute``.
    public let listening: ListenRoute

    /// Assembles the services over a pool and a store whose definitions are registered (tests, the server).
    public init(
        pool: ConnectionPool, store: WorkflowStore, ocop: OCOPService? = nil, ntm: NTMService? = nil, reports: DistrictReportBuilder? = nil,
        target: DatabaseTarget? = nil, notifications: NotificationCatalog = .empty,
        outboxConfiguration: OutboxRelay.Configuration = .fromEnvironment(), logger: Logger = Logger(label: "ocop"),
        documentMaxBytes: Int? = nil, reportPool: ConnectionPool? = nil, listening: ListenRoute = .pool
    ) {
        self.pool = pool
        self.listening = listening
        reportRouting = reportPool.map { ReportRouting(replica: $0, primary: pool, logger: logger) }
        self.store = store
        self.ocop = ocop
        self.ntm = ntm
        self.reports = reports
        // An unreadable OCOP_DOCUMENT_MAX_BYTES is refused by the commands that upload (`ocop serve` checks it at start).
        let limit = documentMaxBytes ?? (try? DocumentService.configuredMaxBytes()) ?? DocumentService.defaultMaxBytes
        documents = ocop.map { DocumentService(ocop: $0, maxBytes: limit) }
        workflows = WorkflowService(store: store, ocop: ocop)
        accounts = AccountService(pool: pool)
        reference = ReferenceService(pool: pool, ntm: ntm)
        database = DatabaseService(pool: pool, target: target, logger: logger)
        outbox = OutboxService(
            relay: OutboxRelay(pool: pool, store: store, templates: notifications, configuration: outboxConfiguration, logger: logger), pool: pool,
            listening: listening)
    }

    /// Opens the database named by `databaseURL` (or the environment, or the embedded cluster, started and migrated),
    /// registers `workflows/*.yaml`, and (with `domain`) loads the OCOP and NTM rules.
    ///
    /// `listenDatabaseURL` (else `OCOP_LISTEN_DATABASE_URL`; `off` to poll) is where LISTEN connects — a direct URL when
    /// `databaseURL` goes through PgBouncer in transaction mode; `reportDatabaseURL` (else `OCOP_REPORT_DATABASE_URL`) a
    /// streaming replica the district report reads from (see ``reportRead(_:)``).
    public static func open(
        databaseURL: String?, guards: @Sendable (URL) throws -> GuardRegistry, registerWorkflows: Bool = true, poolSize: Int = 2,
        migrate: Bool = true, domain: Bool = true, listenDatabaseURL: String? = nil, reportDatabaseURL: String? = nil, logger: Logger
    ) async throws(ServiceError) -> Services {
        try await ServiceError.translating {
            let target = try DatabaseTarget.resolve(option: databaseURL, logger: logger)
            let listening = ListenRoute.resolve(option: listenDatabaseURL)
            let reportURL = DatabaseTarget.secondary(option: reportDatabaseURL, variable: "OCOP_REPORT_DATABASE_URL")
            let folder = try ResourceLocator.workflowsDirectory()
            let guardRegistry = try guards(folder)
            // Read and hashed, not parsed: parsed only when they must be registered, or when a version is used.
            let files = registerWorkflows ? WorkflowFileSet.read(directory: folder, guards: guardRegistry) : nil
            let pool: ConnectionPool
            var known: WorkflowFileSet.Known?
            if migrate {
                let opened = try await openChecked(target: target, files: files, poolSize: poolSize, logger: logger)
                pool = opened.pool
                known = opened.known
            } else {
                // Without `migrate` (`ocop db status`), the database is only looked at, as its owner.
                let conninfo = try await blocking { try target.ownerConninfo() }
                pool = ConnectionPool(configuration: .init(conninfo: conninfo, size: poolSize), logger: logger)
            }
            do {
                let calendar = try WorkingCalendar.load(contentsOf: folder.appendingPathComponent("calendars/vn-holidays.yaml"))
                let store = WorkflowStore(pool: pool, guards: guardRegistry, calendar: calendar, logger: logger)
                if let files {
                    if known == nil { known = try await pool.withConnection { connection in try files.lookup(on: connection) } }
                    if let known { try await store.register(files, known: known) }
                }
                // A workflows/ folder without the OCOP or NTM data (a test's, a pilot's) runs without those services; so
                // does a command that needs none of them (`domain: false`: users, tokens, timers, the database, audit).
                let has = { (path: String) in domain && FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path) }
                let ocop = has("rulesets") && has("policies") ? try OCOPService.load(workflows: store, directory: folder) : nil
                let ntm = has("criteria") && has("ntm") ? try NTMService.load(workflows: store, directory: folder) : nil
                let reports =
                    has("criteria")
                    ? DistrictReportBuilder(workflows: store, criteria: try CriteriaCatalog.load(directory: folder.appendingPathComponent("criteria")))
                    : nil
                let notifications = try NotificationCatalog.load(directory: folder.appendingPathComponent("notifications"))
                let reportPool = reportURL.map {
                    ConnectionPool(configuration: .init(conninfo: $0, size: max(1, poolSize / 2), acquireTimeout: .seconds(10)), logger: logger)
                }
                return Services(
                    pool: pool, store: store, ocop: ocop, ntm: ntm, reports: reports, target: target, notifications: notifications, logger: logger,
                    reportPool: reportPool, listening: listening)
            } catch {
                pool.shutdown()
                throw error
            }
        }
    }

    /// The pool on the application's conninfo, after one query on its first connection (``StartupCheck``) found the
    /// schema current: the embedded database is migrated (as its owner, on a connection of its own) only when that
    /// query finds something pending or the application role missing; an external one out of date is refused.
    private static func openChecked(
        target: DatabaseTarget, files: WorkflowFileSet?, poolSize: Int, logger: Logger
    ) async throws -> (pool: ConnectionPool, known: WorkflowFileSet.Known) {
        let conninfo = try await blocking { try target.applicationConninfo() }
        let pool = ConnectionPool(configuration: .init(conninfo: conninfo, size: poolSize), logger: logger)
        do {
            let migrator = try Migrator(logger: logger)
            let check = { @Sendable () async throws -> StartupCheck in
                try await pool.withConnection { connection in try StartupCheck.run(migrator: migrator, files: files, on: connection) }
            }
            switch target {
            case .embedded:
                if let found = try? await check(), found.schemaIsCurrent { return (pool, found.workflows) }
                _ = try await blocking { try target.openMigrated(logger: logger) }
                let found = try await check()
                guard found.schemaIsCurrent else { throw StoreError(.schemaOutdated, subject: "\(found.schema?.current ?? 0)/\(migrator.latestVersion)") }
                return (pool, found.workflows)
            case .external:
                let found = try await check()
                guard found.schemaIsCurrent else {
                    let status = try await pool.withConnection { connection in try migrator.status(connection) }
                    throw StoreError(.schemaOutdated, subject: "\(status.current ?? 0)/\(status.latest)")
                }
                return (pool, found.workflows)
            }
        } catch {
            pool.shutdown()
            throw error
        }
    }

    /// Closes the database connections.
    public func close() {
        reportRouting?.replica.shutdown()
        pool.shutdown()
    }

    /// Cancels the queries running now (`PQcancel`), from any thread: a command interrupted by Ctrl-C or SIGTERM.
    public func cancelRunningQueries() {
        reportRouting?.replica.cancelAll()
        pool.cancelAll()
    }
}
