import Foundation
import LibPQ
import Workflow

extension WorkflowStore {
    /// One stored version of a definition.
    public struct DefinitionVersion: Sendable, Hashable {
        public var id: Int64
        public var name: String
        public var versionLabel: String
        public var contentHash: String
        public var sourcePath: String
        public var registeredAt: Date
        /// Instances on this version, by state.
        public var instancesByState: [String: Int]
    }

    /// How two versions differ, and what moving instances from the first to the second would strand.
    public struct DefinitionDiff: Sendable {
        public var from: DefinitionVersion
        public var to: DefinitionVersion
        /// States of `from` missing from `to`, with the live instances in each.
        public var removedStates: [(state: String, liveInstances: Int)]
        /// Likely renames: a removed state whose Vietnamese label reappears on an added state.
        public var renamedStates: [(from: String, to: String)]
        public var addedStates: [String]
        public var removedEvents: [String]
        public var addedEvents: [String]
        /// Live instances (not in a final state) that would have no state in `to` without a map.
        public var strandedInstances: Int
    }

    /// Every stored version, newest first, optionally of one workflow.
    public func versions(of workflow: String? = nil, on connection: Connection) throws -> [DefinitionVersion] {
        let rows = try connection.query(
            """
            SELECT d.id, d.name, d.version_label, d.content_hash, d.source_path, d.registered_at,
                   coalesce(jsonb_object_agg(c.state, c.n) FILTER (WHERE c.state IS NOT NULL), '{}') AS counts
            FROM workflow_definition d
            LEFT JOIN (SELECT definition_id, state, count(*)::int AS n FROM workflow_instance GROUP BY 1, 2) c ON c.definition_id = d.id
            WHERE \(workflow)::text IS NULL OR d.name = \(workflow)
            GROUP BY d.id ORDER BY d.id DESC
            """)
        return try rows.map { row in
            DefinitionVersion(
                id: try row.decode("id"), name: try row.decode("name"), versionLabel: try row.decode("version_label"),
                contentHash: try row.decode("content_hash"), sourcePath: try row.decode("source_path"), registeredAt: try row.decode("registered_at"),
                instancesByState: try row.decode("counts", as: JSONB<[String: Int]>.self).value)
        }
    }

    /// A stored version by id, or by a prefix (≥ 6 characters) of its content hash.
    public func version(_ reference: String, on connection: Connection) throws -> DefinitionVersion {
        let all = try versions(on: connection)
        let matches = all.filter { String($0.id) == reference || (reference.count >= 6 && $0.contentHash.hasPrefix(reference.lowercased())) }
        guard matches.count == 1 else {
            throw WorkflowStoreError(
                .badInput,
                message: matches.isEmpty
                    ? Bilingual(vi: "không có phiên bản quy trình \"\(reference)\"", en: "no workflow version \"\(reference)\"")
                    : Bilingual(vi: "\"\(reference)\" khớp nhiều phiên bản; ghi dài hơn", en: "\"\(reference)\" matches several versions; give more of it"))
        }
        return matches[0]
    }

    /// Compares two stored versions of the same workflow.
    public func diff(from: Int64, to: Int64, on connection: Connection) throws -> DefinitionDiff {
        let versions = try self.versions(on: connection)
        guard let old = versions.first(where: { $0.id == from }), let new = versions.first(where: { $0.id == to }) else {
            throw WorkflowStoreError(.badInput, message: Bilingual(vi: "không có phiên bản \(from) hoặc \(to)", en: "no version \(from) or \(to)"))
        }
        let a = try catalog.engine(for: from, on: connection).definition
        let b = try catalog.engine(for: to, on: connection).definition
        let bStates = Set(b.states.map(\.code))
        let aStates = Set(a.states.map(\.code))
        let removed = a.states.filter { !bStates.contains($0.code) }
        let added = b.states.filter { !aStates.contains($0.code) }
        let renamed = removed.compactMap { state in added.first { $0.label.vi == state.label.vi }.map { (state.code, $0.code) } }
        let finals = Set(a.states.filter(\.isFinal).map(\.code))
        let removedCounts = removed.map { ($0.code, finals.contains($0.code) ? 0 : old.instancesByState[$0.code] ?? 0) }
        return DefinitionDiff(
            from: old, to: new, removedStates: removedCounts, renamedStates: renamed, addedStates: added.map(\.code),
            removedEvents: Set(a.eventNames).subtracting(b.eventNames).sorted(), addedEvents: Set(b.eventNames).subtracting(a.eventNames).sorted(),
            strandedInstances: removedCounts.reduce(0) { $0 + $1.1 })
    }

