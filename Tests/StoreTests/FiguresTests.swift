import Foundation
import LibPQ
import OCOP
@testable import Store
import Testing
import Workflow

/// Figures officers sign (issue "Figures officers can sign"): business time per record, money, councils.
@Suite("figures: business time, money, councils")
struct FiguresTests {
    typealias F = OCOPFixture

    /// A product scored and certified 4★ at the province in 2022, with its claims accepted and ready to pay.
    static func acceptedClaims(_ f: F) async throws -> [OpenedClaim] {
        let id = try await f.fieldCheckedProduct()
        try await f.score(id, members: ["hdh-1", "hdh-2", "hdh-3"], parts: OCOPLifecycleTests.fourStar, by: "huyen", on: "2022-09-20")
        _ = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2022-09-15"), mandatory: .allMet, minutesRef: "BB", letterRef: "30/TTr", by: "huyen", now: F.at("2022-09-20"), on: c)
        }
        try await f.score(id, members: ["hdt-1", "hdt-2", "hdt-3"], parts: OCOPLifecycleTests.fourStar, by: "tinh", on: "2022-10-01")
        _ = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2022-09-25"), mandatory: .allMet, minutesRef: "BB-T", by: "tinh", now: F.at("2022-10-01"), on: c)
        }
        let outcome = try await f.write { s, c in
            try s.certify(id, decision: Decision(number: "436/QĐ-UBND", date: F.day("2022-10-10")), by: "tinh", now: F.at("2022-10-10"), on: c)
        }
        for claim in outcome.claims {
            try await f.write { s, c in
                try s.allocateClaim(claim.claimID, decision: Decision(number: "901/QĐ-UBND", date: F.day("2022-11-01")), by: "huyen", now: F.at("2022-11-02"), on: c)
                try s.submitClaim(claim.claimID, dossierRef: "HS-01", by: "ct", now: F.at("2022-11-10"), on: c)
                try s.acceptClaim(claim.claimID, minutesRef: "BB-NT", by: "huyen", now: F.at("2022-11-20"), on: c)
            }
        }
        return outcome.claims
    }

    // MARK: - Business time

    @Test("a step dated before the record's last step is refused, naming both times, and changes nothing")
    func backdatedStepIsRefused() async throws {
        let f = try await F.make()
        let id = try await f.developedProduct(year: "2022", items: F.items1048)
        let version = try await f.version(id)
        await #expect {
            try await f.write { s, c in _ = try s.submitForRating(id, by: "ct", now: F.at("2022-05-20"), on: c) }
        } throws: { error in
            guard let error = error as? WorkflowStoreError, error.code == .backdated else { return false }
            return error.message.vi.contains("20/05/2022 09:00") && error.message.vi.contains("01/06/2022 09:00") && error.message.en.contains("before")
        }
        #expect(try await f.version(id) == version)
        // Through the use case the refusal is bad input (exit 6 / 400) with its own code.
        await #expect {
            _ = try await f.service.submitForRating(id, by: "ct", now: F.at("2022-05-20"))
        } throws: { ($0 as? ServiceError)?.kind == .badInput && ($0 as? ServiceError)?.code == "backdated" }
        #expect(try await f.version(id) == version)
    }

    @Test("the rule set is chosen from a date that cannot run backwards: submitting later than the last step works")
    func forwardDatedStepIsTaken() async throws {
        let f = try await F.make()
        let id = try await f.developedProduct(year: "2022", items: F.items1048)
        let ruleSet = try await f.write { s, c in try s.submitForRating(id, by: "ct", now: F.at("2022-09-05"), on: c) }
        #expect(ruleSet.id == "ocop-1048")
    }

    @Test("a product cannot start before its idea was approved")
    func productBeforeItsIdea() async throws {
        let f = try await F.make()
        let idea = try await f.write { s, c in
            let idea = try s.registerIdea(
                IdeaForm(subjectID: "htx-a", name: "Chè 2022", form: "01", productGroup: "thuc-pham"), by: "ct", now: F.at("2022-03-01"), on: c)
            try s.surveyIdea(idea, surveyRef: "BB", by: "huyen", now: F.at("2022-03-10"), on: c)
            try s.proposeIdea(idea, proposalRef: "12/TTr", by: "huyen", now: F.at("2022-03-15"), on: c)
            try s.approveIdea(idea, decision: Decision(number: "55/QĐ-VPĐP", date: F.day("2022-07-15")), by: "tinh", now: F.at("2022-07-15"), on: c)
            return idea
        }
        await #expect(throws: WorkflowStoreError.self) {
            try await f.write { s, c in _ = try s.startProduct(fromIdea: idea, by: "ct", now: F.at("2019-01-01"), on: c) }
        }
        #expect(try await f.state(idea) == "APPROVED")
        let count = try await f.pool.withConnection { c in try c.query("SELECT count(*)::int AS n FROM ocop_product").single().decode("n", as: Int.self) }
        #expect(count == 0)
    }

    @Test("a date typed without a time on the day of the last step is placed right after it; timers due earlier likewise")
    func sameDayKeepsOrder() throws {
        let last = F.at("2022-06-01", hour: 9)
        let typed = F.at("2022-06-01", hour: 0)
        let person = FireRequest(instanceID: 1, event: "x", actor: WorkflowActor(id: "ct", roles: ["CT"]), now: typed)
        #expect(try WorkflowStore.businessTime(of: person, last: last, lateEntry: .refuse) == last)
        let timer = FireRequest(instanceID: 1, event: "x", actor: .system, now: F.at("2022-05-01"))
        #expect(try WorkflowStore.businessTime(of: timer, last: last, lateEntry: .refuse) == last)
        let late = FireRequest(instanceID: 1, event: "x", actor: WorkflowActor(id: "ct", roles: ["CT"]), now: F.at("2022-05-01"))
        #expect(throws: WorkflowStoreError.self) { try WorkflowStore.businessTime(of: late, last: last, lateEntry: .refuse) }
        // A workflow that allows late entry keeps the real date (recorded_at shows when it was entered).
        #expect(try WorkflowStore.businessTime(of: late, last: last, lateEntry: .allow) == F.at("2022-05-01"))
        let later = FireRequest(instanceID: 1, event: "x", actor: WorkflowActor(id: "ct", roles: ["CT"]), now: F.at("2022-06-02"))
        #expect(try WorkflowStore.businessTime(of: later, last: last, lateEntry: .refuse) == F.at("2022-06-02"))
    }

    // MARK: - Money

    @Test("30.000.000 is thirty million; a payment above the claim needs a reason, which history keeps")
    func paymentsInWholeDong() async throws {
        let f = try await F.make()
        let claims = try await Self.acceptedClaims(f)
        let province = try #require(claims.first { $0.policyID == "ha-tinh-2021" })
        let district = try #require(claims.first { $0.policyID == "huong-son-2021" })
        #expect(province.amount == 50_000_000 && district.amount == 70_000_000)

        // Above the claim's amount without a reason: refused, nothing changes; the message shows both amounts as money.
        let above = try VND.parse("99.999.999.999")
        await #expect {
            try await f.service.payClaim(province.claimID, paymentRef: "UNC-01", amountPaid: above, by: "huyen", now: F.at("2022-12-01"))
        } throws: { error in
            guard let error = error as? ServiceError else { return false }
            let text = error.rejection?.reasons.map(\.message.vi).joined() ?? error.message.vi
            return text.contains("99.999.999.999 đ") && text.contains("50.000.000 đ")
        }
        #expect(try await f.state(province.claimID) == "ACCEPTED")

        // Thirty million typed the Vietnamese way is stored as 30000000.
        let paid = try await f.service.payClaim(
            province.claimID, paymentRef: "UNC-01", amountPaid: try VND.parse("30.000.000"), by: "huyen", now: F.at("2022-12-01"))
        #expect(paid == 30_000_000)
        #expect(try await f.store.instance(province.claimID).snapshot.data["amount_paid"] == .int(30_000_000))

        // Above the amount with its reason: taken, and the reason is in the history.
        try await f.service.payClaim(
            district.claimID, paymentRef: "UNC-02", amountPaid: try VND.parse("75 triệu"), overpaymentReason: "Bổ sung theo QĐ 12/QĐ-UBND",
            by: "huyen", now: F.at("2022-12-01"))
        let last = try #require(try await f.store.history(district.claimID).last)
        #expect(last.input["amount_paid"] == .int(75_000_000))
        #expect(last.input["overpayment_reason"] == .string("Bổ sung theo QĐ 12/QĐ-UBND"))
    }

    // MARK: - Councils

    @Test("only the council's members' sheets count; every stranger in a file is reported, and nothing is added")
    func onlyMembersScore() async throws {
        let f = try await F.make()
        let id = try await f.fieldCheckedProduct()
        let strangers = (1...1000).map { String(format: "m%04d", $0) }
        let csv = "product,member,a,b,c\n" + strangers.map { "\(id),\($0),30,20,25" }.joined(separator: "\n")
        await #expect {
            try await f.service.importScoreSheets(csv: csv, by: "huyen", now: F.at("2022-09-20"))
        } throws: { error in
            guard let error = error as? ServiceError else { return false }
            return error.details.count == 1000 && error.details[0].vi.hasPrefix("dòng 2:") && error.details[999].vi.hasPrefix("dòng 1001:")
                && error.details[0].vi.contains("không phải thành viên")
        }
        await #expect(throws: ServiceError.self) {
            try await f.service.addScoreSheets([ScoreEntry(productID: id, sheet: ScoreSheet(memberID: "hdh-9", a: 30, b: 20, c: 25))], by: "huyen", now: F.at("2022-09-20"))
        }
        let sheets = try await f.pool.withConnection { c in try c.query("SELECT count(*)::int AS n FROM ocop_score_sheet").single().decode("n", as: Int.self) }
        #expect(sheets == 0)
    }

    @Test("a file with three bad rows reports all three, in line order, whatever kind of fault each has")
    func everyBadRowAtOnce() async throws {
        let f = try await F.make()
        let id = try await f.fieldCheckedProduct()
        let csv = """
            member,a,b,c
            hdh-1,30,20,25
            hdh-9,30,20,25
            hdh-2,abc,20,25
            hdh-3,30,20,99
            """
        await #expect {
            try await f.service.importScoreSheets(csv: csv, product: id, by: "huyen", now: F.at("2022-09-20"))
        } throws: { error in
            guard let error = error as? ServiceError else { return false }
            let lines = error.details.map(\.vi)
            return lines.count == 3 && lines[0].hasPrefix("dòng 3") && lines[1].hasPrefix("dòng 4") && lines[2].hasPrefix("dòng 5")
        }
    }

    @Test("a council's minimum of sheets holds before a result; a secretary does not score; each member scores once")
    func minimumSheetsAndRoles() async throws {
        let f = try await F.make()
        // A newer district council for Hương Sơn, with the default minimum (3), replaces the fixture's from 2022.
        let council = try await f.service.createCouncil(
            CouncilForm(
                code: "hdh-hs-2022", name: "Hội đồng OCOP huyện Hương Sơn 2022", level: .district, unitCode: "hs",
                decision: Decision(number: "88/QĐ-UBND", date: F.day("2022-01-10")),
                members: [
                    CouncilMember(memberID: "a1", name: "Nguyễn Văn An", role: .chair), CouncilMember(memberID: "a2", name: "Trần Thị Bình", role: .member),
                    CouncilMember(memberID: "a3", name: "Lê Văn Cường", role: .viceChair), CouncilMember(memberID: "tk", name: "Phạm Thư", role: .secretary),
                ]),
            by: "huyen", now: F.at("2022-01-10"))
        #expect(council.minimumSheets == OCOPService.defaultMinimumSheets)
        #expect(council.minimumSheets == 3)
        let id = try await f.fieldCheckedProduct()
        // The old council's member no longer counts; the secretary does not score.
        await #expect(throws: ServiceError.self) {
            try await f.service.addScoreSheets([ScoreEntry(productID: id, sheet: ScoreSheet(memberID: "hdh-1", a: 30, b: 20, c: 25))], by: "huyen", now: F.at("2022-09-20"))
        }
        await #expect {
            try await f.service.addScoreSheets([ScoreEntry(productID: id, sheet: ScoreSheet(memberID: "tk", a: 30, b: 20, c: 25))], by: "huyen", now: F.at("2022-09-20"))
        } throws: { ($0 as? ServiceError)?.message.vi.contains("Thư ký") == true }
        try await f.score(id, members: ["a1", "a2"], parts: [(30, 20, 25), (30, 20, 25)], by: "huyen", on: "2022-09-20")
        await #expect(throws: ServiceError.self) {
            try await f.service.addScoreSheets([ScoreEntry(productID: id, sheet: ScoreSheet(memberID: "a1", a: 31, b: 20, c: 25))], by: "huyen", now: F.at("2022-09-20"))
        }
        await #expect {
            _ = try await f.write { s, c in
                try s.rate(id, dossierSentOn: F.day("2022-09-15"), mandatory: .allMet, minutesRef: "BB", letterRef: "1/TTr", by: "huyen", now: F.at("2022-09-20"), on: c)
            }
        } throws: { error in
            guard let error = error as? OCOPError else { return false }
            return error.message.vi.contains("2/3")
        }
        try await f.score(id, members: ["a3"], parts: [(30, 20, 25)], by: "huyen", on: "2022-09-20")
        let result = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2022-09-15"), mandatory: .allMet, minutesRef: "BB", letterRef: "1/TTr", by: "huyen", now: F.at("2022-09-20"), on: c)
        }
        #expect(result.sheets == 3)
        #expect(result.average == 75)
    }

    @Test("a council's form is checked whole: every problem at once, and only the level's authority sets one up")
    func councilForm() async throws {
        let f = try await F.make()
        await #expect {
            try await f.service.createCouncil(
                CouncilForm(
                    code: "Bad Code", name: " ", level: .district, unitCode: "sk1", decision: Decision(number: "", date: F.day("2099-01-01")),
                    minimumSheets: 5,
                    members: [CouncilMember(memberID: "x", name: "X", role: .member), CouncilMember(memberID: "x", name: "Y", role: .secretary)]),
                by: "huyen", now: F.at("2022-01-10"))
        } throws: { error in
            guard let error = error as? ServiceError, error.kind == .badInput else { return false }
            // code, name, decision number, future date, unit kind, duplicate member, no chair, too few scorers.
            return error.details.count == 8
        }
        await #expect {
            try await f.service.createCouncil(
                CouncilForm(
                    code: "hdt-x", name: "Hội đồng tỉnh", level: .province, unitCode: "ht", decision: Decision(number: "1/QĐ-UBND", date: F.day("2022-01-01")),
                    minimumSheets: 1, members: [CouncilMember(memberID: "p1", name: "P", role: .chair)]),
                by: "huyen", now: F.at("2022-01-10"))
        } throws: { ($0 as? ServiceError)?.kind == .forbidden }
        let councils = try await f.service.councils(by: "ct")
        #expect(councils.map(\.code).sorted() == ["council-hs", "council-ht", "council-tw"])
    }
    // MARK: - Validity by date

    @Test("a certificate's validity is a function of the date: the list and the report agree as of any day, with no timer run")
    func validityByDate() async throws {
        let f = try await F.make()
        _ = try await Self.acceptedClaims(f)  // a 4★ certificate issued 10/10/2022, expiring 10/10/2025
        let builder = DistrictReportBuilder(
            workflows: f.store, criteria: try CriteriaCatalog.load(directory: F.repository.appendingPathComponent("workflows/criteria")))
        for (iso, state, expiring) in [
            ("2022-10-09", nil, false), ("2022-10-10", "VALID", false), ("2025-07-01", "VALID", false), ("2025-08-01", "VALID", true),
            ("2025-10-09", "VALID", true), ("2025-10-10", "EXPIRED", false), ("2026-12-02", "EXPIRED", false),
        ] as [(String, String?, Bool)] {
            let day = F.day(iso)
            let all = try await f.service.list(.certificates(expiringWithin: nil, today: day), as: Caller("tinh"))
            let soon = try await f.service.list(.certificates(expiringWithin: 90, today: day), as: Caller("tinh"))
            let report = try await f.pool.withConnection { c in try builder.build(district: "hs", asOf: day, on: c) }
            if let state { #expect(all.map(\.state) == [state], "\(iso)") }
            #expect(soon.map(\.id) == report.ocop.certificatesExpiring.map(\.id), "\(iso): list and report agree on what expires")
            #expect(!soon.isEmpty == expiring, "\(iso)")
            let inForce = report.ocop.certificatesByStars[4] ?? 0
            #expect(inForce == (state == "VALID" ? 1 : 0), "\(iso): in force in the report")
            // The product's star, and its stage, follow the certificate's validity by date too.
            let product = try #require(try await f.service.list(.products(today: day), as: Caller("tinh")).first)
            #expect(product.fields["star"] == (state == "VALID" ? "4" : nil), "\(iso)")
            if state == "EXPIRED" { #expect(product.state == "DEVELOPING", "\(iso)") }
            if state == "VALID" { #expect(product.state == "CERTIFIED", "\(iso)") }
        }
        // The timer has not run: the stored state is still VALID, the truth by date is not.
        let pending = try await f.pool.withConnection { c in
            try c.query("SELECT count(*)::int AS n FROM workflow_instance WHERE workflow = 'ocop_certificate' AND state = 'VALID'").single().decode("n", as: Int.self)
        }
        #expect(pending == 1)
    }
}
