import Foundation

/// Runs blocking work on a thread of its own: the concurrency pool (2 threads here) must stay free.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
