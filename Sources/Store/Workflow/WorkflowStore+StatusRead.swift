import Foundation
import LibPQ
import Workflow

extension WorkflowStore {
    /// Everything a record's status needs, read by one statement (one snapshot, one round trip once prepared): the
    /// caller, the record with its definition's hash, the roles whose grants cover it (the scope rule `grant_covers`,
    /// evaluated in the same query), its own overdue timers, and the workflows that have overdue timers at all (which
    /// alone can make a reaction due).
    struct StatusRead {
        var userActive: Bool
        var record: InstanceRecord?
        /// The caller's roles whose grants cover the record (none for a deactivated caller).
        var coveringRoles: Set<String>
        var overdueTimers: [OverdueTimer]
        var overdueWorkflows: Set<String>
    }

    /// The status read of record `id` for `userID`; nil when there is no such user.
    func statusRead(_ id: Int64, userID: String, asOf now: Date, on connection: Connection) throws -> StatusRead? {
        guard
            let row = try connection.query(
                """
                SELECT u.active AS user_active,
                       i.id, i.workflow, i.definition_id, d.content_hash, i.state, i.data, i.version, i.subject_id, i.unit_code,
                       i.created_at, i.updated_at,
                       ARRAY(SELECT DISTINCT r.role FROM user_role r
                             WHERE r.user_id = u.id AND u.active AND i.id IS NOT NULL
                               AND grant_covers(r.role, r.unit_code, r.subject_id, i.subject_id, i.unit_code)) AS roles,
                       ARRAY(SELECT t.name FROM workflow_timer t
                             WHERE t.instance_id = i.id AND t.status = 'pending' AND t.fire_at <= \(now) ORDER BY t.fire_at, t.id) AS timer_names,
                       ARRAY(SELECT t.event FROM workflow_timer t
                             WHERE t.instance_id = i.id AND t.status = 'pending' AND t.fire_at <= \(now) ORDER BY t.fire_at, t.id) AS timer_events,
                       ARRAY(SELECT t.fire_at::text FROM workflow_timer t
                             WHERE t.instance_id = i.id AND t.status = 'pending' AND t.fire_at <= \(now) ORDER BY t.fire_at, t.id) AS timer_at,
                       ARRAY(SELECT DISTINCT o.workflow FROM workflow_timer t JOIN workflow_instance o ON o.id = t.instance_id
                             WHERE t.status = 'pending' AND t.fire_at <= \(now)) AS overdue_workflows
                FROM app_user u
                LEFT JOIN (workflow_instance i JOIN workflow_definition d ON d.id = i.definition_id) ON i.id = \(id)
                WHERE u.id = \(userID)
                """
            ).first
        else { return nil }
        let record = try row.decode("id", as: Int64?.self) == nil ? nil : try Self.record(row)
        let names = try row.decode("timer_names", as: [String].self)
        let events = try row.decode("timer_events", as: [String].self)
        let times = try row.decode("timer_at", as: [String].self)
        var timers: [OverdueTimer] = []
        for index in names.indices where index < events.count && index < times.count {
            timers.append((names[index], events[index], try Date.decode(postgresText: times[index], type: .timestamptz)))
        }
        return StatusRead(
            userActive: try row.decode("user_active"), record: record, coveringRoles: Set(try row.decode("roles", as: [String].self)),
            overdueTimers: timers, overdueWorkflows: Set(try row.decode("overdue_workflows", as: [String].self)))
    }

    /// The engine of a record read with its definition's hash: cached by that hash, no statement once cached.
    func engine(of record: InstanceRecord, on connection: Connection) throws -> Engine {
        try catalog.engine(for: record.definitionID, hash: record.definitionHash, on: connection)
    }

    /// The state by date of the record of a status read, from what the read found; nil in `.some` when it is its stored
    /// state. `nil` itself when a reaction may be due (a workflow it watches has overdue timers): the caller must then
    /// take ``dueStates(of:asOf:on:)``, which reads the linked records, in a transaction.
    func dueState(of read: StatusRead, asOf now: Date, on connection: Connection) throws -> DueState?? {
        guard let record = read.record else { return .some(nil) }
        if !read.overdueWorkflows.isEmpty {
            let reactions = try catalog.engine(for: try catalog.currentID(of: record.workflow, on: connection), on: connection).definition.reactions
            if reactions.contains(where: { read.overdueWorkflows.contains($0.sourceWorkflow) }) { return nil }
        }
        guard !read.overdueTimers.isEmpty else { return .some(nil) }
        return .some(try ownDueStates(of: [record], overdue: [record.id: read.overdueTimers], asOf: now, on: connection)[record.id])
    }
}
