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
    /// The state each record is in as of `now` when it differs from the stored one: because its own timers are overdue,
    /// or because a linked record's overdue timers would have fired a reaction on it (a product whose certificate has
    /// expired by date is back in development by date).
    public func dueStates(of records: [InstanceRecord], asOf now: Date, on connection: Connection) throws -> [Int64: DueState] {
        var result = try ownDueStates(of: records, asOf: now, on: connection)
        guard !records.isEmpty else { return result }
        // Reactions can only be due from workflows that have overdue timers right now (usually none: the worker runs).
        let overdueWorkflows = Set(
            try connection.query(
                """
                SELECT DISTINCT i.workflow FROM workflow_timer t JOIN workflow_instance i ON i.id = t.instance_id
                WHERE t.status = 'pending' AND t.fire_at <= \(now)
                """
            ).map { try $0.decode("workflow", as: String.self) })
        guard !overdueWorkflows.isEmpty else { return result }
        for record in records {
            let reactions = try catalog.engine(for: try catalog.currentID(of: record.workflow, on: connection), on: connection).definition.reactions
            guard reactions.contains(where: { overdueWorkflows.contains($0.sourceWorkflow) }) else { continue }
            let base = result[record.id].map { Snapshot(state: $0.state, data: record.snapshot.data, version: record.snapshot.version) } ?? record.snapshot
            if let reacted = try reactedState(of: record, from: base, asOf: now, on: connection) {
                result[record.id] = reacted
            }
        }
        return result
    }

    /// The state a record's own overdue timers give it.
    private func ownDueStates(of records: [InstanceRecord], asOf now: Date, on connection: Connection) throws -> [Int64: DueState] {
        guard !records.isEmpty else { return [:] }
        let rows = try connection.query(
            """
            SELECT instance_id, name, event, fire_at FROM workflow_timer
            WHERE status = 'pending' AND fire_at <= \(now) AND instance_id = ANY(\(records.map { String($0.id) })::bigint[])
            ORDER BY instance_id, fire_at, id
            """)
        var overdue: [Int64: [OverdueTimer]] = [:]
        for row in rows {
            overdue[try row.decode("instance_id"), default: []].append((try row.decode("name"), try row.decode("event"), try row.decode("fire_at")))
        }
        return try ownDueStates(of: records, overdue: overdue, asOf: now, on: connection)
    }

    /// A pending timer fallen due: its name, its event, when it fell due.
    typealias OverdueTimer = (name: String, event: String, at: Date)

    /// The state records' own overdue timers (already read, by record id, in firing order) give them.
    func ownDueStates(
        of records: [InstanceRecord], overdue: [Int64: [OverdueTimer]], asOf now: Date, on connection: Connection
    ) throws -> [Int64: DueState] {
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

    /// The state a reaction would give `record` because a linked record's overdue timers move it into a watched state.
    private func reactedState(of record: InstanceRecord, from snapshot: Snapshot, asOf now: Date, on connection: Connection) throws -> DueState? {
        let engine = try catalog.engine(for: record.definitionID, on: connection)
        let current = try catalog.engine(for: try catalog.currentID(of: record.workflow, on: connection), on: connection).definition
        for reaction in current.reactions {
            let sources: [InstanceRecord]
            switch reaction.target {
            case .field(let field):
                sources = try connection.query(
                    """
                    \(Self.instanceColumns)
                    WHERE i.workflow = \(reaction.sourceWorkflow) AND i.data->>\(field) = \(String(record.id))
                      AND EXISTS (SELECT 1 FROM workflow_timer t WHERE t.instance_id = i.id AND t.status = 'pending' AND t.fire_at <= \(now))
                    ORDER BY i.id
                    """
                ).map(Self.record)
            case .linkedBy(let field):
                guard let id = record.snapshot.data[field]?.stringValue.flatMap({ Int64($0) }) else { continue }
                sources = try connection.query(
                    """
                    \(Self.instanceColumns)
                    WHERE i.id = \(id) AND i.workflow = \(reaction.sourceWorkflow)
                      AND EXISTS (SELECT 1 FROM workflow_timer t WHERE t.instance_id = i.id AND t.status = 'pending' AND t.fire_at <= \(now))
                    """
                ).map(Self.record)
            }
            let due = try ownDueStates(of: sources, asOf: now, on: connection)
            for source in sources {
                guard let sourceDue = due[source.id], reaction.enters.contains(sourceDue.state) else { continue }
                if case .field(let field) = reaction.target, !reaction.unlessOtherIn.isEmpty {
                    // Another linked record still in one of the states that hold the target (by its own date too).
                    let others = try connection.query(
                        """
                        \(Self.instanceColumns)
                        WHERE i.workflow = \(reaction.sourceWorkflow) AND i.id <> \(source.id) AND i.data->>\(field) = \(String(record.id))
                        """
                    ).map(Self.record)
                    let othersDue = try ownDueStates(of: others, asOf: now, on: connection)
                    if others.contains(where: { reaction.unlessOtherIn.contains(othersDue[$0.id]?.state ?? $0.snapshot.state) }) { continue }
                }
                guard
                    let outcome = try? engine.transition(
                        snapshot, event: reaction.event, actor: .system, input: reaction.input(entering: sourceDue.state), now: sourceDue.since),
                    outcome.snapshot.state != record.snapshot.state
                else { continue }
                return DueState(state: outcome.snapshot.state, since: sourceDue.since, timers: sourceDue.timers + ["\(source.id) → \(reaction.event)"])
            }
        }
        return nil
    }

    /// The records the user may see whose state by date differs from the stored one, as (workflow, stored, by date):
    /// those with overdue timers, and those a reaction would move because of a linked record's overdue timers.
    public func dueStateChanges(visibleTo userID: String, asOf now: Date, on connection: Connection) throws -> [(String, String, String)] {
        // Targets of reactions: records linked to a record with overdue timers, either way round.
        var candidates: Set<Int64> = []
        for row in try connection.query(
            "SELECT DISTINCT instance_id FROM workflow_timer WHERE status = 'pending' AND fire_at <= \(now)")
        {
            candidates.insert(try row.decode("instance_id"))
        }
        guard !candidates.isEmpty else { return [] }
        let overdue = candidates.map { String($0) }
        let linked = try connection.query(
            """
            SELECT DISTINCT t.id FROM workflow_instance s, jsonb_each_text(s.data) AS d(key, value)
            JOIN workflow_instance t ON d.value ~ '^[0-9]{1,18}$' AND t.id = d.value::bigint
            WHERE s.id = ANY(\(overdue)::bigint[])
            UNION
            SELECT DISTINCT t.id FROM workflow_instance t, jsonb_each_text(t.data) AS d(key, value)
            WHERE d.value ~ '^[0-9]{1,18}$' AND d.value::bigint = ANY(\(overdue)::bigint[])
            """)
        for row in linked { candidates.insert(try row.decode("id")) }
        let records = try connection.query(
            """
            \(Self.instanceColumns)
            WHERE i.id = ANY(\(candidates.map { String($0) })::bigint[]) AND \(AccessPolicy().visible("i", to: userID))
            ORDER BY i.id
            """
        ).map(Self.record)
        let due = try dueStates(of: records, asOf: now, on: connection)
        return records.compactMap { record in due[record.id].map { (record.workflow, record.snapshot.state, $0.state) } }
    }
}
