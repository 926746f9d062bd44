import Foundation
import TestSupport
import Testing

/// One test's world: a fresh database, and a temporary `OCOP_HOME` holding `sql/` (a link to the repository's),
/// `workflows/review.yaml` (the store tests' small workflow), the holiday calendar and the rule sets.
final class CLIFixture: @unchecked Sendable {
    /// The repository root, found from this file.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let home: URL
    let databaseURL: String
    let runner = CommandRunner()

    /// A fresh database and OCOP_HOME.
    static func make() async throws -> CLIFixture {
        let database = try await TestServer.shared.database()
        return try CLIFixture(databaseURL: database.appConninfo)
    }

    /// An OCOP_HOME only (no database), for commands that need none.
    init(databaseURL: String = "") throws {
        self.databaseURL = databaseURL
        home = URL(fileURLWithPath: "/tmp/ocop-cli-\(UInt32.random(in: 0...UInt32.max))")
        let files = FileManager.default
        let workflows = home.appendingPathComponent("workflows")
        try files.createDirectory(at: workflows.appendingPathComponent("calendars"), withIntermediateDirectories: true)
        try files.createSymbolicLink(at: home.appendingPathComponent("sql"), withDestinationURL: Self.repository.appendingPathComponent("sql"))
        try files.createSymbolicLink(
            at: workflows.appendingPathComponent("rulesets"), withDestinationURL: Self.repository.appendingPathComponent("workflows/rulesets"))
        try files.copyItem(
            at: Self.repository.appendingPathComponent("Tests/StoreTests/Fixtures/review.yaml"), to: workflows.appendingPathComponent("review.yaml"))
        try files.copyItem(
            at: Self.repository.appendingPathComponent("workflows/calendars/vn-holidays.yaml"),
            to: workflows.appendingPathComponent("calendars/vn-holidays.yaml"))
    }

    deinit { try? FileManager.default.removeItem(at: home) }

    /// The environment every run gets: this OCOP_HOME, and a HOME where no embedded cluster exists.
    var environment: [String: String] { ["OCOP_HOME": home.path, "HOME": home.appendingPathComponent("user").path, "XDG_DATA_HOME": ""] }

    /// Runs `ocop arguments… --database-url <this test's database>`.
    func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> CommandRunner.Result {
        let database = databaseURL.isEmpty ? [] : ["--database-url", databaseURL]
        return try await runner.run(arguments + database, environment: environment.merging(extra) { $1 })
    }

    /// Runs and expects success; returns standard output.
    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await run(arguments)
        #expect(result.status == 0, "ocop \(arguments.joined(separator: " ")) → \(result.status): \(result.errors)", sourceLocation: sourceLocation)
        return result.output
    }

    /// Runs with `--json` and parses the output.
    func json(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> Any {
        let output = try await ok(arguments + ["--json"], sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(output.utf8))
    }

    /// Users `admin` (ADMIN), `lan` (HUYEN in 760, VPDPT) and `binh` (CT).
    func addStaff() async throws {
        try await ok(["user", "add", "admin", "--name", "Quản trị"])
        try await ok(["user", "grant", "admin", "ADMIN", "--by", "admin"])
        try await ok(["user", "add", "lan", "--name", "Nguyễn Thị Lan"])
        try await ok(["user", "grant", "lan", "HUYEN", "--unit", "760", "--by", "admin"])
        try await ok(["user", "grant", "lan", "VPDPT", "--by", "admin"])
        try await ok(["user", "add", "binh", "--name", "Trần Văn Bình"])
        try await ok(["user", "grant", "binh", "CT", "--subject", "cs-01", "--by", "admin"])
    }

    /// Starts a review instance as lan and returns its id.
    func startReview(_ extra: [String] = []) async throws -> Int {
        let scope = (extra.contains("--unit") ? [] : ["--unit", "760"]) + (extra.contains("--subject") ? [] : ["--subject", "cs-01"])
        let object = try await json(["start", "review", "--as", "lan", "--role", "HUYEN"] + scope + extra) as? [String: Any]
        return try #require(object?["id"] as? Int)
    }

    /// The instance's history rows.
    func history(_ id: Int) async throws -> [[String: Any]] {
        let rows = try await json(["history", "\(id)", "--as", "lan"])
        return try #require(rows as? [[String: Any]])
    }
}
