import Foundation
import LibPQ
import Workflow

extension WorkflowStore {
    /// Records a step that is not a transition of the workflow — a file attached to or removed from a dossier — in the
    /// record's history, inside the caller's transaction: locks the instance row, applies `change` to its data, bumps
    /// its version and appends the history row (same state before and after, hash-chained like every other row), so
    /// `ocop audit verify` stays clean and a client holding the old version gets a stale-version answer.
    ///
    /// The event name must not be one of the workflow's events (it is the service's own entry, never fired).
    @discardableResult
    func recordEntry(
        instanceID: Int64, event: String, actor: WorkflowActor, role: String, input: [String: JSONValue], now: Date,
        on connection: Connection, change: (inout [String: JSONValue]) throws -> Void
    ) throws -> (state: String, version: Int) {
        try Self.refuseControlCharacters(["input": .object(input)])
        guard
            let row = try connection.query(
                """
                SELECT i.workflow, i.state, i.data, i.version,
                    (SELECT max(t.at) FROM workflow_transition t WHERE t.instance_id = i.id) AS last_at
                FROM workflow_instance i WHERE i.id = \(instanceID) FOR UPDATE OF i
                """
            ).first
        else { throw WorkflowStoreError.notFound(instanceID) }
        let workflow = try row.decode("workflow", as: String.self)
        let state = try row.decode("state", as: String.self)
        let version = try row.decode("version", as: Int.self) + 1
        var data = try row.decode("data", as: JSONB<[String: JSONValue]>.self).value
        try change(&data)
        // A person's entry keeps the record's time moving forward, as a fired step does.
        let last = try row.decode("last_at", as: Date?.self)
        let at = last.map { max($0, now) } ?? now
        try connection.execute(
            """
            UPDATE workflow_instance SET data = \(JSONB(data)), version = \(version), updated_at = greatest(updated_at, \(at))
            WHERE id = \(instanceID)
            """)
        try appendHistory(
            instanceID: instanceID, seq: version, event: event, from: state, to: state, actor: actor, role: role, input: input, comment: nil,
            legalRef: nil, batchID: nil, idempotencyKey: nil, at: at, on: connection)
        try announce(instanceID: instanceID, seq: version, workflow: workflow, event: event, to: state, on: connection)
        return (state, version)
    }
}
