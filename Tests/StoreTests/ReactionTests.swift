import Foundation
import LibPQ
import OCOP
@testable import Store
import Testing
import Workflow

/// Reactions between workflows: declared in the files, checked on load, fired once in the cause's transaction, with the
/// history naming the cause.
@Suite("reactions between workflows")
struct ReactionTests {
    typealias F = OCOPFixture

    static let licence = """
        workflow: licence
        version: "t1"
        roles: [HUYEN, SYSTEM]
        initial: ACTIVE
        states:
          ACTIVE:  { vi: Còn hiệu lực, en: Active }
          ENDED:   { vi: Hết hiệu lực, en: Ended, final: true }
          REVOKED: { vi: Bị thu hồi, en: Revoked, final: true }
        events:
          - { name: end, from: ACTIVE, to: ENDED, roles: [HUYEN] }
          - { name: revoke, from: ACTIVE, to: REVOKED, roles: [HUYEN] }
        """

    static let shop = """
        workflow: shop
        version: "t1"
        roles: [HUYEN, SYSTEM]
        initial: OPEN
        reactions:
          - when: { workflow: licence, enters: [ENDED, REVOKED] }
            target: { field: shop_ref }
            unless_other_in: [ACTIVE]
            fire: close
            input: { why: { $state: { ENDED: ended, REVOKED: revoked } } }
          - when: { workflow: licence, enters: [REVOKED] }
            target: { linked_by: licence_ref }
            fire: flag
        states:
          OPEN:    { vi: Mở, en: Open }
          FLAGGED: { vi: Cần xem lại, en: Flagged }
          CLOSED:  { vi: Đóng, en: Closed }
        events:
          - name: close
            from: [OPEN, FLAGGED]
            to: CLOSED
            roles: [SYSTEM]
            inputs: { why: { enum: [ended, revoked], vi: lý do, en: reason } }
            effects: [{ set: closed_because, input: why }]
          - { name: flag, from: OPEN, to: FLAGGED, roles: [SYSTEM] }
          - { name: reopen, from: [CLOSED, FLAGGED], to: OPEN, roles: [HUYEN] }
        """

    static let officer = WorkflowActor(id: "huyen", roles: ["HUYEN"])

    static func store() async throws -> (WorkflowFixture, WorkflowStore) {
        let fixture = try await WorkflowFixture.make()
        _ = try await fixture.store.register(yaml: licence, path: "licence.yaml")
        _ = try await fixture.store.register(yaml: shop, path: "shop.yaml")
        return (fixture, fixture.store)
    }

    @Test("a licence ending closes its shop once, in the same transaction, and the shop's history names the cause")
    func firesOnceWithCause() async throws {
        let (_, store) = try await Self.store()
        let shop = try await store.start(workflow: "shop", actor: Self.officer, now: WorkflowFixture.t0)
        let licence = try await store.start(workflow: "licence", actor: Self.officer, data: ["shop_ref": .string("\(shop.id)")], now: WorkflowFixture.t0)
        _ = try await store.fire(FireRequest(instanceID: licence.id, event: "end", actor: Self.officer, now: WorkflowFixture.t0.addingTimeInterval(60)))
        let history = try await store.history(shop.id)
        #expect(history.map(\.event) == ["create", "close"])
        #expect(history.last?.causedBy == Cause(instanceID: licence.id, seq: 2))
        #expect(history.last?.actor == "system")
        #expect(history.last?.input["why"] == .string("ended"))
        #expect(try await store.instance(shop.id).snapshot.data["closed_because"] == .string("ended"))
    }

