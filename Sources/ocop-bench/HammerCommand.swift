import ArgumentParser
import Foundation
import LibPQ
import Store
import Workflow

#if canImport(Glibc)
    import Glibc
#endif

/// `ocop-bench hammer`: fires events on shared instances from one process, for the concurrency tests.
///
/// Two workers on a pool of two connections fire `--fires` events in all, each with the unique idempotency key
/// `"<pid>-<i>"`. Most fire `step` (always valid); some fire `reset` blind (refused from A); some send the version
/// they last saw (a conflict if another process moved the instance since); some are sent twice with the same key.
struct HammerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hammer",
        abstract: "Tạo tải lên các hồ sơ dùng chung — fire events on shared instances and count the outcomes as JSON."
    )

    @Option(name: .customLong("database-url"), help: "libpq conninfo or URL of a migrated database (see `setup`).")
    var databaseURL: String

    @Option(help: "Ids of bench_cycle instances, comma-separated.")
    var instances: IntList

    @Option(help: "Fires to send (retries not counted).")
    var fires = 1000

    @Option(help: "Seed of the random choices.")
    var seed: UInt64 = 1

    @Flag(help: "Log to stderr.")
    var verbose = false

    mutating func run() async throws {
        _ = Bench.bootstrapLogging(verbose: verbose)
        let pool = ConnectionPool(configuration: .init(conninfo: databaseURL, size: 2))
        defer { pool.shutdown() }
        let store = WorkflowStore(pool: pool)
        let ids = instances.values.map(Int64.init)
        let (fires, seed) = (fires, seed)
        let pid = getpid()
        let tally = try await withThrowingTaskGroup(of: HammerTally.self) { group in
            for worker in 0..<2 {
                group.addTask {
                    var driver = HammerWorker(store: store, instances: ids, rng: SplitMix64(seed: seed &* 31 &+ UInt64(worker)))
                    for index in stride(from: worker, to: fires, by: 2) {
                        try await driver.fireOne(key: "\(pid)-\(index)")
                    }
                    return driver.tally
                }
            }
            return try await group.reduce(into: HammerTally()) { $0.merge($1) }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(tally), as: UTF8.self))
        if tally.duplicates > 0 { throw ExitCode(2) }
    }
}
