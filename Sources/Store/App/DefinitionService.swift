import Foundation
import LibPQ
import Workflow

/// The workflow definitions as stored: versions, diffs, registering a file, migrating live records (the history's
/// audit is ``AuditService``). Migrating changes live records and is an administrator's act (ADMIN).
public struct DefinitionService: Sendable {
    let store: WorkflowStore

    /// Every stored version (of one workflow, or all).
    public func versions(of workflow: String? = nil) async throws(ServiceError) -> [WorkflowStore.DefinitionVersion] {
        try await read { connection in try self.store.versions(of: workflow, on: connection) }
    }

    /// A stored version's id from an id or a hash prefix.
    public func versionID(_ reference: String) async throws(ServiceError) -> Int64 {
        try await read { connection in try self.store.version(reference, on: connection).id }
    }

    /// The definition of a stored version (id or hash prefix).
    public func definition(version reference: String) async throws(ServiceError) -> WorkflowDefinition {
        try await read { connection in
            let stored = try self.store.version(reference, on: connection)
            return try self.store.engine(definitionID: stored.id, on: connection).definition
        }
    }

    /// Registers a workflow file's text as a version (checked like every definition) and returns its id.
    public func register(yaml: String, path: String) async throws(ServiceError) -> Int64 {
        try await ServiceError.translating { try await store.register(yaml: yaml, path: path) }
    }

    /// What changes from one version to another, with the live records each change strands.
    public func diff(from: Int64, to: Int64) async throws(ServiceError) -> WorkflowStore.DefinitionDiff {
        try await read { connection in try self.store.diff(from: from, to: to, on: connection) }
    }

    /// Moves live records between versions with a state map: a dry run, or (`apply`) as an administrator, audited.
    public func migrate(
        from: Int64, to: Int64, stateMap: [String: String], apply: Bool, as caller: Caller?, at now: Date
    ) async throws(ServiceError) -> WorkflowStore.MigrationPlan {
        let pool = store.pool
        return try await ServiceError.translating {
            try await pool.write(.readCommitted, maxAttempts: 1) { connection in
                var actor = WorkflowActor(id: "dry-run", roles: [])
                if let caller {
                    actor = try UserStore().actor(caller.userID, on: connection)
                }
                if apply {
                    guard caller != nil else {
                        throw ServiceError.badInput(vi: "áp dụng cần người thực hiện (--as)", en: "applying needs the acting user (--as)")
                    }
                    guard actor.roles.contains("ADMIN") else {
                        throw ServiceError(
                            .forbidden,
                            message: Bilingual(
                                vi: "chỉ quản trị viên (ADMIN) được chuyển hồ sơ sang phiên bản quy trình khác",
                                en: "only an administrator (ADMIN) may move records to another workflow version"))
                    }
                }
                return try self.store.migrate(from: from, to: to, stateMap: stateMap, actor: actor, apply: apply, now: now, on: connection)
            }
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(ServiceError) -> T {
        let pool = store.pool
        return try await ServiceError.translating { try await pool.withConnection(body) }
    }
}

extension Services {
    /// Stored workflow versions, diffs and migrations.
    public var definitions: DefinitionService { DefinitionService(store: store) }
}
