import Foundation

/// Runs blocking work (connecting, initdb, pg_ctl, a slow statement) on a thread of its own and awaits it.
///
/// The Swift concurrency pool is as wide as the core count (two threads on a small server): work that blocks one
/// of those threads for seconds stalls every other task, and timing with it. ``ConnectionPool`` keeps its own
/// threads for the same reason.
public func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.start()
    }
}
