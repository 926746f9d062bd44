import AdminServer
import Foundation
import Hummingbird
import HummingbirdTesting
import LibPQ
import Logging
import Store
import Testing

/// `ocop serve --anchor-every`: the server appends signed checkpoints on its schedule, through the audit service.
@Suite("Server: scheduled audit anchoring")
struct AnchorScheduleTests {
    @Test func theServerAnchorsOnItsScheduleAndTheCheckpointsVerify() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        let folder = NSTemporaryDirectory() + "ocop-anchor-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let key = folder + "/audit.key"
        let file = folder + "/anchors.jsonl"
        _ = try AuditService.makeKey(at: key)
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, runsTimers: false, runsOutbox: false)
        configuration.anchoring = AnchorSchedule(every: .milliseconds(200), file: file, key: key)
        let services = Services(pool: fixture.pool, store: fixture.store)
        let app = AdminServer.application(
            dependencies: ServerDependencies(services: services, now: { Date() }), configuration: configuration,
            latestMigration: (try? Migrator().latestVersion) ?? 0, logger: Logger(label: "ocop.test.server"))
        let lines = try await app.test(.live) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            var lines: [String] = []
            for _ in 0..<100 where lines.count < 2 {
                try await Task.sleep(for: .milliseconds(100))
                lines = ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            }
            return lines
        }
        #expect(lines.count >= 2)
        let first = try AuditCheckpoint.parse(lines[0])
        #expect(first.number == 1 && first.chains == 2 && first.heads.map(\.instanceID) == [fixture.instanceA, fixture.instanceB])
        #expect(try AuditCheckpoint.parse(lines[1]).heads.isEmpty)
        let report = try await services.audit.verify(anchorFile: file, publicKeyFile: key + ".pub")
        #expect(report.findings.isEmpty && report.checkpoints >= 2, "\(report.findings)")
    }
}
