import Foundation
import LibPQ
import Workflow

/// The generic use cases of the engine — start, fire, bulk, status, history, lists, the pipeline — with the caller's
/// scope checked here, once, for every door. Each method opens (and retries) its own transaction and throws only
/// ``ServiceError``.
///
/// Outside the caller's scope a record does not exist: the same ``ServiceError/noRecord(_:)`` as for an unused id.
///
/// ```swift
/// let result = try await services.workflows.fire(EventRequest(instanceID: 24, event: "update_dossier", input: input),
///                                                as: Caller("thanhmai"), at: now)
/// ```
public struct WorkflowService: Sendable {
    let store: WorkflowStore
    /// The OCOP service, which takes the reserved steps that need nothing beyond the event's own input.
    let ocop: OCOPService?
    let users = UserStore()
    let access = AccessPolicy()

    /// Creates the service over a store (and the OCOP service for its plain reserved steps).
    public init(store: WorkflowStore, ocop: OCOPService? = nil) {
        self.store = store
        self.ocop = ocop
    }

    // MARK: - Reads

    /// A record as its viewer sees it: its definition and every event with why it is or is not available to them.
    public struct Status: Sendable {
        public var record: InstanceRecord
        public var definition: WorkflowDefinition
        public var events: [EventAvailability]
        /// The roles the viewer acts in on this record.
        public var roles: Set<String>
        /// The state by date when overdue timers have not been recorded yet (nil when the stored state is the truth).
        public var dueState: DueState? = nil
    }

    /// One record of a list, with its definition (for labels).
    public struct Summary: Sendable {
        public var record: InstanceRecord
        public var definition: WorkflowDefinition
        /// The state by date when overdue timers have not been recorded yet.
        public var dueState: DueState? = nil
    }

    /// A page of a list: the records and the cursor of the next page (nil on the last).
    public struct Page: Sendable {
        public var items: [Summary]
        public var nextCursor: Int64?
    }

    /// A record's history with its definition (for labels).
    public struct History: Sendable {
        public var record: InstanceRecord
        public var definition: WorkflowDefinition
        public var entries: [HistoryEntry]
    }

    /// The definition version a record runs on (cached once loaded), for labels.
    public func definition(_ definitionID: Int64) async throws(ServiceError) -> WorkflowDefinition {
        try await read { connection in try self.store.engine(definitionID: definitionID, on: connection).definition }
    }

    /// The record's history, oldest first.
    public func history(_ id: Int64, as caller: Caller) async throws(ServiceError) -> History {
        try await read { connection in
            let (record, _) = try self.resolve(id, caller, on: connection)
            let definition = try self.store.engine(definitionID: record.definitionID, on: connection).definition
            return History(record: record, definition: definition, entries: try self.store.history(id, on: connection))
        }
    }

    /// The records matching `filter` that the caller may see, filtered in SQL before the limit.
    public func list(_ filter: WorkflowStore.ListFilter, as caller: Caller, at now: Date = Date()) async throws(ServiceError) -> Page {
        guard (1...10_000).contains(filter.limit) else {
            throw ServiceError.badInput(vi: "limit phải từ 1 đến 10000 (đang là \(filter.limit))", en: "limit must be 1 to 10000 (got \(filter.limit))")
        }
        return try await read { connection in
            _ = try self.user(caller, on: connection)
            var scoped = filter
            scoped.visibleTo = caller.userID
            scoped.unitCode = try filter.unitCode.map { try ReferenceStore().unitCode($0, on: connection) }
            let records = try self.store.list(scoped, on: connection)
            let due = try self.store.dueStates(of: records, asOf: now, on: connection)
            var definitions: [Int64: WorkflowDefinition] = [:]
            let items = try records.map { record in
                if definitions[record.definitionID] == nil {
                    definitions[record.definitionID] = try self.store.engine(definitionID: record.definitionID, on: connection).definition
                }
                return Summary(record: record, definition: definitions[record.definitionID]!, dueState: due[record.id])
            }
            return Page(items: items, nextCursor: records.count == filter.limit ? records.last?.id : nil)
        }
    }

    /// Counts by workflow and state of the records the caller may see, states in their workflow's order.
    /// A workflow's records the caller may see, by stored state (the states in their workflow's order), and, apart, how
    /// many of them are by date in another state (timers fallen due, or a linked record's) — what the worker will record.
    public struct PipelineRow: Sendable {
        public var definition: WorkflowDefinition
        public var counts: [(state: String, count: Int)]
        public var due: [(from: String, to: String, count: Int)]
    }

