import Foundation
import LibPQ
import OCOP
import Workflow

extension Services {
    /// Fires the timers due at `now` (as SYSTEM), each in its own transaction; at most `limit`.
    public func runDueTimers(now: Date, limit: Int = 100) async throws(ServiceError) -> [WorkflowStore.TimerFiring] {
        try await ServiceError.translating { try await store.runDueTimers(now: now, limit: limit) }
    }

    /// The pending timers, soonest first.
    public func pendingTimers(limit: Int = 100) async throws(ServiceError) -> [(id: Int64, instanceID: Int64, name: String, event: String, fireAt: Date)] {
        let store = store
        return try await ServiceError.translating { try await pool.withConnection { connection in try store.pendingTimers(limit: limit, on: connection) } }
    }

    /// When the next pending timer is due, if any.
    public func nextTimerDue() async throws(ServiceError) -> Date? {
        let store = store
        return try await ServiceError.translating { try await pool.withConnection { connection in try store.nextTimerDue(on: connection) } }
    }

    /// Wakes whenever a timer is scheduled (LISTEN), until the task is cancelled.
    public func timerWakeUps() -> AsyncThrowingStream<Void, any Error> {
        pool.wakeUps(on: [WorkflowStore.timerChannel], route: listening)
    }
}

extension ConnectionPool {
    /// Wakes (one `Void` per NOTIFY on `channels`) until the task is cancelled: what the timer worker and the outbox
    /// relay sleep on.
    /// With `route` ``ListenRoute/off`` the stream ends at once with an error saying so: the consumer polls.
    func wakeUps(on channels: [String], route: ListenRoute = .pool) -> AsyncThrowingStream<Void, any Error> {
        let notifications: AsyncThrowingStream<LibPQ.Notification, any Error>
        switch route {
        case .pool: notifications = self.notifications(on: channels)
        case .conninfo(let conninfo): notifications = self.notifications(on: channels, conninfo: conninfo)
        case .off:
            return AsyncThrowingStream { $0.finish(throwing: ListenRoute.Off()) }
        }
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await _ in notifications { continuation.yield(()) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
