import Foundation
import LibPQ
import Store
import TestSupport
import Testing
import Workflow

@Suite("Definition versions, diff, migrate, bulk")
struct WorkflowVersionTests {
    /// The review fixture with SUBMITTED renamed to IN_REVIEW (same Vietnamese label) and a new state.
    static var reviewV2: String {
        WorkflowFixture.reviewYAML
            .replacingOccurrences(of: "version: \"test-1\"", with: "version: \"test-2\"")
            .replacingOccurrences(of: "SUBMITTED", with: "IN_REVIEW")
    }

    @Test func aChangedFileIsANewVersionAndInstancesStayOnTheirs() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let store = fixture.store
        let old = try await store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0)
        _ = try await store.fire(FireRequest(instanceID: old.id, event: "submit", actor: WorkflowFixture.producer, now: WorkflowFixture.t0))
        let v2 = try await store.register(yaml: Self.reviewV2, path: "review-v2.yaml")
        #expect(v2 != old.definitionID)
        // Registering the same text again is the same version.
        #expect(try await store.register(yaml: Self.reviewV2, path: "elsewhere.yaml") == v2)

        let new = try await store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0)
        #expect(new.definitionID == v2)
        // The old instance still runs on the old definition: SUBMITTED → APPROVED works there.
        let approved = try await store.fire(
            FireRequest(instanceID: old.id, event: "approve", actor: WorkflowFixture.province, input: ["score": .int(80), "decision_ref": .string("x")], now: WorkflowFixture.t0))
        #expect(approved.toState == "APPROVED")
    }

    @Test func diffNamesRemovedAndRenamedStatesWithStrandedCounts() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let store = fixture.store
        var ids: [Int64] = []
        for _ in 0..<3 {
            let created = try await store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0)
            _ = try await store.fire(FireRequest(instanceID: created.id, event: "submit", actor: WorkflowFixture.producer, now: WorkflowFixture.t0))
            ids.append(created.id)
        }
        let draft = try await store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0)
        let v1 = draft.definitionID
        let v2 = try await store.register(yaml: Self.reviewV2, path: "review-v2.yaml")
        let connection = try fixture.database.connect()
        let diff = try store.diff(from: v1, to: v2, on: connection)
        #expect(diff.removedStates.map(\.state) == ["SUBMITTED"])
        #expect(diff.removedStates.first?.liveInstances == 3)
        #expect(diff.renamedStates.map(\.to) == ["IN_REVIEW"])
        #expect(diff.addedStates == ["IN_REVIEW"])
        #expect(diff.strandedInstances == 3)

        // Without a map the move is refused and nothing changes.
        let refused = try connection.transaction { conn in
            try store.migrate(from: v1, to: v2, stateMap: [:], actor: WorkflowFixture.district, apply: true, now: WorkflowFixture.t0, on: conn)
        }
        #expect(!refused.applied)
        #expect(refused.stranded.map(\.state) == ["SUBMITTED"] && refused.stranded.first?.instances == 3)
        #expect(try await store.instance(ids[0]).definitionID == v1)

        // A dry run with the map plans, and applies nothing.
        let dry = try connection.transaction { conn in
            try store.migrate(from: v1, to: v2, stateMap: ["SUBMITTED": "IN_REVIEW"], actor: WorkflowFixture.district, apply: false, now: WorkflowFixture.t0, on: conn)
        }
        #expect(!dry.applied && dry.moves.count == 4 && dry.stranded.isEmpty)
        #expect(try await store.instance(ids[0]).snapshot.state == "SUBMITTED")

        let applied = try connection.transaction { conn in
            try store.migrate(from: v1, to: v2, stateMap: ["SUBMITTED": "IN_REVIEW"], actor: WorkflowFixture.district, apply: true, now: WorkflowFixture.t0, on: conn)
        }
        #expect(applied.applied)
        let moved = try await store.instance(ids[0])
        #expect(moved.definitionID == v2 && moved.snapshot.state == "IN_REVIEW" && moved.snapshot.version == 3)
        let history = try await store.history(ids[0])
        #expect(history.last?.event == "migrate_definition")
        #expect(history.last?.fromState == "SUBMITTED" && history.last?.toState == "IN_REVIEW")
        #expect(try fixture.count("SELECT count(*) FROM workflow_migration") == 1)
        // The moved instance keeps working on the new version.
        let approved = try await store.fire(
            FireRequest(instanceID: ids[0], event: "approve", actor: WorkflowFixture.province, input: ["score": .int(90), "decision_ref": .string("x")], now: WorkflowFixture.t0))
        #expect(approved.toState == "APPROVED")
        #expect(try await store.verifyAudit().findings.isEmpty)
    }

    @Test func bulkFireDryRunThenApplyWithOneBatchID() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let store = fixture.store
        // The producer's records (their subject), so that their grant covers them.
        try await fixture.pool.write { connection in
            try UserStore().add(id: "ct-thanh-mai", name: "Thanh Mai", on: connection)
            try UserStore().grant(.init(role: "CT", subjectID: "thanh-mai"), to: "ct-thanh-mai", by: "admin", on: connection)
        }
        let service = WorkflowService(store: store)
        let producer = Caller("ct-thanh-mai")
        var ids: [Int64] = []
        for index in 0..<4 {
            let created = try await store.start(workflow: "review", actor: WorkflowFixture.district, subjectID: "thanh-mai", now: WorkflowFixture.t0)
            if index == 3 { _ = try await store.fire(FireRequest(instanceID: created.id, event: "submit", actor: WorkflowFixture.producer, now: WorkflowFixture.t0)) }
            ids.append(created.id)
        }
        let targets = ids + [987_654]
        let dry = try await service.bulk("submit", on: .ids(targets), dryRun: true, as: producer, at: WorkflowFixture.t0)
        #expect(dry.batchID == nil && dry.succeeded == 3)
        #expect(dry.items[3].outcome != .fired(to: "SUBMITTED", version: 3))
        #expect(dry.items[4].outcome == .notFound)
        #expect(try fixture.count("SELECT count(*) FROM workflow_instance WHERE state = 'SUBMITTED'") == 1)

        let applied = try await service.bulk("submit", on: .ids(targets), dryRun: false, as: producer, at: WorkflowFixture.t0)
        let batch = try #require(applied.batchID)
        #expect(applied.succeeded == 3)
        #expect(try fixture.count("SELECT count(*) FROM workflow_instance WHERE state = 'SUBMITTED'") == 4)
        #expect(try fixture.count("SELECT count(*) FROM workflow_transition WHERE batch_id = \(batch)") == 3)
        let selected = try await service.list(.init(workflow: "review", state: "SUBMITTED"), as: producer).items.map(\.record.id)
        #expect(selected == ids)
    }
}
