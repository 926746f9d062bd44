import Foundation
import LibPQ
import Store

/// Creates the instances a benchmark fires on.
enum BenchInstances {
    /// Starts `count` instances of `workflow` in batches of 500 per transaction; returns their ids in order.
    static func create(_ count: Int, workflow: String, store: WorkflowStore, now: Date) async throws -> [Int64] {
        var ids: [Int64] = []
        ids.reserveCapacity(count)
        while ids.count < count {
            let batch = min(500, count - ids.count)
            ids += try await store.pool.write { connection in
                try (0..<batch).map { _ in try store.start(workflow: workflow, actor: BenchWorkflow.actor, now: now, on: connection).id }
            }
        }
        return ids
    }

    /// The ids as one contiguous range, which pgbench's `random(first, last)` can draw from; nil if they have gaps.
    static func contiguousRange(_ ids: [Int64]) -> ClosedRange<Int64>? {
        guard let first = ids.min(), let last = ids.max(), last - first + 1 == Int64(ids.count) else { return nil }
        return first...last
    }
}