    /// The result of a version migration.
    public struct MigrationPlan: Sendable {
        /// Live instances and the state each would move to.
        public var moves: [(instanceID: Int64, from: String, to: String)]
        /// States with live instances that the map does not place, with their counts; the plan is refused if any.
        public var stranded: [(state: String, instances: Int)]
        public var applied: Bool
    }

    /// Moves live instances from one version to another with an explicit state map (states absent from the map keep
    /// their code, which must exist in the target). A dry run unless `apply`; refused while anything would be
    /// stranded. Applied in one transaction: each instance gets a history row, and the move is recorded.
    public func migrate(
        from: Int64, to: Int64, stateMap: [String: String], actor: WorkflowActor, apply: Bool, now: Date, on connection: Connection
    ) throws -> MigrationPlan {
        let a = try catalog.engine(for: from, on: connection).definition
        let b = try catalog.engine(for: to, on: connection).definition
        guard a.name == b.name else {
            throw WorkflowStoreError(.badInput, message: Bilingual(vi: "hai phiên bản thuộc hai quy trình khác nhau", en: "the versions belong to different workflows"))
        }
        let targetStates = Set(b.states.map(\.code))
        for (source, target) in stateMap where a.state(source) == nil || !targetStates.contains(target) {
            throw WorkflowStoreError(
                .badInput, message: Bilingual(vi: "ánh xạ \(source)→\(target) nêu trạng thái không có", en: "map \(source)→\(target) names an unknown state"))
        }
        let finals = a.states.filter(\.isFinal).map(\.code)
        let live = try connection.query(
            "SELECT id, state FROM workflow_instance WHERE definition_id = \(from) AND NOT (state = ANY(\(finals))) ORDER BY id FOR UPDATE")
        var moves: [(Int64, String, String)] = []
        var stranded: [String: Int] = [:]
        for row in live {
            let state: String = try row.decode("state")
            let target = stateMap[state] ?? state
            if targetStates.contains(target) {
                moves.append((try row.decode("id"), state, target))
            } else {
                stranded[state, default: 0] += 1
            }
        }
        let plan = MigrationPlan(moves: moves, stranded: stranded.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, applied: apply && stranded.isEmpty)
        guard plan.applied else { return plan }
        let role = actor.roles.sorted().first ?? WorkflowActor.systemRole
        for (id, state, target) in moves {
            let version = try connection.query(
                "UPDATE workflow_instance SET definition_id = \(to), state = \(target), version = version + 1, updated_at = \(now) WHERE id = \(id) RETURNING version"
            ).single().decode("version", as: Int.self)
            try appendHistory(
                instanceID: id, seq: version, event: "migrate_definition", from: state, to: target, actor: actor, role: role,
                input: ["from_definition": .int(from), "to_definition": .int(to)], comment: "\(a.versionLabel) → \(b.versionLabel)",
                legalRef: nil, batchID: nil, idempotencyKey: nil, at: now, on: connection)
            // Timers the new version no longer has for the state are cancelled; the rest keep their due time.
            let kept = b.timers(in: target).map(\.name)
            try connection.execute(
                "UPDATE workflow_timer SET status = 'cancelled', closed_at = \(now) WHERE instance_id = \(id) AND status = 'pending' AND NOT (name = ANY(\(kept)))")
        }
        try connection.execute(
            """
            INSERT INTO workflow_migration (from_definition, to_definition, state_map, actor, instances)
            VALUES (\(from), \(to), \(JSONB(stateMap)), \(actor.id), \(moves.count))
            """)
        return plan
    }
}
