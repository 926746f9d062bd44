import Foundation
import LibPQ
import Workflow

/// The state a record is in by date: what its timers that have fallen due would have made of it, whether or not the
/// timer worker has run yet. The worker records the transition; it does not decide the truth (a certificate past its
/// expiry day is expired). Computed with the record's own engine, guards and all, without writing anything.
public struct DueState: Sendable, Hashable {
    /// The state by date.
    public var state: String
    /// When it fell due (the last timer applied).
    public var since: Date
    /// The timers applied, in order, as `name → event`.
    public var timers: [String]
}

extension WorkflowStore {
    /// The state each record is in as of `now` when it differs from the stored one because timers are overdue.
    public func dueStates(of records: [InstanceRecord], asOf now: Date, on connection: Connection) throws -> [Int64: DueState] {
        guard !records.isEmpty else { return [:] }
        let rows = try connection.query(
            """
            SELECT instance_id, name, event, fire_at FROM workflow_timer
            WHERE status = 'pending' AND fire_at <= \(now) AND instance_id = ANY(\(records.map { String($0.id) })::bigint[])
            ORDER BY instance_id, fire_at, id
            """)
        var overdue: [Int64: [(name: String, event: String, at: Date)]] = [:]
        for row in rows {
            overdue[try row.decode("instance_id"), default: []].append((try row.decode("name"), try row.decode("event"), try row.decode("fire_at")))
        }
        var result: [Int64: DueState] = [:]
        for record in records {
            guard var queue = overdue[record.id] else { continue }
            let engine = try catalog.engine(for: record.definitionID, on: connection)
            var snapshot = record.snapshot
            var applied: [String] = []
            var since = record.updatedAt
            while !queue.isEmpty {
                let timer = queue.removeFirst()
                guard let outcome = try? engine.transition(snapshot, event: timer.event, actor: .system, input: [:], now: timer.at) else { continue }
                snapshot = outcome.snapshot
                applied.append("\(timer.name) → \(timer.event)")
                since = timer.at
                // The step's own timer effects: a cancelled timer no longer fires; one scheduled and already due joins the queue.
                for effect in outcome.effects {
                    switch effect {
                    case .cancelTimer(let name): queue.removeAll { $0.name == name }
                    case .scheduleTimer(let name, let event, let fireAt) where fireAt <= now:
                        queue.removeAll { $0.name == name }
                        queue.append((name, event, fireAt))
                        queue.sort { $0.at < $1.at }
                    default: break
                    }
                }
            }
            if snapshot.state != record.snapshot.state { result[record.id] = DueState(state: snapshot.state, since: since, timers: applied) }
        }
        return result
    }

    /// The records the user may see whose overdue timers change their state, as (workflow, stored state, state by date).
    public func dueStateChanges(visibleTo userID: String, asOf now: Date, on connection: Connection) throws -> [(String, String, String)] {
        let records = try connection.query(
            """
            \(Self.instanceColumns)
            WHERE EXISTS (SELECT 1 FROM workflow_timer t WHERE t.instance_id = i.id AND t.status = 'pending' AND t.fire_at <= \(now))
              AND \(AccessPolicy().visible("i", to: userID))
            ORDER BY i.id
            """
        ).map(Self.record)
        let due = try dueStates(of: records, asOf: now, on: connection)
        return records.compactMap { record in due[record.id].map { (record.workflow, record.snapshot.state, $0.state) } }
    }
}
