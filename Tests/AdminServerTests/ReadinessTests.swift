import AdminServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LibPQ
import Logging
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Admin API: readiness follows the database")
struct ReadinessTests {
    /// A cluster of its own, since this test stops and starts the server.
    @Test func readyzTurns503WhileTheDatabaseIsDownAndRecovers() async throws {
        let root = "/tmp/ocop-rz-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        var options = LocalCluster.Options()
        options.fastInit = true
        options.serverSettings = ["fsync": "off"]
        let cluster = try LocalCluster(root: "\(root)/pg", options: options)
        try cluster.cleanUpAfterProcessExit(removing: root)
        defer {
            cluster.stopImmediately()
            try? FileManager.default.removeItem(atPath: root)
        }
        let conninfo = try await blocking { try cluster.start() }
        try await blocking { try Migrator().migrate(try Connection(conninfo: conninfo)) }
        let pool = ConnectionPool(configuration: .init(conninfo: conninfo, size: 2, acquireTimeout: .seconds(5)))
        defer { pool.shutdown() }
        let app = AdminServer.application(
            dependencies: ServerDependencies(services: Services(pool: pool, store: WorkflowStore(pool: pool))),
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, runsTimers: false, runsOutbox: false),
            latestMigration: try Migrator().latestVersion, logger: Logger(label: "ocop.test.readyz"))
        try await app.test(.live) { client in
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            try await blocking { try cluster.stop() }
            let down = try await client.execute(uri: "/readyz", method: .get)
            #expect(down.status == .serviceUnavailable)
            #expect(down.headers[.retryAfter] == "5")
            #expect(down.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            try await blocking { _ = try cluster.start() }
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
        }
    }
}
