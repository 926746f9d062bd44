import ArgumentParser
import Foundation
import LibPQ
import Store

/// `ocop-bench setup`: registers the benchmark workflow and creates instances for `hammer` to fire on.
struct SetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Tạo hồ sơ cho hammer — register bench_cycle, create instances, print their ids as JSON."
    )

    @Option(name: .customLong("database-url"), help: "libpq conninfo or URL; the schema is migrated first.")
    var databaseURL: String

    @Option(help: "Instances to create.")
    var instances = 20

    mutating func run() async throws {
        let logger = Bench.bootstrapLogging(verbose: false)
        let url = databaseURL
        _ = try await blocking { try BenchDatabase.open(url: url, durable: true, logger: logger) }
        let pool = ConnectionPool(configuration: .init(conninfo: url, size: 1))
        defer { pool.shutdown() }
        let store = WorkflowStore(pool: pool)
        try await store.register(yaml: BenchWorkflow.cycleYAML, path: "ocop-bench/bench_cycle.yaml")
        let ids = try await BenchInstances.create(instances, workflow: BenchWorkflow.cycleName, store: store, now: Date())
        print(#"{"instances":[\#(ids.map(String.init).joined(separator: ","))]}"#)
    }
}
