import Foundation
import LibPQ
import Store
import Workflow

/// Fires `step` through ``WorkflowStore/fire(_:)`` — the engine's real path: pool, transaction, row lock, pure
/// engine, history insert, outbox and NOTIFY — from a number of concurrent clients, timing every fire.
final class EngineLoad: Sendable {
    /// One measured stretch: every fire's latency (seconds), the wall-clock and the process's CPU seconds.
    struct Measurement: Sendable {
        var latencies: [Double] = []
        var seconds = 0.0
        var cpuSeconds = 0.0

        mutating func add(_ other: Measurement) {
            latencies += other.latencies
            seconds += other.seconds
            cpuSeconds += other.cpuSeconds
        }
    }

    /// The instances to fire on, each drawn uniformly at random (as pgbench's `random(first, last)` does).
    let instances: [Int64]
    let clients: Int
    private let store: WorkflowStore

    /// A pool of `clients` connections and a store on it.
    init(conninfo: String, instances: [Int64], clients: Int) {
        self.instances = instances
        self.clients = clients
        store = WorkflowStore(pool: ConnectionPool(configuration: .init(conninfo: conninfo, size: clients)))
    }

    /// Opens every connection, prepares every statement and loads the engine before any clock starts.
    func warmUp(fires: Int) async throws {
        _ = try await fireConcurrently(fires: max(fires, clients * 5))
    }

    /// Runs `fires` fires from `clients` concurrent tasks.
    func measure(fires: Int) async throws -> Measurement {
        let cpu = ProcessCPU.ownSeconds()
        let start = ContinuousClock.now
        let latencies = try await fireConcurrently(fires: fires)
        return Measurement(latencies: latencies, seconds: (ContinuousClock.now - start).seconds, cpuSeconds: ProcessCPU.ownSeconds() - cpu)
    }

    func shutdown() { store.pool.shutdown() }

    private func fireConcurrently(fires: Int) async throws -> [Double] {
        let (instances, clients, store) = (instances, clients, store)
        return try await withThrowingTaskGroup(of: [Double].self) { group in
            for client in 0..<clients {
                let share = fires / clients + (client < fires % clients ? 1 : 0)
                group.addTask {
                    var latencies: [Double] = []
                    latencies.reserveCapacity(share)
                    let clock = ContinuousClock()
                    for _ in 0..<share {
                        let request = FireRequest(
                            instanceID: instances.randomElement()!, event: "step", actor: BenchWorkflow.actor, now: Date())
                        let started = clock.now
                        _ = try await store.fire(request)
                        latencies.append((clock.now - started).seconds)
                    }
                    return latencies
                }
            }
            var all: [Double] = []
            for try await latencies in group { all += latencies }
            return all
        }
    }
}