    @Test("another licence still active keeps the shop open; a shop that moved on is left alone; linked_by finds every linked record")
    func unlessAndMovedOnAndLinked() async throws {
        let (_, store) = try await Self.store()
        let t = WorkflowFixture.t0
        let shop = try await store.start(workflow: "shop", actor: Self.officer, now: t)
        let old = try await store.start(workflow: "licence", actor: Self.officer, data: ["shop_ref": .int(shop.id)], now: t)
        let newer = try await store.start(workflow: "licence", actor: Self.officer, data: ["shop_ref": .int(shop.id)], now: t)
        _ = try await store.fire(FireRequest(instanceID: old.id, event: "end", actor: Self.officer, now: t.addingTimeInterval(60)))
        #expect(try await store.instance(shop.id).snapshot.state == "OPEN", "the newer licence is still active")
        // Revoking the last one closes the shop; the linked_by reaction then finds the shop already CLOSED: moved on, skipped.
        let linked = try await store.start(workflow: "shop", actor: Self.officer, data: ["licence_ref": .string("\(newer.id)")], now: t)
        _ = try await store.fire(FireRequest(instanceID: newer.id, event: "revoke", actor: Self.officer, now: t.addingTimeInterval(120)))
        #expect(try await store.instance(shop.id).snapshot.state == "CLOSED")
        #expect(try await store.instance(linked.id).snapshot.state == "FLAGGED")
        #expect(try await store.history(linked.id).last?.causedBy == Cause(instanceID: newer.id, seq: 2))
    }

