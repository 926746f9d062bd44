import ArgumentParser
import Foundation
import LibPQ
import Store

/// `ocop-bench transitions`: engine transitions per second against pgbench running the same SQL on the same server.
struct TransitionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transitions",
        abstract: "Chuyển trạng thái/giây so với pgbench — engine transitions/s against pgbench with the same SQL.",
        discussion: """
            With no --database-url, a throwaway PostgreSQL is created in /tmp (fsync on unless --unsafe-fast) and
            deleted at the end. With one, the workflow and instances are added to that database and left there.
            """
    )

    @Option(help: "Transitions per run (each client count runs this many through the engine and through pgbench).")
    var fires = 6000

    @Option(help: "Concurrent clients, comma-separated.")
    var clients = IntList([1, 4, 16])

    @Option(help: "Rounds per client count: the engine and pgbench take turns (ABBA), so background load hits both alike.")
    var rounds = 4

    @Option(help: "Instances the fires are spread over, uniformly at random.")
    var instances = 1000

    @Option(name: .customLong("database-url"), help: "libpq conninfo or URL; default: a throwaway cluster.")
    var databaseURL: String?

    @Flag(name: .customLong("unsafe-fast"), help: "Throwaway cluster with fsync, synchronous_commit and full_page_writes off.")
    var unsafeFast = false

    @Flag(help: "Log progress to stderr.")
    var verbose = false

    mutating func run() async throws {
        let logger = Bench.bootstrapLogging(verbose: verbose)
        let url = databaseURL
        let durable = !unsafeFast
        let database = try await blocking { try BenchDatabase.open(url: url, durable: durable, logger: logger) }
        defer { database.close() }
        let startedAt = ContinuousClock.now

        let setupPool = ConnectionPool(configuration: .init(conninfo: database.conninfo, size: 1))
        let store = WorkflowStore(pool: setupPool)
        try await store.register(yaml: BenchWorkflow.cycleYAML, path: "ocop-bench/bench_cycle.yaml")
        let ids = try await BenchInstances.create(
            max(instances, clients.values.max() ?? 1), workflow: BenchWorkflow.cycleName, store: store, now: Date())
        setupPool.shutdown()
        guard let range = BenchInstances.contiguousRange(ids) else {
            throw BenchError("the instances' ids are not contiguous (another client inserting?); pgbench could not draw them alike")
        }

        let pgbench = Pgbench(executable: try database.pgbenchPath(), conninfo: database.conninfo, instances: range, folder: NSTemporaryDirectory())
        var table = FiguresTable()
        print("ocop-bench transitions: \(fires) transitions per client count in \(rounds) rounds, \(ids.count) instances, "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
        print(try await blocking { try database.describeServer() })
        let (fires, rounds) = (fires, max(1, rounds))
        for count in clients.values {
            let load = EngineLoad(conninfo: database.conninfo, instances: ids, clients: count)
            defer { load.shutdown() }
            try await load.warmUp(fires: 200)
            var engine = EngineLoad.Measurement()
            var reference = Pgbench.Figures()
            for round in 0..<rounds {
                let share = fires / rounds + (round < fires % rounds ? 1 : 0)
                if round % 4 == 0 || round % 4 == 3 { engine.add(try await load.measure(fires: share)) }
                reference.add(try await blocking { try pgbench.run(transactions: share, clients: count) })
                if round % 4 == 1 || round % 4 == 2 { engine.add(try await load.measure(fires: share)) }
            }
            table.add(clients: count, engine: engine, pgbench: reference)
        }
        print(table.render())
        print(String(format: "total wall-clock time: %.1f s", (ContinuousClock.now - startedAt).seconds))
    }
}
