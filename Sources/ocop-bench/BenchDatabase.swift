import Foundation
import LibPQ
import Logging
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// The server a benchmark runs on: the one named by `--database-url`, or a throwaway cluster in a short /tmp
/// folder that is stopped and deleted at the end (and by a watchdog if this process dies first).
struct BenchDatabase {
    /// The conninfo of the benchmark database.
    let conninfo: String
    /// The throwaway cluster, when there is one (its `pgbench` is then the server's own).
    let cluster: LocalCluster?
    private let folder: String?

    /// Connects to `url`, or creates and starts a throwaway cluster; then brings the schema up to date.
    ///
    /// `durable` keeps PostgreSQL's defaults (fsync on, synchronous commit), the honest setting for figures.
    static func open(url: String?, durable: Bool, logger: Logger) throws -> BenchDatabase {
        let database: BenchDatabase
        if let url {
            database = BenchDatabase(conninfo: url, cluster: nil, folder: nil)
        } else {
            // Short path: a unix socket path must stay under ~107 bytes.
            let folder = "/tmp/ocop-bench-\(getpid())"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            var options = LocalCluster.Options()
            options.database = "bench"
            options.fastInit = true  // initdb's own files only; the server's settings decide the benchmark
            options.serverSettings = ["max_connections": "200"]
            if !durable {
                options.serverSettings.merge(["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"]) { $1 }
            }
            let cluster = try LocalCluster(root: "\(folder)/pg", options: options, logger: logger)
            try cluster.cleanUpAfterProcessExit(removing: folder)
            logger.info("starting a throwaway PostgreSQL", metadata: ["path": "\(folder)", "durable": "\(durable)"])
            database = BenchDatabase(conninfo: try cluster.start(), cluster: cluster, folder: folder)
        }
        let connection = try Connection(conninfo: database.conninfo, logger: logger)
        try Migrator(logger: logger).migrate(connection)
        return database
    }

    /// The pgbench program: the throwaway cluster's, else the newest one installed.
    func pgbenchPath() throws -> String {
        try (cluster?.binaries ?? PostgresBinaries.locate()).path("pgbench")
    }

    /// The server's version and the settings that decide commit cost, for the figures' caption.
    func describeServer() throws -> String {
        let connection = try Connection(conninfo: conninfo)
        let row = try connection.query(
            """
            SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync,
                   current_setting('synchronous_commit') AS sync, current_setting('shared_buffers') AS buffers
            """
        ).single()
        return "PostgreSQL \(try row.decode("version", as: String.self)), fsync=\(try row.decode("fsync", as: String.self)), "
            + "synchronous_commit=\(try row.decode("sync", as: String.self)), shared_buffers=\(try row.decode("buffers", as: String.self))"
    }

    /// Stops and deletes the throwaway cluster.
    func close() {
        guard let cluster, let folder else { return }
        cluster.stopImmediately()
        try? FileManager.default.removeItem(atPath: folder)
    }
}
