import Foundation
import LibPQ
import Workflow

extension WorkflowStore {
    /// Filters for ``list(_:on:)``; every field narrows the result.
    public struct ListFilter: Sendable {
        public var workflow: String?
        public var state: String?
        public var subjectID: String?
        public var unitCode: String?
        /// Keyset pagination: only ids greater than this.
        public var afterID: Int64?
        public var limit: Int
        /// Only the records this user may see (filtered in SQL, before LIMIT); nil: every record (internal callers).
        public var visibleTo: String?

        public init(
            workflow: String? = nil, state: String? = nil, subjectID: String? = nil, unitCode: String? = nil, afterID: Int64? = nil, limit: Int = 100
        ) {
            self.workflow = workflow
            self.state = state
            self.subjectID = subjectID
            self.unitCode = unitCode
            self.afterID = afterID
            self.limit = limit
        }
    }

    static let instanceColumns: Query = """
        SELECT i.id, i.workflow, i.definition_id, d.content_hash, i.state, i.data, i.version, i.subject_id, i.unit_code,
               i.created_at, i.updated_at
        FROM workflow_instance i JOIN workflow_definition d ON d.id = i.definition_id
        """

    /// One instance, or `instanceNotFound`.
    public func instance(_ id: Int64, on connection: Connection) throws -> InstanceRecord {
        guard let row = try connection.query("\(Self.instanceColumns) WHERE i.id = \(id)").first else { throw WorkflowStoreError.notFound(id) }
        return try Self.record(row)
    }

    /// One instance, or nil when there is none (a database failure is still thrown, never taken for "none").
    public func existingInstance(_ id: Int64, on connection: Connection) throws -> InstanceRecord? {
        try connection.query("\(Self.instanceColumns) WHERE i.id = \(id)").first.map(Self.record)
    }

    /// Locks the instance row for the rest of the transaction (writers of one record queue here) and reads it.
    public func lock(_ id: Int64, on connection: Connection) throws -> InstanceRecord {
        guard let row = try connection.query("\(Self.instanceColumns) WHERE i.id = \(id) FOR UPDATE OF i").first else { throw WorkflowStoreError.notFound(id) }
        return try Self.record(row)
    }

    /// The current definition of a workflow, or `workflowNotFound`.
    public func currentDefinition(of workflow: String, on connection: Connection) throws -> WorkflowDefinition {
        try catalog.engine(for: try catalog.currentID(of: workflow, on: connection), on: connection).definition
    }

    /// Counts of the records a user may see, by workflow and state (with the newest definition version of each).
    public func counts(visibleTo userID: String, on connection: Connection) throws -> [(String, Int64, String, Int)] {
        try connection.query(
            """
            SELECT i.workflow, i.state, max(i.definition_id) AS definition_id, count(*)::int AS n
            FROM workflow_instance i WHERE \(AccessPolicy().visible("i", to: userID))
            GROUP BY i.workflow, i.state ORDER BY i.workflow
            """
        ).map { row in
            (try row.decode("workflow"), try row.decode("definition_id"), try row.decode("state"), try row.decode("n"))
        }
    }

    /// Instances matching a filter, by id.
    public func list(_ filter: ListFilter, on connection: Connection) throws -> [InstanceRecord] {
        try connection.query(
            """
            \(Self.instanceColumns)
            WHERE (\(filter.workflow)::text IS NULL OR i.workflow = \(filter.workflow))
              AND (\(filter.state)::text IS NULL OR i.state = \(filter.state))
              AND (\(filter.subjectID)::text IS NULL OR i.subject_id = \(filter.subjectID))
              AND (\(filter.unitCode)::text IS NULL OR i.unit_code = \(filter.unitCode))
              AND i.id > \(filter.afterID ?? 0)
            AND \(filter.visibleTo.map { AccessPolicy().visible("i", to: $0) } ?? "TRUE")
            ORDER BY i.id LIMIT \(filter.limit)
            """
        ).map(Self.record)
    }

    /// Instances matching a filter.
    public func list(_ filter: ListFilter) async throws -> [InstanceRecord] {
        try await pool.withConnection { connection in try self.list(filter, on: connection) }
    }

    /// The history of an instance, oldest first; `instanceNotFound` if it does not exist.
    public func history(_ id: Int64, on connection: Connection) throws -> [HistoryEntry] {
        let rows = try connection.query(
            """
            SELECT instance_id, seq, event, from_state, to_state, actor, acting_role, on_behalf_of, input, comment, legal_ref,
                   batch_id, idempotency_key, at, recorded_at, hash, caused_by_instance, caused_by_seq
            FROM workflow_transition WHERE instance_id = \(id) ORDER BY seq
            """)
        if rows.isEmpty { _ = try instance(id, on: connection) }
        return try rows.map { row in
            HistoryEntry(
                instanceID: try row.decode("instance_id"), seq: try row.decode("seq"), event: try row.decode("event"),
                fromState: try row.decode("from_state"), toState: try row.decode("to_state"), actor: try row.decode("actor"),
                actingRole: try row.decode("acting_role"), onBehalfOf: try row.decode("on_behalf_of"),
                input: try row.decode("input", as: JSONB<[String: JSONValue]>.self).value, comment: try row.decode("comment"),
                legalRef: try row.decode("legal_ref"), batchID: try row.decode("batch_id"), idempotencyKey: try row.decode("idempotency_key"),
                at: try row.decode("at"), recordedAt: try row.decode("recorded_at"), hash: try row.decode("hash"),
                causedBy: try row.decode("caused_by_instance", as: Int64?.self).map {
                    Cause(instanceID: $0, seq: try row.decode("caused_by_seq", as: Int?.self) ?? 0)
                })
        }
    }

    static func record(_ row: Row) throws -> InstanceRecord {
        InstanceRecord(
            id: try row.decode("id"), workflow: try row.decode("workflow"), definitionID: try row.decode("definition_id"),
            definitionHash: try row.decode("content_hash"),
            snapshot: Snapshot(
                state: try row.decode("state"), data: try row.decode("data", as: JSONB<[String: JSONValue]>.self).value,
                version: try row.decode("version")),
            subjectID: try row.decode("subject_id"), unitCode: try row.decode("unit_code"), createdAt: try row.decode("created_at"),
            updatedAt: try row.decode("updated_at"))
    }
}
