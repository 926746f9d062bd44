import Foundation
import Store

/// One worker of `hammer`: its random choices, the versions it last saw, and its tally.
struct HammerWorker {
    let store: WorkflowStore
    let instances: [Int64]
    var rng: SplitMix64
    var tally = HammerTally()
    private var seen: [Int64: Int] = [:]

    init(store: WorkflowStore, instances: [Int64], rng: SplitMix64) {
        self.store = store
        self.instances = instances
        self.rng = rng
    }

    mutating func fireOne(key: String) async throws {
        let id = instances.randomElement(using: &rng)!
        let roll = Int.random(in: 0..<100, using: &rng)
        let request = FireRequest(
            instanceID: id, event: roll < 15 ? "reset" : "step", actor: BenchWorkflow.actor,
            expectedVersion: (15..<30).contains(roll) ? seen[id] : nil, idempotencyKey: key, now: Date())
        let first = try await send(request)
        guard Int.random(in: 0..<10, using: &rng) == 0 else { return }
        // The retry a client makes when it did not hear the answer: same key, same request.
        let again = try await send(request)
        if first == true, again == true { tally.duplicates += 1 }
    }

    /// Fires once and counts the outcome; true if the request fired now, false if replayed, nil if refused.
    private mutating func send(_ request: FireRequest) async throws -> Bool? {
        do {
            let result = try await store.fire(request)
            if result.replayed {
                tally.replayed += 1
                return false
            }
            tally.succeeded += 1
            tally.byInstance["\(request.instanceID)", default: 0] += 1
            seen[request.instanceID] = result.version
            return true
        } catch let error as WorkflowStoreError where error.code == .rejected {
            tally.rejected += 1
        } catch let error as WorkflowStoreError where error.code == .conflict {
            tally.conflicts += 1
            seen[request.instanceID] = error.currentVersion
        }
        return nil
    }
}
