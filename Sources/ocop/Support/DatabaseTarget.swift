import Foundation
import LibPQ
import Logging
import Store

/// Which PostgreSQL a command uses, and how it was chosen.
enum DatabaseTarget {
    /// A server the user named; `source` says where (`--database-url`, `OCOP_DATABASE_URL`, …).
    case external(conninfo: String, source: String)
    /// ocop's own cluster.
    case embedded(LocalCluster)

    /// libpq's connection variables: any of them set means the user has a server in mind.
    static let libpqVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE", "PGSERVICEFILE"]

    /// `--database-url`, then OCOP_DATABASE_URL, then DATABASE_URL, then PG* variables (an empty conninfo, so
    /// libpq reads them as psql does), else the embedded cluster.
    static func resolve(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger
    ) throws -> DatabaseTarget {
        if let option, !option.isEmpty { return .external(conninfo: option, source: "--database-url") }
        for name in ["OCOP_DATABASE_URL", "DATABASE_URL"] {
            if let value = environment[name], !value.isEmpty { return .external(conninfo: value, source: name) }
        }
        let present = libpqVariables.filter { !(environment[$0] ?? "").isEmpty }
        if !present.isEmpty { return .external(conninfo: "", source: present.joined(separator: ", ")) }
        return .embedded(try LocalCluster(root: LocalCluster.defaultRoot(environment: environment), logger: logger))
    }

    /// The conninfo to use, starting the embedded cluster when needed.
    func connect() throws -> String {
        switch self {
        case .external(let conninfo, _): return conninfo
        case .embedded(let cluster): return try cluster.start()
        }
    }

    /// Connects and brings the schema up to date: the embedded database always, an external one only when asked
    /// (`ocop db migrate`); otherwise an outdated external schema is an error that says what to run.
    func openMigrated(logger: Logger) throws -> String {
        let conninfo = try connect()
        let connection = try Connection(conninfo: conninfo, logger: logger)
        let migrator = try Migrator(logger: logger)
        if case .embedded = self {
            try migrator.migrate(connection)
        } else {
            let status = try migrator.status(connection)
            if !status.pending.isEmpty {
                throw StoreError(.schemaOutdated, subject: "\(status.current ?? 0)/\(status.latest)")
            }
        }
        return conninfo
    }
}
