import Foundation
import LibPQ
import Logging
import Store

/// The PostgreSQL server of a test run: a throwaway cluster started once per process, or the server named by
/// `OCOP_TEST_DATABASE_URL`. Each test gets its own database, copied from a migrated template, so suites run
/// in parallel without seeing each other.
public final class TestServer: @unchecked Sendable {
    /// The server of this process, started on first use.
    public static let shared = TestServer()

    private let lock = NSLock()
    private var started: Result<Started, any Error>?
    private var counter = 0

    struct Started {
        let adminConninfo: String
        let templateName: String
        let prefix: String
        let cluster: LocalCluster?
        let root: String?
    }

    /// Creates a fresh database for one test, copied from the migrated template.
    public func makeDatabase(label: String = "t") throws -> TestDatabase {
        let started = try start()
        let name = lock.withLock {
            counter += 1
            return "\(started.prefix)_\(counter)"
        }
        let admin = try Connection(conninfo: started.adminConninfo)
        try admin.queryUnprepared("CREATE DATABASE \(identifier: name) TEMPLATE \(identifier: started.templateName)")
        let conninfo = try ConnectionString.replacingDatabase(in: started.adminConninfo, with: name)
        return TestDatabase(name: name, conninfo: conninfo, cluster: started.cluster)
    }

    /// Creates a fresh database on a separate thread, so that waiting for the server (the first call starts it)
    /// never blocks the concurrency pool that other tests run on.
    public func database() async throws -> TestDatabase {
        try await blocking { try self.makeDatabase() }
    }

    /// The throwaway cluster, when this run uses one (nil with `OCOP_TEST_DATABASE_URL`).
    public func cluster() throws -> LocalCluster? { try start().cluster }

    private func start() throws -> Started {
        try lock.withLock {
            if let started { return try started.get() }
            let result = Result { try launch() }
            started = result
            return try result.get()
        }
    }

    private func launch() throws -> Started {
        let environment = ProcessInfo.processInfo.environment
        let pid = getpid()
        if let url = environment["OCOP_TEST_DATABASE_URL"], !url.isEmpty {
            let started = Started(adminConninfo: url, templateName: "ocop_tpl_\(pid)", prefix: "ocop_t_\(pid)", cluster: nil, root: nil)
            try prepareTemplate(started)
            TestServerCleanup.register(started)
            return started
        }
        // Short path: a unix socket path must stay under ~107 bytes.
        let root = "/tmp/ocop-t-\(pid)-\(UInt16.random(in: 0...UInt16.max))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        var options = LocalCluster.Options()
        options.fastInit = true
        options.serverSettings = [
            "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "1000",
            // Statement counts for the tests that bound them (RegionReportTests); a database opts in with CREATE EXTENSION.
            "shared_preload_libraries": "pg_stat_statements", "pg_stat_statements.max": "50000",
            // 400+ tests run at once, each with its pool and often a CLI or a server: room for all of them.
        ]
        let cluster = try LocalCluster(root: "\(root)/pg", options: options, logger: Logger(label: "ocop.test.cluster"))
        let started = Started(
            adminConninfo: cluster.conninfo(database: "postgres"), templateName: "ocop_template", prefix: "t", cluster: cluster, root: root)
        TestServerCleanup.register(started)
        try cluster.start()
        try prepareTemplate(started)
        return started
    }

    private func prepareTemplate(_ started: Started) throws {
        let admin = try Connection(conninfo: started.adminConninfo)
        try admin.queryUnprepared("DROP DATABASE IF EXISTS \(identifier: started.templateName)")
        try admin.queryUnprepared("CREATE DATABASE \(identifier: started.templateName)")
        let template = try Connection(conninfo: try ConnectionString.replacingDatabase(in: started.adminConninfo, with: started.templateName))
        try Migrator().migrate(template)
        // The application's role, as on the embedded cluster: rows only, no DDL, no superuser.
        try ApplicationRole.name.grant(on: template, create: started.cluster != nil)
    }
}

/// One test's own database.
public struct TestDatabase: Sendable {
    /// The database name.
    public let name: String
    /// Its conninfo.
    public let conninfo: String
    /// The throwaway cluster it lives in, if any.
    public let cluster: LocalCluster?

    /// Its conninfo as the application's role (``ApplicationRole``), as the server and CLI connect to the embedded
    /// cluster; with an external test server given as a URL, the URL's own role.
    public var appConninfo: String {
        conninfo.hasPrefix("postgres") ? conninfo : conninfo + " user='\(ApplicationRole.name.role)'"
    }

    /// A new connection to it.
    public func connect() throws -> Connection { try Connection(conninfo: conninfo) }

    /// A pool on it.
    public func pool(size: Int = 4, acquireTimeout: Duration = .seconds(30)) -> ConnectionPool {
        ConnectionPool(configuration: .init(conninfo: conninfo, size: size, acquireTimeout: acquireTimeout))
    }
}
