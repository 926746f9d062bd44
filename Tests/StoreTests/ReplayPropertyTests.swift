import Foundation
import LibPQ
import Store
import TestSupport
import Testing
import Workflow

/// Seeded random event sequences through the store: every accepted fire does what the pure engine says, every refused
/// one changes nothing, and at the end each stored snapshot is the replay of its stored history.
@Suite("Property: stored state is the replay of stored history")
struct ReplayPropertyTests {
    static let actors = [
        WorkflowFixture.producer, WorkflowFixture.district, WorkflowFixture.province, WorkflowActor.system,
        WorkflowActor(id: "khach", roles: []),
    ]
    /// Events with the actor who may fire each: drawn so that about half the fires are valid and most are refused
    /// for one reason (wrong state, role, guard or input), while `expire` stays rare enough not to end every instance.
    static let moves: [(event: String, actor: WorkflowActor, weight: Int)] = [
        ("submit", WorkflowFixture.producer, 6), ("submit", WorkflowFixture.district, 2), ("approve", WorkflowFixture.province, 7),
        ("reopen", WorkflowFixture.district, 5), ("expire", WorkflowActor.system, 1), ("publish", WorkflowFixture.province, 1),
    ]

    static func randomMove(using random: inout SeededRandom) -> (event: String, actor: WorkflowActor) {
        var pick = Int.random(in: 0..<moves.map(\.weight).reduce(0, +), using: &random)
        var move = moves[0]
        for candidate in moves {
            move = candidate
            if pick < candidate.weight { break }
            pick -= candidate.weight
        }
        // Now and then the wrong person asks.
        let actor = Int.random(in: 0..<5, using: &random) == 0 ? actors.randomElement(using: &random)! : move.actor
        return (move.event, actor)
    }

    @Test(arguments: 1...6 as ClosedRange<UInt64>)
    func randomSequencesReplayToTheStoredSnapshot(seed: UInt64) async throws {
        let fixture = try await WorkflowFixture.make(poolSize: 2)
        defer { fixture.pool.shutdown() }
        let store = fixture.store
        var random = SeededRandom(seed: seed)
        var now = WorkflowFixture.t0
        var ids: [Int64] = []
        for index in 0..<4 {
            let data: [String: JSONValue] = index == 0 ? [:] : ["product_name": .string("Sản phẩm \(index)"), "batch": .int(Int64(index))]
            ids.append(try await store.start(workflow: "review", actor: WorkflowFixture.district, data: data, now: now).id)
        }
        let definitionID = try await store.instance(ids[0]).definitionID
        let engine = try await store.pool.withConnection { try store.engine(definitionID: definitionID, on: $0) }

        var (accepted, refused, timerFirings) = (0, 0, 0)
        for _ in 0..<120 {
            now = now.addingTimeInterval(Double(Int.random(in: 0...(12 * 60), using: &random)) * 60)
            if Int.random(in: 0..<12, using: &random) == 0 {
                timerFirings += try await store.runDueTimers(now: now).count
                continue
            }
            let id = ids.randomElement(using: &random)!
            let before = try await Fingerprint.read(id, database: fixture.database)
            let stale = Int.random(in: 0..<10, using: &random) == 0 && before.version > 1
            let move = Self.randomMove(using: &random)
            // Only approve declares inputs; the others get some now and then (refused as unexpected).
            let withInput = move.event == "approve" || Int.random(in: 0..<8, using: &random) == 0
            let request = FireRequest(
                instanceID: id, event: move.event, actor: move.actor, input: withInput ? Self.randomInput(using: &random) : [:],
                expectedVersion: stale ? before.version - 1 : nil, now: now)
            let predicted = Result { () throws(Rejection) -> Outcome in
                try engine.transition(before.snapshot, event: request.event, actor: request.actor, input: request.input, now: now)
            }
            do {
                let result = try await store.fire(request)
                accepted += 1
                guard !stale, case .success(let outcome) = predicted else {
                    Issue.record("the store accepted \(request.event) that the engine refuses (or with a stale version)")
                    continue
                }
                let after = try await Fingerprint.read(id, database: fixture.database)
                #expect(result.toState == outcome.to && result.version == before.version + 1 && !result.replayed)
                #expect(after.canonicalSnapshot == Fingerprint.canonical(outcome.snapshot))
                #expect(after.historyRows == before.historyRows + 1 && after.outboxRows == before.outboxRows + 1)
            } catch let error as WorkflowStoreError {
                refused += 1
                if stale {
                    #expect(error.code == .conflict && error.currentVersion == before.version)
                } else if case .failure(let rejection) = predicted {
                    #expect(error.code == .rejected && error.rejection?.codes == rejection.codes)
                } else {
                    Issue.record("the store refused \(request.event) that the engine accepts: \(error)")
                }
                #expect(try await Fingerprint.read(id, database: fixture.database) == before, "a refused fire changed something")
            }
        }
        print("seed \(seed): \(accepted) accepted, \(refused) refused, \(timerFirings) timer firings")
        #expect(accepted >= 10 && refused >= 10, "accepted \(accepted), refused \(refused): the sequence proves too little")

        for id in ids {
            let record = try await store.instance(id)
            let history = try await store.history(id)
            let creation = try #require(history.first)
            let start = Snapshot(state: creation.toState, data: creation.input, version: 1)
            let steps = history.dropFirst().map { entry in
                (event: entry.event, actor: WorkflowActor(id: entry.actor, roles: [entry.actingRole], onBehalfOf: entry.onBehalfOf),
                 input: entry.input, at: entry.at)
            }
            let replayed = try engine.replay(from: start, Array(steps))
            #expect(Fingerprint.canonical(replayed) == Fingerprint.canonical(record.snapshot), "instance \(id) after \(history.count) rows")
        }
        let audit = try await store.verifyAudit()
        #expect(audit.findings.isEmpty)
    }

    /// Inputs for any event: often those `approve` declares (valid, integral, textual, invalid), sometimes none or extra.
    static func randomInput(using random: inout SeededRandom) -> [String: JSONValue] {
        var input: [String: JSONValue] = [:]
        switch Int.random(in: 0..<8, using: &random) {
        case 0: break
        case 1: input["score"] = .decimal(Decimal(Int.random(in: 6000...9000, using: &random)) / 100)
        case 2: input["score"] = .int(Int64.random(in: 60...90, using: &random))
        case 3: input["score"] = .string("\(Int.random(in: 60...90, using: &random)).5")
        case 4: input["score"] = .string("nhiều")
        case 5: input["note"] = .string("không khai báo")
        default: input["score"] = .decimal(Decimal(Int.random(in: 700...900, using: &random)) / 10)
        }
        if Int.random(in: 0..<6, using: &random) > 0 { input["decision_ref"] = .string("\(Int.random(in: 1...999, using: &random))/QĐ-UBND") }
        return input
    }
}
