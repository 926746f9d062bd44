import Foundation
import LibPQ
import Store
import TestSupport
import Testing
import Workflow

@Suite("Workflow store: transitions, history, conflicts, idempotency")
struct WorkflowStoreTests {
    @Test func startAndFireWriteStateHistoryTimersAndOutbox() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let store = fixture.store
        let created = try await store.start(
            workflow: "review", actor: WorkflowFixture.district, data: ["product_name": .string("Nước chấm Thanh Mai")],
            subjectID: "ct-thanh-mai", unitCode: "quang-tho", now: WorkflowFixture.t0)
        #expect(created.snapshot.state == "DRAFT")
        #expect(created.snapshot.version == 1)

        let submitted = try await store.fire(FireRequest(instanceID: created.id, event: "submit", actor: WorkflowFixture.producer, now: WorkflowFixture.t0))
        #expect(submitted.fromState == "DRAFT" && submitted.toState == "SUBMITTED" && submitted.version == 2)
        let approved = try await store.fire(
            FireRequest(
                instanceID: created.id, event: "approve", actor: WorkflowFixture.province,
                input: ["score": .decimal(Decimal(string: "72.50")!), "decision_ref": .string("901/QĐ-UBND")],
                comment: "đạt yêu cầu", legalRef: "901/QĐ-UBND ngày 29/4/2022", now: WorkflowFixture.t0.addingTimeInterval(3600)))
        #expect(approved.version == 3)

        let record = try await store.instance(created.id)
        #expect(record.snapshot.state == "APPROVED")
        #expect(record.snapshot.data["score"] == .decimal(Decimal(string: "72.50")!))
        #expect(record.snapshot.data["product_name"] == .string("Nước chấm Thanh Mai"))
        #expect(record.subjectID == "ct-thanh-mai")

        let history = try await store.history(created.id)
        #expect(history.map(\.seq) == [1, 2, 3])
        #expect(history.map(\.event) == ["create", "submit", "approve"])
        #expect(history[2].actor == "vpdp-ha-tinh" && history[2].actingRole == "VPDPT")
        #expect(history[2].legalRef == "901/QĐ-UBND ngày 29/4/2022")
        #expect(history[2].comment == "đạt yêu cầu")
        #expect(Set(history.map(\.hash)).count == 3)