    @Test("a reaction naming an unknown workflow, state or event is refused on load, at file:line:column", arguments: [
        // The event is checked within the file; the other workflow's name and states once every file is read.
        (["fire: flag": "fire: flagg"], ["unknownEvent 13:11"]),
        (["enters: [ENDED, REVOKED] }": "enters: [ENDED, GONE] }", "{ workflow: licence, enters: [REVOKED] }": "{ workflow: license, enters: [REVOKED] }"],
         ["unknownState 6:48", "unknownWorkflow 11:23"]),
    ])
    func validation(_ edits: [String: String], _ expected: [String]) throws {
        var bad = Self.shop
        for (old, new) in edits { bad = bad.replacingOccurrences(of: old, with: new) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reactions-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(Self.licence.utf8).write(to: dir.appendingPathComponent("licence.yaml"))
        try Data(bad.utf8).write(to: dir.appendingPathComponent("shop.yaml"))
        do {
            _ = try WorkflowFiles.load(directory: dir, guards: .builtIn)
            Issue.record("loaded")
        } catch let error as DefinitionErrors {
            let found = error.errors.map { "\($0.code) \($0.location.line):\($0.location.column)" }.sorted()
            #expect(found == expected, "\(error.errors)")
            #expect(error.errors.allSatisfy { $0.location.path.hasSuffix("shop.yaml") })
        }
    }

    // MARK: - The real files

    /// A 4★ product certified on 10/10/2022 (certificate expiring 10/10/2025) with its claims still open.
    static func certified(_ f: F) async throws -> (product: Int64, outcome: CertificationOutcome) {
        let id = try await f.fieldCheckedProduct()
        try await f.score(id, members: ["hdh-1"], parts: [(30, 20, 25)], by: "huyen", on: "2022-09-20")
        _ = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2022-09-15"), mandatory: .allMet, minutesRef: "BB", letterRef: "1/TTr", by: "huyen", now: F.at("2022-09-20"), on: c)
        }
        try await f.score(id, members: ["hdt-1"], parts: [(30, 20, 25)], by: "tinh", on: "2022-10-01")
        _ = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2022-09-25"), mandatory: .allMet, minutesRef: "BB-T", by: "tinh", now: F.at("2022-10-01"), on: c)
        }
        let outcome = try await f.write { s, c in
            try s.certify(id, decision: Decision(number: "436/QĐ-UBND", date: F.day("2022-10-10")), by: "tinh", now: F.at("2022-10-10"), on: c)
        }
        return (id, outcome)
    }

    @Test("revoking the certificate moves the product back to development without its star, and tells its open claims")
    func revoke() async throws {
        let f = try await F.make()
        let (product, outcome) = try await Self.certified(f)
        try await f.write { s, c in
            try s.revokeCertificate(
                outcome.certificateID, reason: "violation", decision: Decision(number: "99/QĐ-UBND", date: F.day("2023-03-01")), by: "tinh",
                now: F.at("2023-03-01"), on: c)
        }
        let record = try await f.store.instance(product)
        #expect(record.snapshot.state == "DEVELOPING")
        #expect(record.snapshot.data["star"] == .null)
        #expect(record.snapshot.data["certificate_end_reason"] == .string("revoked"))
        let last = try #require(try await f.store.history(product).last)
        #expect(last.event == "certificate_ended" && last.causedBy?.instanceID == outcome.certificateID)
        #expect(try await f.store.history(product).filter { $0.event == "certificate_ended" }.count == 1)
        for claim in outcome.claims {
            #expect(try await f.store.instance(claim.claimID).snapshot.data["certificate_state"] == .string("REVOKED"))
        }
    }

    @Test("the expiry timer moves the product once; running the timers again changes nothing")
    func expiry() async throws {
        let f = try await F.make()
        let (product, outcome) = try await Self.certified(f)
        _ = try await f.store.runDueTimers(now: F.at("2025-10-11"))
        #expect(try await f.state(outcome.certificateID) == "EXPIRED")
        #expect(try await f.state(product) == "DEVELOPING")
        let ended = try await f.store.history(product).filter { $0.event == "certificate_ended" }
        #expect(ended.count == 1)
        #expect(ended.first?.input["reason"] == .string("expired"))
        _ = try await f.store.runDueTimers(now: F.at("2025-10-12"))
        #expect(try await f.store.history(product).filter { $0.event == "certificate_ended" }.count == 1)
    }

    @Test("the state by date runs the overdue timers through the record's engine without writing; once recorded, it is the stored state")
    func dueStates() async throws {
        let f = try await F.make()
        let (_, outcome) = try await Self.certified(f)
        let certificate = try await f.store.instance(outcome.certificateID)
        let due = { (iso: String) in
            try await f.pool.withConnection { c in try f.store.dueStates(of: [certificate], asOf: F.at(iso), on: c)[certificate.id] }
        }
        #expect(try await due("2025-01-01") == nil)
        #expect(try await due("2025-09-15")?.state == "EXPIRY_NOTICE_SENT")
        let expired = try #require(try await due("2025-10-11"))
        #expect(expired.state == "EXPIRED")
        #expect(expired.since == VietnamTime.startOfDay(F.day("2025-10-10")))
        #expect(expired.timers.count == 2, "the notice, then the expiry")
        #expect(try await f.state(certificate.id) == "VALID", "nothing was written")
        // The product follows by date too: its certificate's expiry would fire the reaction.
        let product = try await f.store.instance(try #require(certificate.snapshot.data["product_ref"]?.stringValue.flatMap { Int64($0) }))
        let productDue = try await f.pool.withConnection { c in try f.store.dueStates(of: [product], asOf: F.at("2025-10-11"), on: c)[product.id] }
        #expect(productDue?.state == "DEVELOPING")
        #expect(try await f.pool.withConnection { c in try f.store.dueStates(of: [product], asOf: F.at("2025-09-15"), on: c) }.isEmpty)
        let moves = try await f.pool.withConnection { c in try f.store.dueStateChanges(visibleTo: "tinh", asOf: F.at("2025-10-11"), on: c) }
        #expect(moves.contains { $0 == ("ocop_product", "CERTIFIED", "DEVELOPING") } && moves.contains { $0 == ("ocop_certificate", "VALID", "EXPIRED") })
        _ = try await f.store.runDueTimers(now: F.at("2025-10-11"))
        let recorded = try await f.store.instance(certificate.id)
        #expect(recorded.snapshot.state == "EXPIRED")
        #expect(try await f.pool.withConnection { c in try f.store.dueStates(of: [recorded], asOf: F.at("2025-10-11"), on: c) }.isEmpty)
    }

    @Test("the producer's view lists the deadlines ahead of the product and its certificate, soonest first")
    func producerDeadlines() async throws {
        let f = try await F.make()
        let (product, outcome) = try await Self.certified(f)
        let items = try await f.service.producerStatus(for: "ct", today: F.day("2023-01-01"))
        let item = try #require(items.first { $0.row.id == product })
        #expect(item.relatedIDs.contains(outcome.certificateID))
        #expect(item.deadlines.map(\.at) == [VietnamTime.startOfDay(F.day("2025-09-10")), VietnamTime.startOfDay(F.day("2025-10-10"))])
        #expect(item.nextDeadline?.label.vi == item.deadlines.first?.label.vi)
    }
}
