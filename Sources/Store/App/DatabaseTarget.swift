import Foundation
import LibPQ
import Logging

/// Which PostgreSQL ocop uses, and how it was chosen.
public enum DatabaseTarget: Sendable {
    /// A server the user named; `source` says where (`--database-url`, `OCOP_DATABASE_URL`, …).
    case external(conninfo: String, source: String)
    /// ocop's own cluster.
    case embedded(LocalCluster)

    /// libpq's connection variables: any of them set means the user has a server in mind.
    static let libpqVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE", "PGSERVICEFILE"]

    /// `--database-url`, then OCOP_DATABASE_URL, then DATABASE_URL, then PG* variables (an empty conninfo, so
    /// libpq reads them as psql does), else the embedded cluster.
    public static func resolve(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger
    ) throws(ServiceError) -> DatabaseTarget {
        if let option, !option.isEmpty { return .external(conninfo: option, source: "--database-url") }
        for name in ["OCOP_DATABASE_URL", "DATABASE_URL"] {
            if let value = environment[name], !value.isEmpty { return .external(conninfo: value, source: name) }
        }
        let present = libpqVariables.filter { !(environment[$0] ?? "").isEmpty }
        if !present.isEmpty { return .external(conninfo: "", source: present.joined(separator: ", ")) }
        return try ServiceError.translating {
            .embedded(try LocalCluster(root: LocalCluster.defaultRoot(environment: environment), logger: logger))
        }
    }

    /// The owner's conninfo (the embedded cluster's superuser, or what the user gave), starting the embedded cluster.
    func ownerConninfo() throws -> String {
        switch self {
        case .external(let conninfo, _): return conninfo
        case .embedded(let cluster): return try cluster.start()
        }
    }

    /// The conninfo the application runs with (the embedded cluster started, as ``ApplicationRole``), without
    /// connecting: the caller checks the schema on its own first connection.
    func applicationConninfo() throws -> String {
        switch self {
        case .external(let conninfo, _): return conninfo
        case .embedded(let cluster): return try cluster.start() + " user='\(ApplicationRole.name.role)'"
        }
    }

    /// Connects and brings the schema up to date — the embedded database always, an external one only when asked
    /// (`ocop db migrate`) — and returns the conninfo the application runs with.
    ///
    /// On the embedded cluster the migrations run as the owner and the application connects as ``ApplicationRole``,
    /// which can read and write rows but not change the schema, disable triggers, or act as a superuser. On an
    /// external server the application uses the conninfo it was given (the README says how to make it such a role).
    func openMigrated(logger: Logger) throws -> String {
        let conninfo = try ownerConninfo()
        let connection = try Connection(conninfo: conninfo, logger: logger)
        let migrator = try Migrator(logger: logger)
        switch self {
        case .embedded:
            // Grants follow the schema: after a migration, or when the role is new (not on every command).
            let applied = try migrator.migrate(connection)
            if try !applied.isEmpty || !ApplicationRole.name.exists(on: connection) {
                try ApplicationRole.name.grant(on: connection, create: true)
            }
            return conninfo + " user='\(ApplicationRole.name.role)'"
        case .external:
            let status = try migrator.status(connection)
            if !status.pending.isEmpty {
                throw StoreError(.schemaOutdated, subject: "\(status.current ?? 0)/\(status.latest)")
            }
            return conninfo
        }
    }

    /// A short description for logs (never a password).
    public var describe: String {
        switch self {
        case .embedded(let cluster): return "embedded \(cluster.root)"
        case .external(_, let source): return "external (\(source))"
        }
    }
}

/// The database role the server and the CLI run as: rows only — no DDL, no `ALTER TABLE … DISABLE TRIGGER`, no
/// superuser — so the append-only history's triggers hold against the application itself.
public struct ApplicationRole: Sendable {
    /// The role's name (`OCOP_APP_ROLE`, default `ocop_app`).
    public let role: String

    /// The role of this process.
    public static let name = ApplicationRole(role: ProcessInfo.processInfo.environment["OCOP_APP_ROLE"].flatMap { $0.isEmpty ? nil : $0 } ?? "ocop_app")

    /// Whether the role exists in the cluster.
    func exists(on connection: Connection) throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \(role)) AS present").single().decode("present", as: Bool.self)
    }

    /// Grants the role what it needs on every table, sequence and function of the schema (and, with `create`, makes
    /// it when missing — which needs CREATEROLE). Run by the owner after each migration; idempotent.
    ///
    /// The migration table is read-only to it; history tables are protected by their triggers, which only the owner
    /// could disable.
    public func grant(on connection: Connection, create: Bool) throws {
        if try !exists(on: connection) {
            guard create else { return }
            try connection.queryUnprepared("CREATE ROLE \(identifier: role) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
        }
        let database = try connection.query("SELECT current_database() AS db").single().decode("db", as: String.self)
        try connection.queryUnprepared("GRANT CONNECT, TEMPORARY ON DATABASE \(identifier: database) TO \(identifier: role)")
        try connection.queryUnprepared("GRANT USAGE ON SCHEMA public TO \(identifier: role)")
        try connection.queryUnprepared("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(identifier: role)")
        try connection.queryUnprepared("REVOKE INSERT, UPDATE, DELETE ON ocop_schema_migration FROM \(identifier: role)")
        try connection.queryUnprepared("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO \(identifier: role)")
        try connection.queryUnprepared("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO \(identifier: role)")
    }
}
