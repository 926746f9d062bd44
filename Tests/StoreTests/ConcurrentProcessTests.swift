import Foundation
import LibPQ
import Store
import TestSupport
import Testing

/// Several OS processes firing on the same instances at once: the history stays gapless, the counts add up, every
/// idempotency key is used once, and the hash chain verifies.
@Suite("Workflow store under load from several processes")
struct ConcurrentProcessTests {
    /// `ocop-bench hammer`'s JSON line.
    struct Tally: Decodable {
        let succeeded: Int
        let rejected: Int
        let conflicts: Int
        let replayed: Int
        let duplicates: Int
        let by_instance: [String: Int]
    }

    static let processes = 8
    static let firesPerProcess = 1000
    static let instanceCount = 20

    @Test(.timeLimit(.minutes(5)))
    func eightProcessesFiringOnTwentySharedInstances() async throws {
        let database = try await TestServer.shared.database()
        let setup = try await BenchProcess.run(["setup", "--database-url", database.conninfo, "--instances", "\(Self.instanceCount)"])
        try #require(setup.status == 0, "setup failed: \(setup.errors)")
        let ids = try JSONDecoder().decode([String: [Int64]].self, from: Data(setup.output.utf8))["instances"] ?? []
        try #require(ids.count == Self.instanceCount)

        let started = ContinuousClock.now
        let runs = try await withThrowingTaskGroup(of: BenchProcess.Result.self) { group in
            for process in 1...Self.processes {
                group.addTask {
                    try await BenchProcess.run([
                        "hammer", "--database-url", database.conninfo, "--instances", ids.map(String.init).joined(separator: ","),
                        "--fires", "\(Self.firesPerProcess)", "--seed", "\(process)",
                    ])
                }
            }
            return try await group.reduce(into: [BenchProcess.Result]()) { $0.append($1) }
        }
        let elapsed = ContinuousClock.now - started
        print("\(Self.processes) × \(Self.firesPerProcess) fires on \(Self.instanceCount) instances: \(elapsed)")

        var tallies: [Tally] = []
        for run in runs {
            #expect(run.status == 0, "hammer failed: \(run.errors)")
            guard let line = run.output.split(separator: "\n").last else { continue }
            tallies.append(try JSONDecoder().decode(Tally.self, from: Data(line.utf8)))
        }
        try #require(tallies.count == Self.processes)
        let succeeded = tallies.map(\.succeeded).reduce(0, +)
        print(
            "succeeded \(succeeded), rejected \(tallies.map(\.rejected).reduce(0, +)), conflicts \(tallies.map(\.conflicts).reduce(0, +)), "
                + "replayed \(tallies.map(\.replayed).reduce(0, +))")
        #expect(tallies.allSatisfy { $0.duplicates == 0 })
        // Every kind of outcome happened, or the test proves less than it claims.
        #expect(succeeded > 0)
        #expect(tallies.map(\.rejected).reduce(0, +) > 0)
        #expect(tallies.map(\.conflicts).reduce(0, +) > 0)
        #expect(tallies.map(\.replayed).reduce(0, +) > 0)
        #expect(tallies.allSatisfy { $0.succeeded + $0.rejected + $0.conflicts >= Self.firesPerProcess })

        var successesByInstance: [Int64: Int] = [:]
        for tally in tallies {
            for (id, count) in tally.by_instance { successesByInstance[Int64(id)!, default: 0] += count }
        }
        // Read in the database, judged here: expectations belong on the test's own task.
        let (histories, keys) = try await blocking {
            let connection = try database.connect()
            let histories = try connection.query(
                """
                SELECT i.id, i.version, count(t.seq) AS n, min(t.seq) AS first, max(t.seq) AS last
                FROM workflow_instance i JOIN workflow_transition t ON t.instance_id = i.id
                GROUP BY i.id, i.version ORDER BY i.id
                """
            ).map { row in
                InstanceHistory(
                    id: try row.decode("id"), version: try row.decode("version"), rows: try row.decode("n"), first: try row.decode("first"),
                    last: try row.decode("last"))
            }
            let keys = try connection.query(
                """
                SELECT count(*) AS n, count(DISTINCT idempotency_key) AS distinct_keys,
                       (SELECT count(*) FROM workflow_transition WHERE event <> 'create') AS fired
                FROM workflow_transition WHERE idempotency_key IS NOT NULL
                """
            ).single()
            let counts = [try keys.decode("n", as: Int.self), try keys.decode("distinct_keys", as: Int.self), try keys.decode("fired", as: Int.self)]
            return (histories, counts)
        }
        #expect(histories.count == Self.instanceCount)
        for history in histories {
            // (instance_id, seq) is the primary key, so 1…n with n rows means no gap and no duplicate.
            #expect(
                history.first == 1 && history.last == history.rows,
                "instance \(history.id): seq \(history.first)…\(history.last), \(history.rows) rows")
            #expect(history.version == history.rows, "instance \(history.id): version \(history.version), \(history.rows) rows")
            #expect(history.version == 1 + successesByInstance[history.id, default: 0], "instance \(history.id)")
        }
        #expect(succeeded == histories.map(\.rows).reduce(0, +) - Self.instanceCount)
        #expect(keys[0] == keys[1], "an idempotency key appears twice")
        #expect(keys[0] == keys[2] && keys[0] == succeeded, "every fired row carries its request's key")
        let store = WorkflowStore(pool: database.pool(size: 1))
        defer { store.pool.shutdown() }
        let report = try await store.verifyAudit()
        #expect(report.findings.isEmpty, "\(report.findings.prefix(5))")
        #expect(report.rows == succeeded + Self.instanceCount)
    }

    struct InstanceHistory: Sendable {
        let id: Int64
        let version: Int
        let rows: Int
        let first: Int
        let last: Int
    }
}
