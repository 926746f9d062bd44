import Foundation
import LibPQ
import Workflow

extension WorkflowService {
    /// The record, its definition and what the caller may do now.
    ///
    /// One statement (``WorkflowStore/statusRead(_:userID:asOf:on:)``): the caller, the record, the roles covering it
    /// and its overdue timers in one snapshot; the definition from memory, by its hash. Only when a reaction may be due by
    /// date (a watched workflow has overdue timers: the timer worker is behind) is the status read again the long way,
    /// in a read-only transaction.
    public func status(_ id: Int64, as caller: Caller, at now: Date) async throws(ServiceError) -> Status {
        let fast = try await readStatement { connection in try self.quickStatus(id, caller, at: now, on: connection) }
        if let fast { return fast }
        return try await read { connection in try self.fullStatus(id, caller, at: now, on: connection) }
    }

    /// The record as its viewer sees it and its history, in one read (the dashboard's record page).
    public func statusAndHistory(_ id: Int64, as caller: Caller, at now: Date) async throws(ServiceError) -> (Status, [HistoryEntry]) {
        try await read { connection in
            let status = try self.quickStatus(id, caller, at: now, on: connection) ?? self.fullStatus(id, caller, at: now, on: connection)
            return (status, try self.store.history(id, on: connection))
        }
    }

    /// The status from one statement; nil when a reaction may be due and the long way must be taken.
    func quickStatus(_ id: Int64, _ caller: Caller, at now: Date, on connection: Connection) throws -> Status? {
        guard let read = try store.statusRead(id, userID: caller.userID, asOf: now, on: connection) else {
            throw UserStoreError(.notFound, user: caller.userID)
        }
        guard read.userActive else { throw UserStoreError(.inactive, user: caller.userID) }
        guard let record = read.record, !read.coveringRoles.isEmpty else { throw ServiceError.noRecord(id) }
        let actor = try narrowed(WorkflowActor(id: caller.userID, roles: read.coveringRoles, onBehalfOf: caller.onBehalfOf), record: record, caller)
        guard let due = try store.dueState(of: read, asOf: now, on: connection) else { return nil }
        let engine = try store.engine(of: record, on: connection)
        return Status(
            record: record, definition: engine.definition, events: engine.availableEvents(record.snapshot, actor: actor, now: now),
            roles: actor.roles, dueState: due)
    }

    /// The status the long way: user, record, covering grants, due states (reactions included), each read apart.
    func fullStatus(_ id: Int64, _ caller: Caller, at now: Date, on connection: Connection) throws -> Status {
        let (record, actor) = try resolve(id, caller, on: connection)
        let engine = try store.engine(of: record, on: connection)
        return Status(
            record: record, definition: engine.definition, events: engine.availableEvents(record.snapshot, actor: actor, now: now),
            roles: actor.roles, dueState: try store.dueStates(of: [record], asOf: now, on: connection)[record.id])
    }

    /// One statement on a pooled connection, outside any transaction block (a single statement is its own snapshot);
    /// any failure becomes a ``ServiceError``.
    func readStatement<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(ServiceError) -> T {
        let pool = store.pool
        return try await ServiceError.translating { try await pool.withConnection(body) }
    }
}
