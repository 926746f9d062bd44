import Foundation
import LibPQ
import TestSupport
import Testing

/// `ocop db …` run as a user would, against a fresh HOME each time.
@Suite("ocop db")
struct DatabaseCommandTests {
    let runner = CommandRunner()

    /// A fresh, empty HOME; removes it and the cluster it gets (which may live under /var/lib/ocop under root).
    final class Home: @unchecked Sendable {
        let path: String
        var storage: String?

        init() throws {
            path = "/tmp/ocop-home-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }

        /// Stops the cluster and removes its folders before the test returns.
        func cleanUpNow(_ runner: CommandRunner) {
            runner.runBlocking(["db", "stop"], environment: ["HOME": path, "XDG_DATA_HOME": ""])
            if let storage { try? FileManager.default.removeItem(atPath: storage) }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func statusCreatesStartsReusesAndStopStops() async throws {
        let home = try Home()
        let environment = ["HOME": home.path, "XDG_DATA_HOME": ""]
        let first = try await runner.run(["db", "status", "--json"], environment: environment)
        let report = try json(first.output)
        home.storage = report["storage"] as? String
        defer { home.cleanUpNow(runner) }
        #expect(first.status == 0, "\(first.errors)")
        #expect(report["kind"] as? String == "embedded")
        #expect(report["root"] as? String == "\(home.path)/.local/share/ocop/pg")
        #expect(report["running"] as? Bool == true)
        #expect((report["serverVersion"] as? String)?.isEmpty == false)
        let pid = try #require(report["pid"] as? Int)

        // The default, Vietnamese, readable form; the second call reuses the same server.
        let second = try await runner.run(["db", "status"], environment: environment)
        #expect(second.status == 0)
        #expect(second.output.contains("PostgreSQL nhúng"))
        #expect(second.output.contains("đang chạy, PID \(pid)"))
        #expect(second.output.contains("Lược đồ"))

        let english = try await runner.run(["db", "status", "--lang", "en"], environment: environment)
        #expect(english.output.contains("embedded PostgreSQL"))

        let migrated = try await runner.run(["db", "migrate"], environment: environment)
        #expect(migrated.status == 0)
        #expect(migrated.output.contains("0001_foundation"))
        let again = try await runner.run(["db", "migrate", "--lang", "en"], environment: environment)
        #expect(again.output.contains("up to date"))

        let stopped = try await runner.run(["db", "stop"], environment: environment)
        #expect(stopped.status == 0)
        #expect(stopped.output.contains("Đã dừng"))
        #expect(!LocalCluster.isProcessAlive(Int32(pid)))
        let stoppedAgain = try await runner.run(["db", "stop", "--lang", "en"], environment: environment)
        #expect(stoppedAgain.output.contains("Not running"))
    }

    @Test func libpqVariablesSelectAnExistingServer() async throws {
        let database = try await TestServer.shared.database()
        let options = try ConnectionString.parse(database.conninfo)
        let environment = [
            "HOME": "/nonexistent-home", "PGHOST": options["host"] ?? "", "PGPORT": options["port"] ?? "5432",
            "PGUSER": options["user"] ?? "", "PGDATABASE": database.name,
        ]
        let result = try await runner.run(["db", "status", "--json"], environment: environment)
        #expect(result.status == 0, "\(result.errors)")
        let report = try json(result.output)
        #expect(report["kind"] as? String == "external")
        #expect(report["database"] as? String == database.name)
        #expect((report["source"] as? String)?.contains("PGHOST") == true)
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-home"))
    }

    @Test func databaseURLOptionWins() async throws {
        let database = try await TestServer.shared.database()
        let result = try await runner.run(
            ["db", "status", "--database-url", database.conninfo, "--json"], environment: ["PGHOST": "/nowhere", "HOME": "/nonexistent-home"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(try json(result.output)["source"] as? String == "--database-url")
    }

    @Test func anUnreachableServerIsAClearErrorWithItsOwnExitCode() async throws {
        let result = try await runner.run(["db", "status", "--database-url", "host=/nonexistent-socket-dir dbname=x connect_timeout=2"])
        #expect(result.status == 7)
        #expect(result.errors.contains("không kết nối được cơ sở dữ liệu"))
        let english = try await runner.run(["db", "status", "--lang", "en", "--database-url", "host=/nonexistent-socket-dir dbname=x"])
        #expect(english.errors.contains("cannot reach the database"))
    }

    @Test func anOutdatedExternalSchemaSaysWhatToRun() async throws {
        let database = try await TestServer.shared.database()
        try database.connect().executeScript("DELETE FROM ocop_schema_migration")
        let status = try await runner.run(["db", "status", "--database-url", database.conninfo])
        #expect(status.output.contains("ocop db migrate"))
        let stop = try await runner.run(["db", "stop", "--database-url", database.conninfo])
        #expect(stop.status != 0)
        #expect(stop.errors.contains("PostgreSQL nhúng"))
    }
}
