import Foundation
import LibPQ
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// An NTM registration through the whole §6.6 workflow with the real files: registration, plan, per-criterion
/// assessments, self-assessment (đạt only), dossier, verification, appraisal, recognition, maintenance.
@Suite("NTM registrations through the workflow")
struct NTMRegistrationServiceTests {
    struct Setup {
        let fixture: OCOPFixture
        let ntm: NTMService

        func write<T: Sendable>(_ body: @escaping @Sendable (NTMService, Connection) throws -> T) async throws -> T {
            let ntm = ntm
            return try await fixture.pool.write(.readCommitted, maxAttempts: 1) { try body(ntm, $0) }
        }

        func history(_ id: Int64) async throws -> Int { try await fixture.version(id) }
    }

    static let set = "ntm-commune-318"
    static func at(_ iso: String) -> Date { OCOPFixture.at(iso) }
    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    func setup() async throws -> Setup {
        let fixture = try await OCOPFixture.make()
        let ntm = try NTMService.load(workflows: fixture.store, directory: OCOPFixture.repository.appendingPathComponent("workflows"))
        try await fixture.pool.write { c in
            let users = UserStore()
            try users.add(id: "bcd", name: "Ban Chỉ đạo huyện", on: c)
            try users.grant(.init(role: "BCD", unitCode: "hs"), to: "bcd", by: "test", on: c)
            try users.add(id: "hdtd", name: "Hội đồng thẩm định tỉnh", on: c)
            try users.grant(.init(role: "HDTD"), to: "hdtd", by: "test", on: c)
            try users.add(id: "admin", name: "Quản trị", on: c)
            try users.grant(.init(role: "ADMIN"), to: "admin", by: "test", on: c)
        }
        return Setup(fixture: fixture, ntm: ntm)
    }

    func assess(_ s: Setup, _ statuses: [String: Assessment], on iso: String) async throws {
        let rows = statuses.map { code, status in
            NTMAssessmentStore.Row(unitCode: "sk1", criteriaSet: Self.set, criterion: code, asOf: Self.day(iso), status: status)
        }
        _ = try await s.write { ntm, c in try ntm.assessments.record(rows, by: "xa", on: c) }
    }

    @Test("register → … → recognised → maintaining; cơ bản đạt blocks the self-assessment and changes nothing")
    func wholeLifecycle() async throws {
        let s = try await setup()
        let id = try await s.write { ntm, c in
            try ntm.register(.init(unitCode: "sk1", scope: .communeStandard, year: 2023), by: "xa", now: Self.at("2023-01-10"), on: c)
        }
        try await s.write { ntm, c in
            try ntm.approvePlan(id, decision: Decision(number: "5/KH-BCĐ", date: Self.day("2023-02-01")), by: "bcd", now: Self.at("2023-02-01"), on: c)
        }
        var statuses: [String: Assessment] = [:]
        for n in 1...19 { statuses[String(format: "TC%02d", n)] = n == 19 ? .coBanDat : .dat }
        try await assess(s, statuses, on: "2023-09-30")
        let before = try await s.history(id)
        await #expect {
            try await s.write { ntm, c in try ntm.selfAssess(id, by: "xa", now: Self.at("2023-10-01"), on: c) }
        } throws: { error in
            "\(error)".contains("18/19") && "\(error)".contains("cơ bản đạt")
        }
        #expect(try await s.history(id) == before)
        #expect(try await s.fixture.state(id) == "IMPLEMENTING")

