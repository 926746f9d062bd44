import Foundation
import LibPQ
import Logging
import Workflow

/// Persists workflow instances: every state change is one transaction holding the instance row, its history
/// row (hash-chained by the database), its timers and an outbox row, with a NOTIFY delivered at commit.
///
/// Each operation exists twice: on a `Connection` inside the caller's transaction (so domain code can change its
/// own tables in the same transaction), and as an `async` call that opens the transaction itself on the pool.
///
/// ```swift
/// let store = WorkflowStore(pool: pool, guards: Domain.registry)
/// try await store.register(directory: workflowsFolder)
/// let idea = try await store.start(workflow: "product_idea", actor: staff, now: .now)
/// let result = try await store.fire(FireRequest(instanceID: idea.id, event: "submit", actor: staff, now: .now))
/// ```
public final class WorkflowStore: Sendable {
    /// The pool the async calls use.
    public let pool: ConnectionPool
    let catalog: EngineCatalog
    let logger: Logger

    /// The channel a NOTIFY is sent on for every committed transition (payload `instance:seq`).
    public static let transitionChannel = "ocop_transition"
    /// The channel a NOTIFY is sent on when a timer is scheduled (wakes timer workers).
    public static let timerChannel = "ocop_timer"

    /// Creates a store on a pool, with the guards definitions may name and the working-day calendar.
    public init(pool: ConnectionPool, guards: GuardRegistry = .builtIn, calendar: WorkingCalendar = .weekendsOnly, logger: Logger = Logger(label: "ocop.workflow")) {
        self.pool = pool
        catalog = EngineCatalog(guards: guards, calendar: calendar)
        self.logger = logger
    }

    /// The guards definitions are checked against.
    public var guards: GuardRegistry { catalog.guards }

    // MARK: - Definitions

    /// Loads every top-level `*.yaml` of a folder, registers each version, and makes them current.
    /// Every file's problems are reported together.
    @discardableResult
    public func register(directory: URL) async throws -> [String: Int64] {
        let files = WorkflowFileSet.read(directory: directory, guards: catalog.guards)
        let known = try await pool.withConnection { connection in try files.lookup(on: connection) }
        return try await register(files, known: known)
    }

    /// Makes a set of files current. When `known` (one lookup, see ``WorkflowFileSet/lookup(on:)``) shows the set
    /// registered, nothing is parsed or written: each file's stored version becomes current, parsed when first used.
    /// Otherwise every file is loaded and checked (all problems reported together) and registered in one transaction,
    /// with the set recorded for the next start.
    @discardableResult
    public func register(_ files: WorkflowFileSet, known: WorkflowFileSet.Known) async throws -> [String: Int64] {
        if files.isRegistered(in: known) {
            var ids: [String: Int64] = [:]
            for file in files.entries {
                guard let stored = known.definitions[file.hash] else { continue }
                catalog.adopt(id: stored.id, name: stored.name, file: file)
                ids[stored.name] = stored.id
            }
            return ids
        }
        let loaded = try WorkflowFiles.load(directory: files.directory, guards: catalog.guards)
        return try await pool.write { connection in
            var ids: [String: Int64] = [:]
            for file in loaded { ids[file.definition.name] = try self.catalog.register(file.definition, source: file.source, on: connection) }
            // The set as read at the start; files changed since then make another set next time.
            let hashes = Set(loaded.map(\.definition.contentHash))
            if files.isComplete && hashes == Set(files.hashes) {
                try connection.execute(
                    """
                    INSERT INTO workflow_file_set (set_hash, definition_ids) VALUES (\(files.setHash), \(ids.values.sorted().map(String.init))::bigint[])
                    ON CONFLICT (set_hash) DO NOTHING
                    """)
            }
            return ids
        }
    }

    /// Registers one definition version from its YAML text and makes it current.
    @discardableResult
    public func register(yaml: String, path: String) async throws -> Int64 {
        let definition = try WorkflowDefinition.load(path: path, yaml: yaml, guards: catalog.guards)
        return try await pool.write { connection in try self.catalog.register(definition, source: yaml, on: connection) }
    }

    /// Registers on a connection (inside the caller's transaction).
    public func register(_ definition: WorkflowDefinition, source: String, on connection: Connection) throws -> Int64 {
        try catalog.register(definition, source: source, on: connection)
    }

    /// The engine (definition, guards, calendar) of a stored definition version.
    public func engine(definitionID: Int64, on connection: Connection) throws -> Engine {
        try catalog.engine(for: definitionID, on: connection)
    }

    // MARK: - Async wrappers

    /// Starts an instance of the current version of `workflow`.
    public func start(
        workflow: String, actor: WorkflowActor, data: [String: JSONValue] = [:], subjectID: String? = nil, unitCode: String? = nil,
        comment: String? = nil, now: Date
    ) async throws -> InstanceRecord {
        try await pool.write { connection in
            try self.start(
                workflow: workflow, actor: actor, data: data, subjectID: subjectID, unitCode: unitCode, comment: comment, now: now,
                on: connection)
        }
    }

    /// Fires an event (see ``fire(_:on:)``).
    public func fire(_ request: FireRequest) async throws -> FireResult {
        try await pool.write { connection in try self.fire(request, on: connection, flush: false) }
    }

    /// The instance, or `instanceNotFound`.
    public func instance(_ id: Int64) async throws -> InstanceRecord {
        try await pool.withConnection { connection in try self.instance(id, on: connection) }
    }

    /// The instance's history, oldest first.
    public func history(_ id: Int64) async throws -> [HistoryEntry] {
        try await pool.withConnection { connection in try self.history(id, on: connection) }
    }

    /// The instance with, for `actor`, every event of its definition and why each is or is not available.
    public func availability(_ id: Int64, actor: WorkflowActor, now: Date) async throws -> (InstanceRecord, Engine, [EventAvailability]) {
        try await pool.withConnection { connection in
            let record = try self.instance(id, on: connection)
            let engine = try self.catalog.engine(for: record.definitionID, on: connection)
            return (record, engine, engine.availableEvents(record.snapshot, actor: actor, now: now))
        }
    }
}
