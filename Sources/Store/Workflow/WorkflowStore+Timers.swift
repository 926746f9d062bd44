import Foundation
import LibPQ
import Logging
import Workflow

extension WorkflowStore {
    /// What one timer did when it came due.
    public struct TimerFiring: Sendable, Hashable {
        public var timerID: Int64
        public var instanceID: Int64
        public var name: String
        public var event: String
        public var fireAt: Date
        /// The transition's result, or nil when the engine refused the event (the timer is then marked failed).
        public var result: FireResult?
        /// Why it failed, in both languages.
        public var failure: Bilingual?
    }

    /// Fires at most `limit` due timers, each in its own transaction, and returns what happened.
    ///
    /// A timer and its instance are claimed together with `FOR UPDATE SKIP LOCKED`: any number of workers can run
    /// at once, none fires a timer twice, and none waits on a row another worker or a user request holds (so they
    /// never deadlock). The event runs as the SYSTEM actor at the timer's due time.
    public func runDueTimers(now: Date, limit: Int = 100) async throws -> [TimerFiring] {
        var firings: [TimerFiring] = []
        while firings.count < limit {
            guard let firing = try await pool.write(.readCommitted, maxAttempts: 5, { connection in try self.fireNextDueTimer(now: now, on: connection) }) else { break }
            firings.append(firing)
        }
        return firings
    }

    /// Claims and fires one due timer in the caller's transaction; nil when none is due (or all are claimed).
    public func fireNextDueTimer(now: Date, on connection: Connection) throws -> TimerFiring? {
        guard
            let row = try connection.query(
                """
                SELECT t.id, t.instance_id, t.name, t.event, t.fire_at
                FROM workflow_timer t JOIN workflow_instance i ON i.id = t.instance_id
                WHERE t.status = 'pending' AND t.fire_at <= \(now)
                ORDER BY t.fire_at, t.id LIMIT 1
                FOR UPDATE SKIP LOCKED
                """
            ).first
        else { return nil }
        let timerID = try row.decode("id", as: Int64.self)
        var firing = TimerFiring(
            timerID: timerID, instanceID: try row.decode("instance_id"), name: try row.decode("name"), event: try row.decode("event"),
            fireAt: try row.decode("fire_at"), result: nil, failure: nil)
        // Closed first, so that the transition's own cancel of this state's timers does not touch it.
        try connection.execute(
            "UPDATE workflow_timer SET status = 'fired', closed_at = \(now), attempts = attempts + 1 WHERE id = \(timerID)")
        try connection.executeScript("SAVEPOINT timer_fire")
        do {
            firing.result = try fire(
                FireRequest(instanceID: firing.instanceID, event: firing.event, actor: .system, comment: "timer \(firing.name)", now: firing.fireAt),
                on: connection)
            try connection.executeScript("RELEASE SAVEPOINT timer_fire")
        } catch let error as WorkflowStoreError {
            try connection.executeScript("ROLLBACK TO SAVEPOINT timer_fire")
            firing.failure = error.message
            try connection.execute(
                "UPDATE workflow_timer SET status = 'failed', last_error = \(error.message.en) WHERE id = \(timerID)")
            logger.warning("timer could not fire", metadata: ["timer": "\(timerID)", "instance": "\(firing.instanceID)", "reason": "\(error.message.en)"])
        }
        return firing
    }

    /// Pending timers by due time, for `ocop timers list` and the queue-depth metric.
    public func pendingTimers(limit: Int = 100, on connection: Connection) throws -> [(id: Int64, instanceID: Int64, name: String, event: String, fireAt: Date)] {
        try connection.query(
            "SELECT id, instance_id, name, event, fire_at FROM workflow_timer WHERE status = 'pending' ORDER BY fire_at, id LIMIT \(limit)"
        ).map { row in
            (try row.decode("id"), try row.decode("instance_id"), try row.decode("name"), try row.decode("event"), try row.decode("fire_at"))
        }
    }

    /// When the next pending timer is due, if any.
    public func nextTimerDue(on connection: Connection) throws -> Date? {
        try connection.query("SELECT min(fire_at) AS due FROM workflow_timer WHERE status = 'pending'").single().decode("due", as: Date?.self)
    }
}