        try await assess(s, ["TC19": .dat], on: "2023-10-05")
        try await s.write { ntm, c in try ntm.selfAssess(id, by: "xa", now: Self.at("2023-10-06"), on: c) }
        #expect(try await s.fixture.state(id) == "SELF_ASSESSED")
        try await s.write { ntm, c in
            try ntm.step(
                id, "submit_dossier", input: ["dossier_ref": .string("Hồ sơ đề nghị xét công nhận"), "published_on": .string("2023-10-10")],
                by: "xa", now: Self.at("2023-10-20"), on: c)
            try ntm.step(id, "verify", input: ["verification_ref": .string("Báo cáo thẩm tra")], by: "huyen", now: Self.at("2023-11-05"), on: c)
            try ntm.step(
                id, "appraise",
                input: ["members": .int(15), "votes_for": .int(15), "votes_against": .int(0), "minutes_ref": .string("Biên bản HĐTĐ")],
                by: "hdtd", now: Self.at("2023-11-20"), on: c)
        }
        // Recognition is the province chair's (UBT): the district cannot.
        await #expect(throws: WorkflowStoreError.self) {
            try await s.write { ntm, c in
                try ntm.step(id, "recognise", decision: Decision(number: "9/QĐ-UBND", date: Self.day("2023-12-20")), by: "huyen", now: Self.at("2023-12-20"), on: c)
            }
        }
        try await s.write { ntm, c in
            try ntm.step(id, "recognise", decision: Decision(number: "100/QĐ-UBND", date: Self.day("2023-12-20")), by: "tinh", now: Self.at("2023-12-20"), on: c)
        }
        #expect(try await s.fixture.state(id) == "RECOGNISED")
        let registration = try await s.write { ntm, c in
            try ntm.reportProgress(
                .init(unitCode: "sk1", scope: .communeStandard, asOf: Self.day("2024-06-30"), progress: PlanProgress(min: 70, max: 75, kind: .estimate)),
                by: "xa", now: Self.at("2024-07-02"), on: c)
        }
        #expect(registration == id)
        #expect(try await s.fixture.state(id) == "MAINTAINING")

        // Now sk1 may register advanced; qt (never recognised) may not.
        _ = try await s.write { ntm, c in
            try ntm.register(.init(unitCode: "sk1", scope: .communeAdvanced, year: 2024), by: "xa", now: Self.at("2024-07-10"), on: c)
        }
        await #expect {
            try await s.write { ntm, c in
                try ntm.register(.init(unitCode: "qt", scope: .communeAdvanced, year: 2024), by: "tinh", now: Self.at("2024-07-10"), on: c)
            }
        } throws: { error in (error as? OCOPError)?.code == .wrongStage }
    }

    @Test("a staff member of another unit cannot register or report for a commune")
    func outsideTheirUnit() async throws {
        let s = try await setup()
        await #expect {
            try await s.write { ntm, c in
                try ntm.register(.init(unitCode: "qt", scope: .communeStandard, year: 2023), by: "xa", now: Self.at("2023-01-10"), on: c)
            }
        } throws: { error in (error as? OCOPError)?.code == .forbidden }
        await #expect {
            try await s.write { ntm, c in
                try ntm.reportProgress(
                    .init(unitCode: "qt", scope: .communeAdvanced, asOf: Self.day("2023-06-30"), metOrBasicallyMet: 10), by: "xa", now: Self.at("2023-07-01"),
                    on: c)
            }
        } throws: { error in (error as? OCOPError)?.code == .forbidden }
    }

    @Test("two officers registering the same unit, level and year at once: exactly one registration")
    func concurrentRegistrations() async throws {
        let s = try await setup()
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    (try? await s.write { ntm, c in
                        try ntm.register(.init(unitCode: "sk1", scope: .communeStandard, year: 2023), by: "xa", now: Self.at("2023-01-10"), on: c)
                    }) != nil
                }
            }
            var results: [Bool] = []
            for await outcome in group { results.append(outcome) }
            return results
        }
        #expect(outcomes.filter { $0 }.count == 1)
        let count = try await s.fixture.pool.withConnection { c in
            try c.query("SELECT count(*) FROM ntm_registration WHERE unit_code = 'sk1'").single().decode(at: 0, as: Int.self)
        }
        #expect(count == 1)
    }

    @Test("at year end an unrecognised registration is carried over and re-opened for the next year, once")
    func carryOver() async throws {
        let s = try await setup()
        let id = try await s.write { ntm, c in
            try ntm.register(.init(unitCode: "sk1", scope: .communeStandard, year: 2023), by: "xa", now: Self.at("2023-01-10"), on: c)
        }
        let early = try await s.write { ntm, c in try ntm.carryOver(year: 2023, by: "huyen", now: Self.at("2023-12-15"), on: c) }
        #expect(early.isEmpty)
        #expect(try await s.fixture.state(id) == "REGISTERED")
        let created = try await s.write { ntm, c in try ntm.carryOver(year: 2023, by: "huyen", now: Self.at("2024-01-05"), on: c) }
        #expect(created.count == 1)
        #expect(try await s.fixture.state(id) == "CARRIED_OVER")
        let next = try await s.fixture.store.instance(created[0])
        #expect(next.snapshot.state == "REGISTERED" && next.snapshot.data["year"] == .int(2024) && next.snapshot.data["carried_from"] == .int(id))
        let again = try await s.write { ntm, c in try ntm.carryOver(year: 2023, by: "huyen", now: Self.at("2024-01-06"), on: c) }
        #expect(again.isEmpty)
    }

    @Test("a merger puts the predecessors' recognitions into re-confirmation; the province re-confirms")
    func mergerNeedsReconfirmation() async throws {
        let s = try await setup()
        let id = try await s.write { ntm, c in
            try ntm.recordPriorRecognition(
                .init(unitCode: "sk1", scope: .communeStandard, year: 2020), decision: Decision(number: "77/QĐ-UBND", date: Self.day("2021-01-20")),
                by: "tinh", now: Self.at("2022-01-05"), on: c)
        }
        #expect(try await s.fixture.state(id) == "RECOGNISED")
        let moved = try await s.write { ntm, c in
            try ReferenceStore().merge(
                ["sk1"], into: .init(code: "sk-moi", name: "Sơn Kim Mới", kind: "commune", parentCode: "hs", validFrom: Self.day("2024-07-01")),
                decisionRef: "1200/NQ-UBTVQH15", on: c)
            return try ntm.unitsMerged(
                ["sk1"], into: "sk-moi", decision: Decision(number: "1200/NQ-UBTVQH15", date: Self.day("2024-06-12")), by: "huyen",
                now: Self.at("2024-07-01"), on: c)
        }
        #expect(moved == [id])
        #expect(try await s.fixture.state(id) == "NEEDS_RECONFIRMATION")
        try await s.write { ntm, c in
            try ntm.step(id, "reconfirm", decision: Decision(number: "2500/QĐ-UBND", date: Self.day("2024-09-10")), by: "tinh", now: Self.at("2024-09-10"), on: c)
        }
        #expect(try await s.fixture.state(id) == "MAINTAINING")
    }

    @Test("when the province issues the set, open registrations move onto it and the dossier is no longer blocked")
    func issuedSetLiftsTheBlocker() async throws {
        let s = try await setup()
        let provisional = try s.ntm.criteria.set(id: "ntm-commune-advanced-ha-tinh-provisional")
        var issued = provisional
        issued.id = "ntm-commune-advanced-ha-tinh-test"
        issued.decision = LegalReference(number: "999/QĐ-UBND", date: Self.day("2023-06-01"))
        issued.provisional = false
        issued.validity = ValidityPeriod(from: Self.day("2023-06-01"), to: Self.day("2025-12-31"))
        let ntm = NTMService(workflows: s.ntm.workflows, criteria: try CriteriaCatalog(s.ntm.criteria.sets + [issued]), rules: s.ntm.rules)
        let t = Setup(fixture: s.fixture, ntm: ntm)
        _ = try await t.write { ntm, c in
            try ntm.recordPriorRecognition(
                .init(unitCode: "sk1", scope: .communeStandard, year: 2020), decision: Decision(number: "77/QĐ-UBND", date: Self.day("2021-01-20")),
                by: "tinh", now: Self.at("2022-01-05"), on: c)
        }
        let id = try await t.write { ntm, c in
            let id = try ntm.register(.init(unitCode: "sk1", scope: .communeAdvanced, year: 2023), by: "xa", now: Self.at("2023-01-10"), on: c)
            try ntm.approvePlan(id, decision: Decision(number: "5/KH-BCĐ", date: Self.day("2023-02-01")), by: "bcd", now: Self.at("2023-02-01"), on: c)
            return id
        }
        #expect(try await s.fixture.store.instance(id).snapshot.data["criteria_set_issued"] == .bool(false))
        let changed = try await t.write { ntm, c in
            try ntm.refreshCriteriaSets(asOf: Self.day("2023-06-02"), by: "admin", now: Self.at("2023-06-02"), on: c).map(\.2)
        }
        #expect(changed == ["ntm-commune-advanced-ha-tinh-test"])
        let data = try await s.fixture.store.instance(id).snapshot.data
        #expect(data["criteria_set"] == .string("ntm-commune-advanced-ha-tinh-test") && data["criteria_set_issued"] == .bool(true))
        let unchanged = try await t.write { ntm, c in
            try ntm.refreshCriteriaSets(asOf: Self.day("2023-06-03"), by: "admin", now: Self.at("2023-06-03"), on: c).count
        }
        #expect(unchanged == 0)
    }

    @Test("a step reserved to the NTM service is refused when fired plainly, and nothing changes")
    func reservedSteps() async throws {
        let s = try await setup()
        let id = try await s.write { ntm, c in
            let id = try ntm.register(.init(unitCode: "sk1", scope: .communeStandard, year: 2023), by: "xa", now: Self.at("2023-01-10"), on: c)
            try ntm.approvePlan(id, decision: Decision(number: "5/KH-BCĐ", date: Self.day("2023-02-01")), by: "bcd", now: Self.at("2023-02-01"), on: c)
            return id
        }
        let before = try await s.history(id)
        await #expect {
            try await s.fixture.pool.write { c in
                try s.fixture.store.fire(
                    FireRequest(
                        instanceID: id, event: "report_progress", actor: WorkflowActor(id: "xa", roles: ["XA"]),
                        input: ["as_of": .string("2023-06-30"), "criteria_met": .int(19)], now: Self.at("2023-07-01")),
                    on: c)
            }
        } throws: { error in
            (error as? WorkflowStoreError)?.code == .rejected && "\(error)".contains("ocop ntm")
        }
        #expect(try await s.history(id) == before)
        let rows = try await s.fixture.pool.withConnection { c in try c.query("SELECT count(*) FROM ntm_progress").single().decode(at: 0, as: Int.self) }
        #expect(rows == 0)
    }
}