        // Entering SUBMITTED scheduled the deadline; leaving it cancelled the timer.
        #expect(try fixture.count("SELECT count(*) FROM workflow_timer WHERE status = 'cancelled'") == 1)
        #expect(try fixture.count("SELECT count(*) FROM workflow_timer WHERE status = 'pending'") == 0)
        #expect(try fixture.count("SELECT count(*) FROM workflow_outbox") == 3)
    }

    @Test func aRejectedEventChangesNothingAndSaysWhy() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let created = try await fixture.store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0)
        _ = try await fixture.store.fire(FireRequest(instanceID: created.id, event: "submit", actor: WorkflowFixture.producer, now: WorkflowFixture.t0))
        do {
            _ = try await fixture.store.fire(
                FireRequest(
                    instanceID: created.id, event: "approve", actor: WorkflowFixture.producer, input: ["score": .decimal(68)],
                    now: WorkflowFixture.t0))
            Issue.record("approve by a producer with 68 points must be rejected")
        } catch let error as WorkflowStoreError {
            #expect(error.code == .rejected)
            let codes = error.rejection?.codes ?? []
            #expect(codes.contains(.roleNotAllowed))
            #expect(codes.contains(.guardFailed))
            #expect(codes.contains(.inputMissing))
            #expect(error.message.vi.contains("68"))
        }
        let record = try await fixture.store.instance(created.id)
        #expect(record.snapshot.state == "SUBMITTED" && record.snapshot.version == 2)
        #expect(try await fixture.store.history(created.id).count == 2)
        #expect(try fixture.count("SELECT count(*) FROM workflow_outbox") == 2)
    }

    @Test func unknownInstancesAndWorkflowsAreNotFound() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        await #expect(throws: WorkflowStoreError.self) { try await fixture.store.instance(999_999) }
        do {
            _ = try await fixture.store.fire(FireRequest(instanceID: 999_999, event: "submit", actor: WorkflowFixture.producer, now: WorkflowFixture.t0))
        } catch let error as WorkflowStoreError {
            #expect(error.code == .instanceNotFound)
        }
        do {
            _ = try await fixture.store.start(workflow: "không_có", actor: WorkflowFixture.producer, now: WorkflowFixture.t0)
        } catch let error as WorkflowStoreError {
            #expect(error.code == .workflowNotFound)
        }
    }

    @Test func aStaleVersionIsAConflictNamingTheCurrentState() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let created = try await fixture.store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0)
        _ = try await fixture.store.fire(
            FireRequest(instanceID: created.id, event: "submit", actor: WorkflowFixture.producer, expectedVersion: 1, now: WorkflowFixture.t0))
        do {
            _ = try await fixture.store.fire(
                FireRequest(instanceID: created.id, event: "reopen", actor: WorkflowFixture.district, expectedVersion: 1, now: WorkflowFixture.t0))
            Issue.record("a stale version must conflict")
        } catch let error as WorkflowStoreError {
            #expect(error.code == .conflict)
            #expect(error.currentState == "SUBMITTED")
            #expect(error.currentVersion == 2)
            #expect(error.message.vi.contains("SUBMITTED"))
        }
        #expect(try await fixture.store.instance(created.id).snapshot.version == 2)
    }

    @Test func anIdempotencyKeyFiresOnce() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let created = try await fixture.store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0)
        let request = FireRequest(instanceID: created.id, event: "submit", actor: WorkflowFixture.producer, idempotencyKey: "req-1", now: WorkflowFixture.t0)
        let first = try await fixture.store.fire(request)
        let again = try await fixture.store.fire(request)
        #expect(!first.replayed && again.replayed)
        #expect(again.version == first.version && again.toState == first.toState)
        #expect(try await fixture.store.history(created.id).count == 2)

        // Concurrent retries of one request: still a single row.
        let other = try await fixture.store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0)
        let store = fixture.store
        let results = try await withThrowingTaskGroup(of: FireResult.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await store.fire(FireRequest(instanceID: other.id, event: "submit", actor: WorkflowFixture.producer, idempotencyKey: "req-2", now: WorkflowFixture.t0))
                }
            }
            return try await group.reduce(into: [FireResult]()) { $0.append($1) }
        }
        #expect(results.filter { !$0.replayed }.count == 1)
        #expect(try await fixture.store.history(other.id).count == 2)

        // The same key (of the same sender) for another request is refused.
        do {
            _ = try await fixture.store.fire(FireRequest(instanceID: created.id, event: "reopen", actor: WorkflowFixture.producer, idempotencyKey: "req-1", now: WorkflowFixture.t0))
            Issue.record("a reused key must be refused")
        } catch let error as WorkflowStoreError {
            #expect(error.code == .idempotencyKeyReused)
        }
    }

    @Test func historyIsAppendOnlyInTheDatabaseItself() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let created = try await fixture.store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0)
        let connection = try fixture.database.connect()
        for statement in [
            "UPDATE workflow_transition SET comment = 'sửa' WHERE instance_id = \(created.id)",
            "DELETE FROM workflow_transition WHERE instance_id = \(created.id)",
            "TRUNCATE workflow_transition CASCADE",
        ] {
            do {
                try connection.executeScript(statement)
                Issue.record("\(statement) must be refused")
            } catch let error as DatabaseError {
                #expect(error.sqlState?.rawValue == "OC001")
                #expect(error.message.contains("append-only"))
            }
        }
        // A row out of sequence is refused too.
        do {
            try connection.execute(
                """
                INSERT INTO workflow_transition (instance_id, seq, event, to_state, actor, acting_role, at, prev_hash, hash)
                VALUES (\(created.id), \(5), 'x', 'DRAFT', 'a', 'CT', now(), '', '')
                """)
            Issue.record("a gap must be refused")
        } catch let error as DatabaseError {
            #expect(error.sqlState?.rawValue == "OC002")
        }
    }

    @Test func auditVerifyFindsRowsEditedBehindTheTriggersBack() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let store = fixture.store
        var ids: [Int64] = []
        for _ in 0..<3 {
            let created = try await store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0)
            _ = try await store.fire(FireRequest(instanceID: created.id, event: "submit", actor: WorkflowFixture.producer, now: WorkflowFixture.t0))
            _ = try await store.fire(FireRequest(instanceID: created.id, event: "reopen", actor: WorkflowFixture.district, now: WorkflowFixture.t0))
            ids.append(created.id)
        }
        let clean = try await store.verifyAudit()
        #expect(clean.findings.isEmpty)
        #expect(clean.rows == 9 && clean.instances == 3)

        // A superuser disables the guard trigger and edits a row.
        let connection = try fixture.database.connect()
        try connection.executeScript(
            """
            ALTER TABLE workflow_transition DISABLE TRIGGER workflow_transition_no_update;
            UPDATE workflow_transition SET actor = 'người khác' WHERE instance_id = \(ids[1]) AND seq = 2;
            DELETE FROM workflow_transition WHERE instance_id = \(ids[2]) AND seq = 2;
            ALTER TABLE workflow_transition ENABLE TRIGGER workflow_transition_no_update;
            """)
        let report = try await store.verifyAudit()
        #expect(report.findings.contains { $0.kind == .rowAltered && $0.instanceID == ids[1] && $0.seq == 2 })
        // The deleted row is one finding (rows missing), not a broken link plus a gap for every row after it.
        #expect(report.findings.filter { $0.instanceID == ids[2] }.map(\.kind) == [.sequenceGap])
        #expect(report.findings.contains { $0.kind == .sequenceGap && $0.instanceID == ids[2] && $0.seq == 2 })
        #expect(!report.findings.contains { $0.instanceID == ids[0] })
    }

    @Test func theCreationIsRecordedInTheWorkflowsFirstRoleTheActorHolds() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        // The review workflow lists its roles as CT, HUYEN, VPDPT, SYSTEM.
        let official = WorkflowActor(id: "nhieu-vai-tro", roles: ["VPDPT", "HUYEN", "ADMIN"])
        let created = try await fixture.store.start(workflow: "review", actor: official, now: WorkflowFixture.t0)
        #expect(try await fixture.store.history(created.id).first?.actingRole == "HUYEN")
    }
}
