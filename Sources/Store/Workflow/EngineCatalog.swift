import Foundation
import LibPQ
import Workflow

/// The definition versions the store knows, and an engine for each, loaded once from the stored YAML.
///
/// Instances stay on the version they started on, so an engine is looked up by definition id; the *current*
/// version of a workflow is the one registered from the files at startup (or the newest stored).
final class EngineCatalog: @unchecked Sendable {
    private let lock = NSLock()
    private var engines: [Int64: (engine: Engine, hash: String)] = [:]
    private var current: [String: Int64] = [:]
    /// Reactions by the workflow they watch, built once from the current versions (dropped when one is registered).
    private var reactionIndex: [String: [(workflow: String, reaction: ReactionDefinition)]]?
    /// Adopted files not parsed yet, by definition id.
    private var unparsed: [Int64: WorkflowFileSet.Entry] = [:]
    let guards: GuardRegistry
    let calendar: WorkingCalendar

    init(guards: GuardRegistry, calendar: WorkingCalendar) {
        self.guards = guards
        self.calendar = calendar
    }

    /// Stores a definition version (once per content hash) and makes it the current one for its name.
    ///
    /// A version already stored is found by its hash first, so registering the same files again takes no id from the
    /// sequence (an `INSERT … ON CONFLICT DO NOTHING` would burn one each time).
    func register(_ definition: WorkflowDefinition, source: String, on connection: Connection) throws -> Int64 {
        let id: Int64
        if let row = try connection.query("SELECT id FROM workflow_definition WHERE content_hash = \(definition.contentHash)").first {
            id = try row.decode("id", as: Int64.self)
        } else if let row = try connection.query(
            """
            INSERT INTO workflow_definition (name, version_label, content_hash, source, source_path)
            VALUES (\(definition.name), \(definition.versionLabel), \(definition.contentHash), \(source), \(definition.sourcePath))
            ON CONFLICT (content_hash) DO NOTHING RETURNING id
            """
        ).first {
            id = try row.decode("id", as: Int64.self)
        } else {
            // Another process stored it between the two statements.
            id = try connection.query("SELECT id FROM workflow_definition WHERE content_hash = \(definition.contentHash)").single()
                .decode("id", as: Int64.self)
        }
        lock.withLock {
            engines[id] = (Engine(definition: definition, guards: guards, calendar: calendar), definition.contentHash)
            current[definition.name] = id
            reactionIndex = nil
            unparsed[id] = nil
        }
        return id
    }

    /// Makes a stored version current from its file, without parsing it: the engine is built from the file's bytes
    /// the first time something needs it.
    func adopt(id: Int64, name: String, file: WorkflowFileSet.Entry) {
        lock.withLock {
            current[name] = id
            reactionIndex = nil
            if engines[id] == nil { unparsed[id] = file }
        }
    }

    /// The current definition id of a workflow: registered from files, else the newest stored.
    func currentID(of workflow: String, on connection: Connection) throws -> Int64 {
        if let id = lock.withLock({ current[workflow] }) { return id }
        guard let row = try connection.query("SELECT max(id) AS id FROM workflow_definition WHERE name = \(workflow)").first,
            let id = try row.decode("id", as: Int64?.self)
        else {
            throw WorkflowStoreError(
                .workflowNotFound,
                message: Bilingual(vi: "không có quy trình \"\(workflow)\"", en: "no workflow named \"\(workflow)\""))
        }
        return id
    }

    /// The engine of a stored definition version whose content hash the caller has just read: a cached engine built from
    /// other content (a database recreated under the same ids) is dropped and built again, so the cache is keyed by
    /// the definition's content, and a read that found the hash needs no statement for the definition.
    func engine(for id: Int64, hash: String, on connection: Connection) throws -> Engine {
        lock.withLock {
            if let cached = engines[id], cached.hash != hash {
                engines[id] = nil
                reactionIndex = nil
            }
        }
        return try engine(for: id, on: connection)
    }

    /// The engine of a stored definition version.
    func engine(for id: Int64, on connection: Connection) throws -> Engine {
        let (cached, file) = lock.withLock { (engines[id], unparsed[id]) }
        if let cached { return cached.engine }
        if let file, let definition = try? WorkflowDefinition.load(path: WorkflowFiles.relativePath(file.path), source: file.data, guards: guards) {
            let engine = Engine(definition: definition, guards: guards, calendar: calendar)
            lock.withLock {
                engines[id] = (engine, definition.contentHash)
                unparsed[id] = nil
            }
            return engine
        }
        let row = try connection.query("SELECT source, source_path, content_hash FROM workflow_definition WHERE id = \(id)").single()
        let source = try row.decode("source", as: String.self)
        let path = try row.decode("source_path", as: String.self)
        do {
            let definition = try WorkflowDefinition.load(path: path, yaml: source, guards: guards)
            let engine = Engine(definition: definition, guards: guards, calendar: calendar)
            lock.withLock { engines[id] = (engine, definition.contentHash) }
            return engine
        } catch {
            throw WorkflowStoreError(
                .definitionUnavailable,
                message: Bilingual(
                    vi: "phiên bản quy trình \(id) (\(path)) không còn nạp được: \(error)",
                    en: "workflow version \(id) (\(path)) no longer loads: \(error)"))
        }
    }

    /// The reactions of every workflow's current version to records of `sourceWorkflow`, as (reacting workflow, reaction).
    ///
    /// A process that registered the files knows the current versions; one that did not takes the newest stored version
    /// of every workflow, so that no door skips a reaction.
    func reactions(to sourceWorkflow: String, on connection: Connection) throws -> [(workflow: String, reaction: ReactionDefinition)] {
        if let index = lock.withLock({ reactionIndex }) { return index[sourceWorkflow] ?? [] }
        var ids = lock.withLock { Array(current.values) }
        if ids.isEmpty {
            ids = try connection.query("SELECT max(id) AS id FROM workflow_definition GROUP BY name").map { try $0.decode("id", as: Int64.self) }
        }
        var index: [String: [(workflow: String, reaction: ReactionDefinition)]] = [:]
        for id in ids.sorted() {
            let definition = try engine(for: id, on: connection).definition
            for reaction in definition.reactions { index[reaction.sourceWorkflow, default: []].append((definition.name, reaction)) }
        }
        lock.withLock { reactionIndex = index }
        return index[sourceWorkflow] ?? []
    }

    /// The content hash of a stored definition version.
    func hash(of id: Int64, on connection: Connection) throws -> String {
        if let cached = lock.withLock({ engines[id]?.hash ?? unparsed[id]?.hash }) { return cached }
        return try connection.query("SELECT content_hash FROM workflow_definition WHERE id = \(id)").single().decode("content_hash", as: String.self)
    }
}
