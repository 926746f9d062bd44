import Foundation
import TestSupport
import Testing

/// `ocop workflow …` run as a user would.
@Suite("ocop workflow")
struct WorkflowCommandTests {
    /// libpq variables that point nowhere: a command that tried to connect would fail.
    static let noDatabase = [
        "PGHOST": "/nonexistent-socket-dir", "PGPORT": "1", "PGDATABASE": "nowhere", "PGUSER": "nobody", "PGCONNECT_TIMEOUT": "1",
    ]

    @Test func validateReportsEveryErrorWithFileLineColumnWithoutADatabase() async throws {
        let cli = try CLIFixture()
        let broken = cli.home.appendingPathComponent("workflows/broken.yaml")
        try """
        workflow: broken
        version: "1"
        roles: [CT]
        initial: DRAFT
        states:
          DRAFT: { vi: Bản nháp, en: Draft }
          DONE: { vi: Xong, en: Done, final: true }
        events:
          - name: finish
            from: DRAFT
            to: NOWHERE
            roles: [CT]
        """.write(to: broken, atomically: true, encoding: .utf8)
        let result = try await cli.run(["workflow", "validate"], environment: Self.noDatabase)
        #expect(result.status == 6)
        let lines = result.errors.split(separator: "\n").map(String.init)
        let unknown = try #require(lines.first { $0.contains("[unknownState]") })
        #expect(unknown.range(of: #"broken\.yaml:11:\d+: lỗi: .*NOWHERE"#, options: .regularExpression) != nil, "\(unknown)")
        #expect(lines.last?.contains("lỗi trong 1 tệp") == true)

        let english = try await cli.run(["workflow", "validate", broken.path, "--lang", "en"], environment: Self.noDatabase)
        #expect(english.status == 6)
        #expect(english.errors.contains("broken.yaml:11:"))
        #expect(english.errors.contains(": error: "))

        try FileManager.default.removeItem(at: broken)
        let clean = try await cli.run(["workflow", "validate"], environment: Self.noDatabase)
        #expect(clean.status == 0, "\(clean.errors)")
        #expect(clean.output.contains("Hợp lệ: 1 tệp — review (4 trạng thái, 4 sự kiện)"))
    }

    @Test func graphShowAndListWithoutAndWithADatabase() async throws {
        let cli = try CLIFixture()
        let mermaid = try await cli.run(["workflow", "graph", "review"], environment: Self.noDatabase)
        #expect(mermaid.status == 0, "\(mermaid.errors)")
        #expect(mermaid.output.hasPrefix("stateDiagram-v2"))
        for state in ["DRAFT", "SUBMITTED", "APPROVED", "EXPIRED", "\"Được chấp thuận\""] { #expect(mermaid.output.contains(state)) }
        let dot = try await cli.run(["workflow", "graph", "review", "--format", "dot"], environment: Self.noDatabase)
        #expect(dot.output.contains("digraph \"review\""))
        let missing = try await cli.run(["workflow", "graph", "nope"], environment: Self.noDatabase)
        #expect(missing.status == 3)
        #expect(missing.errors.contains("có: review"))

        let show = try await cli.run(["workflow", "show", "review"], environment: Self.noDatabase)
        #expect(show.status == 0)
        #expect(show.output.contains("SUBMITTED  Đã nộp"))
        #expect(show.output.contains("number_at_least(field: input.score"))
        #expect(show.output.contains("sau 10 ngày"))

        let database = try await TestServer.shared.database()
        let connected = try CLIFixture(databaseURL: database.conninfo)
        let list = try #require(try await connected.json(["workflow", "list"]) as? [String: Any])
        let versions = try #require(list["versions"] as? [[String: Any]])
        #expect(versions.first?["name"] as? String == "review")
        #expect(versions.first?["current"] as? Bool == true)
        #expect((list["workflows"] as? [[String: Any]])?.first?["states"] as? Int == 4)
    }

    @Test func diffAndMigrateToARenamedState() async throws {
        let cli = try await CLIFixture.make()
        try await cli.addStaff()
        let id = try await cli.startReview()
        try await cli.ok(["fire", "\(id)", "submit", "--as", "lan"])
        let original = try String(contentsOf: cli.home.appendingPathComponent("workflows/review.yaml"), encoding: .utf8)
        let renamed = cli.home.appendingPathComponent("review-2.yaml")
        try original.replacingOccurrences(of: "SUBMITTED", with: "LODGED").replacingOccurrences(of: "test-1", with: "test-2")
            .write(to: renamed, atomically: true, encoding: .utf8)

        let diff = try await cli.ok(["workflow", "diff", "1", renamed.path])
        #expect(diff.contains("SUBMITTED (1 hồ sơ đang ở)"))
        #expect(diff.contains("SUBMITTED → LODGED"))
        let list = try #require(try await cli.json(["workflow", "list"]) as? [String: Any])
        let stored = try #require((list["versions"] as? [[String: Any]])?.first { $0["version"] as? String == "test-2" })
        let target = try #require(stored["id"] as? Int)
        #expect(stored["current"] as? Bool == false)
        let refused = try await cli.run(["workflow", "migrate", "--from", "1", "--to", "\(target)"])
        #expect(refused.status == 6)
        #expect(refused.output.contains("--map SUBMITTED=…"))
        let dryRun = try await cli.ok(["workflow", "migrate", "--from", "1", "--to", "\(target)", "--map", "SUBMITTED=LODGED"])
        #expect(dryRun.contains("Chạy thử: 1 hồ sơ"))
        #expect(try await cli.history(id).count == 2)
        // The target may also be given as the file itself.
        try await cli.ok(["workflow", "migrate", "--from", "1", "--to", renamed.path, "--map", "SUBMITTED=LODGED", "--apply", "--as", "admin"])
        let rows = try await cli.history(id)
        #expect(rows.last?["event"] as? String == "migrate_definition")
        #expect(rows.last?["to"] as? String == "LODGED")
    }
}
