import Foundation
import LibPQ
import Logging
import Workflow

/// The database as officers and operators see it: where it lives, its server and schema, readiness.
public struct DatabaseService: Sendable {
    let pool: ConnectionPool
    let target: DatabaseTarget?
    let logger: Logger

    /// What `ocop db status` and `/readyz` report.
    public struct Status: Sendable {
        public var embedded: Bool
        /// Where the settings came from (`--database-url`, `OCOP_DATABASE_URL`…), for an external server.
        public var source: String?
        public var root: String?
        public var storage: String?
        public var running: Bool?
        public var pid: Int32?
        public var socketDirectory: String?
        public var serviceUser: String?
        public var serverVersion: String
        public var database: String
        public var user: String
        public var superuser: Bool
        public var schema: Migrator.Status
    }

    /// The database's server, schema and the role the application runs as.
    public func status() async throws(ServiceError) -> Status {
        let target = target
        let logger = logger
        return try await ServiceError.translating {
            try await pool.withConnection { connection in
                let row = try connection.query(
                    """
                    SELECT current_setting('server_version') AS version, current_database() AS db, current_user AS usr,
                           (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser
                    """
                ).single()
                var status = Status(
                    embedded: false, serverVersion: try row.decode("version"), database: try row.decode("db"), user: try row.decode("usr"),
                    superuser: try row.decode("superuser", as: Bool?.self) ?? false, schema: try Migrator(logger: logger).status(connection))
                switch target {
                case .embedded(let cluster):
                    let state = cluster.status()
                    status.embedded = true
                    status.root = state.root
                    status.storage = state.storage
                    status.running = state.running
                    status.pid = state.pid
                    status.serviceUser = state.serviceUser
                    status.socketDirectory = cluster.socketDirectory
                case .external(_, let source):
                    status.source = source
                case nil:
                    break
                }
                return status
            }
        }
    }

    /// The schema version applied, for readiness (a failure is `unavailable`).
    public func schemaVersion() async throws(ServiceError) -> Int {
        try await ServiceError.translating {
            try await pool.withConnection { connection in
                try connection.query("SELECT coalesce(max(version), 0) AS v FROM ocop_schema_migration").single().decode("v", as: Int.self)
            }
        }
    }

    /// Where the database is, for logs (never a password).
    public var describe: String { target?.describe ?? "pool" }

    /// The latest schema version this build ships.
    public static func latestMigration() throws(ServiceError) -> Int {
        try ServiceError.translating { try Migrator().latestVersion }
    }

    /// Connections in use, callers waiting, and the pool's size (for metrics).
    public var poolUsage: (inUse: Int, waiting: Int, size: Int) {
        let statistics = pool.statistics
        return (statistics.inUse, statistics.waiting, statistics.size)
    }

    // MARK: - Without a running application

    /// Applies pending migrations as the owner (`--database-url` or the embedded superuser) and grants the
    /// application role; returns the versions applied and the latest.
    public static func migrate(databaseURL: String?, logger: Logger) async throws(ServiceError) -> (applied: [Int], latest: Int, names: [Int: String]) {
        try await ServiceError.translating {
            try await blocking {
                let target = try DatabaseTarget.resolve(option: databaseURL, logger: logger)
                let connection = try Connection(conninfo: try target.ownerConninfo(), logger: logger)
                let migrator = try Migrator(logger: logger)
                let applied = try migrator.migrate(connection)
                if case .embedded = target {
                    try ApplicationRole.name.grant(on: connection, create: true)
                } else {
                    try ApplicationRole.name.grant(on: connection, create: false)
                }
                return (applied, migrator.latestVersion, Dictionary(uniqueKeysWithValues: migrator.migrations.map { ($0.version, $0.name) }))
            }
        }
    }

    /// Starts the embedded cluster (creating it if needed); an external database is a bad-input error.
    public static func startEmbedded(databaseURL: String?, logger: Logger) async throws(ServiceError) -> String {
        let cluster = try embedded(databaseURL: databaseURL, logger: logger, verb: Bilingual(vi: "khởi động", en: "starts"))
        return try await ServiceError.translating { try await blocking { try cluster.start() } }
    }

    /// Stops the embedded cluster; returns whether it was running.
    public static func stopEmbedded(databaseURL: String?, logger: Logger) async throws(ServiceError) -> Bool {
        let cluster = try embedded(databaseURL: databaseURL, logger: logger, verb: Bilingual(vi: "dừng", en: "stops"))
        return try await ServiceError.translating {
            try await blocking {
                let wasRunning = cluster.status().running
                try cluster.stop()
                return wasRunning
            }
        }
    }

    private static func embedded(databaseURL: String?, logger: Logger, verb: Bilingual) throws(ServiceError) -> LocalCluster {
        guard case .embedded(let cluster) = try DatabaseTarget.resolve(option: databaseURL, logger: logger) else {
            throw ServiceError.badInput(
                vi: "đang dùng cơ sở dữ liệu bên ngoài; ocop chỉ \(verb.vi) PostgreSQL nhúng",
                en: "an external database is configured; ocop \(verb.en) only its embedded PostgreSQL")
        }
        return cluster
    }
}
