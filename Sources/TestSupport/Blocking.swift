import Foundation

/// Runs blocking work (initdb, pg_ctl, a slow statement) on a thread of its own and awaits it.
///
/// Tests run in parallel on the Swift concurrency pool, which is as wide as the core count (two threads here):
/// a test that blocks one of those threads for seconds stalls every other test, and timing assertions with it.
public func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.start()
    }
}