    /// Counts by workflow and stored state of the records the caller may see, with the moves due by date.
    public func pipeline(as caller: Caller, at now: Date = Date()) async throws(ServiceError) -> [PipelineRow] {
        try await read { connection in
            _ = try self.user(caller, on: connection)
            var moves: [String: [String: Int]] = [:]
            for (workflow, stored, due) in try self.store.dueStateChanges(visibleTo: caller.userID, asOf: now, on: connection) {
                moves[workflow, default: [:]]["\(stored)\u{1f}\(due)", default: 0] += 1
            }
            var grouped: [(String, Int64, [(String, Int)])] = []
            for (workflow, definitionID, state, count) in try self.store.counts(visibleTo: caller.userID, on: connection) {
                if let index = grouped.firstIndex(where: { $0.0 == workflow }) {
                    grouped[index].2.append((state, count))
                } else {
                    grouped.append((workflow, definitionID, [(state, count)]))
                }
            }
            return try grouped.map { workflow, definitionID, counts in
                let definition = try self.store.engine(definitionID: definitionID, on: connection).definition
                let order = Dictionary(uniqueKeysWithValues: definition.states.enumerated().map { ($1.code, $0) })
                let due = (moves[workflow] ?? [:]).map { key, count -> (from: String, to: String, count: Int) in
                    let parts = key.split(separator: "\u{1f}").map(String.init)
                    return (parts[0], parts.count > 1 ? parts[1] : "", count)
                }.sorted { ((order[$0.from] ?? 999), (order[$0.to] ?? 999)) < ((order[$1.from] ?? 999), (order[$1.to] ?? 999)) }
                return PipelineRow(
                    definition: definition, counts: counts.sorted { (order[$0.0] ?? 999) < (order[$1.0] ?? 999) }.map { (state: $0.0, count: $0.1) },
                    due: due)
            }
        }
    }

    // MARK: - Scope

    /// The caller as a user; unknown or deactivated users are refused.
    func user(_ caller: Caller, on connection: Connection) throws -> UserStore.User {
        let user = try users.user(caller.userID, on: connection)
        guard user.active else { throw UserStoreError(.inactive, user: caller.userID) }
        return user
    }

    /// The record and the actor the caller is on it: the record must exist and be covered by the caller's grants
    /// (else "not found"), a chosen role must be one of those covering it, and `onBehalfOf` must be its subject.
    func resolve(_ id: Int64, _ caller: Caller, on connection: Connection) throws -> (InstanceRecord, WorkflowActor) {
        let user = try user(caller, on: connection)
        guard let record = try store.existingInstance(id, on: connection),
            let actor = try access.actor(for: record, user: user, onBehalfOf: caller.onBehalfOf, on: connection)
        else { throw ServiceError.noRecord(id) }
        return (record, try narrowed(actor, record: record, caller))
    }

    /// The actor checked against what the caller asked for: a chosen role must be one of those covering the record,
    /// and `onBehalfOf` must be its subject.
    func narrowed(_ covering: WorkflowActor, record: InstanceRecord, _ caller: Caller) throws(ServiceError) -> WorkflowActor {
        let id = record.id
        var actor = covering
        if let role = caller.role {
            guard actor.roles.contains(role) else {
                throw ServiceError(
                    .forbidden, code: "role-not-held",
                    message: Bilingual(
                        vi: "người dùng \"\(caller.userID)\" không giữ vai trò \(role) đối với hồ sơ \(id)",
                        en: "user \"\(caller.userID)\" does not hold role \(role) for record \(id)"))
            }
            actor = WorkflowActor(id: actor.id, roles: [role], onBehalfOf: actor.onBehalfOf)
        }
        if let subject = caller.onBehalfOf, subject != record.subjectID {
            throw ServiceError(
                .forbidden, code: "not-representative",
                message: Bilingual(
                    vi: "\"\(caller.userID)\" không thể thay mặt chủ thể \"\(subject)\" trên hồ sơ \(id): chỉ thay mặt được chủ thể của chính hồ sơ",
                    en: "\"\(caller.userID)\" cannot act for subject \"\(subject)\" on record \(id): only for the record's own subject"))
        }
        return actor
    }

    // MARK: - Transactions

    /// A read on a consistent snapshot; any failure becomes a ``ServiceError``.
    func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(ServiceError) -> T {
        let pool = store.pool
        return try await ServiceError.translating { try await pool.read(body) }
    }

    /// A write transaction, retried on serialization failures and deadlocks; any failure becomes a ``ServiceError``.
    func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(ServiceError) -> T {
        let pool = store.pool
        return try await ServiceError.translating { try await pool.write(.readCommitted, maxAttempts: 5, body) }
    }
}
