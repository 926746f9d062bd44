import Foundation
import LibPQ
import Store
import TestSupport
import Testing
import Workflow

@Suite("Workflow timers: due instants, SYSTEM firings, failures, concurrent workers")
struct TimerTests {
    static var guardedTimerYAML: String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/guarded-timer.yaml")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    @Test func theReviewDeadlineFiresAtItsInstantOnceAsSystem() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let store = fixture.store
        let created = try await store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0)
        let submittedAt = WorkflowFixture.t0.addingTimeInterval(9 * 3600 + 30 * 60)
        _ = try await store.fire(FireRequest(instanceID: created.id, event: "submit", actor: WorkflowFixture.producer, now: submittedAt))
        let due = submittedAt.addingTimeInterval(10 * 86_400)

        let pending = try await store.pool.withConnection { try store.pendingTimers(on: $0) }
        #expect(pending.count == 1 && pending.first?.fireAt == due && pending.first?.event == "expire")
        #expect(try await store.pool.withConnection { try store.nextTimerDue(on: $0) } == due)

        // A second before: nothing.
        #expect(try await store.runDueTimers(now: due.addingTimeInterval(-1)).isEmpty)
        #expect(try await store.instance(created.id).snapshot.state == "SUBMITTED")

        // At the instant: once, as SYSTEM, at the due time (not the worker's clock).
        let firings = try await store.runDueTimers(now: due.addingTimeInterval(0.5))
        try #require(firings.count == 1)
        #expect(firings[0].name == "review_deadline" && firings[0].fireAt == due && firings[0].failure == nil)
        #expect(firings[0].result?.toState == "EXPIRED" && firings[0].result?.version == 3)
        let last = try #require(try await store.history(created.id).last)
        #expect(last.event == "expire" && last.actor == WorkflowActor.system.id && last.actingRole == WorkflowActor.systemRole)
        #expect(last.at == due && last.comment == "timer review_deadline")

        // Never again.
        #expect(try await store.runDueTimers(now: due.addingTimeInterval(86_400)).isEmpty)
        #expect(try await fixture.countRows("SELECT count(*) FROM workflow_timer WHERE status = 'fired' AND attempts = 1") == 1)
        #expect(try await fixture.countRows("SELECT count(*) FROM workflow_timer WHERE status = 'pending'") == 0)
        #expect(try await store.instance(created.id).snapshot.version == 3)
    }

    @Test func aTimerWhoseEventIsRefusedIsMarkedFailedWithTheReason() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let store = fixture.store
        try await store.register(yaml: Self.guardedTimerYAML, path: "Fixtures/guarded-timer.yaml")
        let created = try await store.start(workflow: "guarded_timer", actor: WorkflowFixture.producer, now: WorkflowFixture.t0)
        let due = WorkflowFixture.t0.addingTimeInterval(2 * 86_400)

        #expect(try await store.runDueTimers(now: due.addingTimeInterval(-60)).isEmpty)
        let firings = try await store.runDueTimers(now: due)
        try #require(firings.count == 1)
        #expect(firings[0].result == nil)
        let failure = try #require(firings[0].failure)
        #expect(failure.en.contains("closing decision") && failure.vi.contains("số quyết định đóng"))

        let row = try await store.pool.withConnection { connection in
            try connection.query("SELECT status, last_error, attempts FROM workflow_timer WHERE instance_id = \(created.id)").single()
        }
        #expect(try row.decode("status", as: String.self) == "failed")
        #expect(try row.decode("last_error", as: String?.self)?.contains("closing decision") == true)
        #expect(try row.decode("attempts", as: Int.self) == 1)
        // The instance did not move, and a failed timer is not tried again.
        let record = try await store.instance(created.id)
        #expect(record.snapshot.state == "OPEN" && record.snapshot.version == 1)
        #expect(try await store.history(created.id).count == 1)
        #expect(try await store.runDueTimers(now: due.addingTimeInterval(86_400)).isEmpty)
    }

    @Test(.timeLimit(.minutes(4)))
    func twoWorkersFireAThousandDueTimersEachExactlyOnce() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let store = fixture.store
        let count = 1000
        try await store.pool.write { connection in
            for _ in 0..<count {
                let created = try store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0, on: connection)
                let submit = FireRequest(instanceID: created.id, event: "submit", actor: WorkflowFixture.producer, now: WorkflowFixture.t0)
                _ = try store.fire(submit, on: connection)
            }
        }
        #expect(try await fixture.countRows("SELECT count(*) FROM workflow_timer WHERE status = 'pending'") == count)

        // Two stores on two pools: separate engines, caches and connections, as two servers would have.
        let workers = [WorkflowStore(pool: fixture.database.pool(size: 1)), WorkflowStore(pool: fixture.database.pool(size: 1))]
        defer { workers.forEach { $0.pool.shutdown() } }
        let now = WorkflowFixture.t0.addingTimeInterval(11 * 86_400)
        let perWorker = try await withThrowingTaskGroup(of: [WorkflowStore.TimerFiring].self) { group in
            for worker in workers {
                group.addTask { try await worker.runDueTimers(now: now, limit: 10 * count) }
            }
            return try await group.reduce(into: [[WorkflowStore.TimerFiring]]()) { $0.append($1) }
        }
        let firings = perWorker.flatMap { $0 }
        print("timer workers fired \(perWorker.map(\.count)) timers")
        #expect(firings.count == count)
        #expect(Set(firings.map(\.timerID)).count == count)
        #expect(Set(firings.map(\.instanceID)).count == count)
        #expect(firings.allSatisfy { $0.failure == nil && $0.result?.toState == "EXPIRED" && $0.result?.replayed == false })
        #expect(try await fixture.countRows("SELECT count(*) FROM workflow_timer WHERE status = 'fired' AND attempts = 1") == count)
        #expect(try await fixture.countRows("SELECT count(*) FROM workflow_timer WHERE status <> 'fired'") == 0)
        #expect(try await fixture.countRows("SELECT count(*) FROM workflow_transition WHERE event = 'expire' AND actor = 'system'") == count)
        #expect(try await fixture.countRows("SELECT count(*) FROM workflow_instance WHERE state = 'EXPIRED' AND version = 3") == count)
        #expect(try await workers[0].runDueTimers(now: now).isEmpty)
    }
}
