import ArgumentParser
import Foundation
import LibPQ
import Store

/// `ocop-bench timers`: schedules due timers and lets several workers fire them, printing fires per second.
struct TimersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timers",
        abstract: "Hẹn giờ đến hạn/giây — due timers fired per second by concurrent workers."
    )

    @Option(help: "Due timers to schedule (one instance each).")
    var timers = 2000

    @Option(help: "Concurrent timer workers, each with its own store and connection.")
    var workers = 2

    @Option(name: .customLong("database-url"), help: "libpq conninfo or URL; default: a throwaway cluster.")
    var databaseURL: String?

    @Flag(name: .customLong("unsafe-fast"), help: "Throwaway cluster with fsync, synchronous_commit and full_page_writes off.")
    var unsafeFast = false

    mutating func run() async throws {
        let logger = Bench.bootstrapLogging(verbose: false)
        let (url, durable) = (databaseURL, !unsafeFast)
        let database = try await blocking { try BenchDatabase.open(url: url, durable: durable, logger: logger) }
        defer { database.close() }
        let setupPool = ConnectionPool(configuration: .init(conninfo: database.conninfo, size: 1))
        let setup = WorkflowStore(pool: setupPool)
        try await setup.register(yaml: BenchWorkflow.timerYAML, path: "ocop-bench/bench_timer.yaml")
        let scheduledAt = Date()
        _ = try await BenchInstances.create(timers, workflow: BenchWorkflow.timerName, store: setup, now: scheduledAt)
        setupPool.shutdown()

        // Every timer is due an hour after scheduling; the workers run "two hours later".
        let now = scheduledAt.addingTimeInterval(7200)
        let conninfo = database.conninfo
        let start = ContinuousClock.now
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    let pool = ConnectionPool(configuration: .init(conninfo: conninfo, size: 1))
                    defer { pool.shutdown() }
                    let store = WorkflowStore(pool: pool)
                    var fired = 0
                    while true {
                        let batch = try await store.runDueTimers(now: now, limit: 100)
                        if batch.isEmpty { return fired }
                        fired += batch.filter { $0.result != nil }.count
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let seconds = (ContinuousClock.now - start).seconds
        let total = counts.reduce(0, +)
        print(try await blocking { try database.describeServer() })
        print(String(format: "timers: %d fired by %d workers (%@) in %.2f s: %.0f fires/s", total, workers,
                     counts.map(String.init).joined(separator: " + "), seconds, Double(total) / seconds))
        if total != timers { throw BenchError("\(timers) timers were due but \(total) fired") }
    }
}
