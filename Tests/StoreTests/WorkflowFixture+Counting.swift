import LibPQ
import TestSupport

extension WorkflowFixture {
    /// `count(_:)` on a thread of its own, so that the query never blocks the concurrency pool.
    func countRows(_ sql: Query) async throws -> Int {
        try await blocking { try self.count(sql) }
    }
}
