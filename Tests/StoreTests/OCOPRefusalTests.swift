import Foundation
import LibPQ
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// Bad input is refused with a clear message and nothing changes.
@Suite("OCOP refusals")
struct OCOPRefusalTests {
    typealias F = OCOPFixture

    /// A 1048 product waiting for the district council's scores.
    func awaitingDistrictScores(_ f: F) async throws -> Int64 {
        let id = try await f.developedProduct(year: "2022", items: F.items1048)
        try await f.write { s, c in
            try s.submitForRating(id, by: "ct", now: F.at("2022-09-05"), on: c)
            try s.checkDossier(id, by: "huyen", now: F.at("2022-09-08"), on: c)
            try s.fieldCheck(id, reportRef: "BB", by: "huyen", now: F.at("2022-09-12"), on: c)
        }
        return id
    }

    func sheetCount(_ f: F) throws -> Int {
        try f.database.connect().query("SELECT count(*) FROM ocop_score_sheet").single().decode(at: 0, as: Int.self)
    }

    @Test("a part above its maximum or negative is refused, naming the member, part and maximum")
    func partOutOfRange() async throws {
        let f = try await F.make()
        let id = try await awaitingDistrictScores(f)
        let above = await #expect(throws: OCOPError.self) {
            try await f.score(id, members: ["m1"], parts: [(35.5, 20, 20)], by: "huyen", on: "2022-09-20")
        }
        #expect(above?.code == .badInput)
        #expect(above?.message.vi.contains("vượt tối đa 35") == true)
        #expect(above?.message.en.contains("part A") == true)
        let negative = await #expect(throws: OCOPError.self) {
            try await f.score(id, members: ["m1"], parts: [(20, -1, 20)], by: "huyen", on: "2022-09-20")
        }
        #expect(negative?.message.en.contains("negative") == true)
        #expect(try sheetCount(f) == 0)
    }

    @Test("a member scoring twice is refused")
    func memberTwice() async throws {
        let f = try await F.make()
        let id = try await awaitingDistrictScores(f)
        try await f.score(id, members: ["m1"], parts: [(30, 20, 20)], by: "huyen", on: "2022-09-20")
        let error = await #expect(throws: OCOPError.self) {
            try await f.score(id, members: ["m1"], parts: [(31, 20, 20)], by: "huyen", on: "2022-09-20")
        }
        #expect(error?.code == .duplicate)
        #expect(error?.message.vi.contains("m1 đã chấm") == true)
        #expect(try sheetCount(f) == 1)
    }

    @Test("a CSV of sheets is all-or-nothing, with errors by line and column")
    func csvAllOrNothing() async throws {
        let f = try await F.make()
        let id = try await awaitingDistrictScores(f)
        let text = "product,member,a,b,c\n\(id),m1,30,20,20\n\(id),m2,36,20,20\n\(id),m3,30,abc,20\n"
        let error = #expect(throws: OCOPError.self) { _ = try ScoreSheetCSV.parse(text) }
        #expect(error?.details.map(\.en) == ["line 4, column b: \"abc\" is not a score"])
        let entries = try ScoreSheetCSV.parse("product,member,a,b,c\n\(id),m1,30,20,20\n\(id),m2,36,20,20\n")
        let refused = await #expect(throws: OCOPError.self) {
            try await f.write { s, c in try s.addScoreSheets(entries, by: "huyen", now: F.at("2022-09-20"), on: c) }
        }
        #expect(refused?.details.count == 1)
        #expect(refused?.details.first?.en.hasPrefix("line 3: member m2: part A score 36") == true)
        #expect(try sheetCount(f) == 0)
    }

    @Test("a producer touching another producer's product is refused")
    func otherProducer() async throws {
        let f = try await F.make()
        let id = try await f.approvedProduct(year: "2022")
        let before = try await f.version(id)
        let error = await #expect(throws: OCOPError.self) {
            try await f.write { s, c in try s.submitPlan(id, businessPlan: "x", by: "ct2", now: F.at("2022-05-01"), on: c) }
        }
        // Outside the producer's scope the product does not exist for them (the same answer as an unused id).
        #expect(error?.code == .notFound)
        #expect(error?.message.vi.contains("không có hồ sơ số \(id)") == true)
        #expect(try await f.version(id) == before)
    }

    @Test("approving an idea twice is refused; the second decision is not recorded")
    func approveTwice() async throws {
        let f = try await F.make()
        let idea = try await f.write { s, c in
            let idea = try s.registerIdea(IdeaForm(subjectID: "htx-a", name: "Mật ong", form: "02"), by: "ct", now: F.at("2022-03-01"), on: c)
            try s.surveyIdea(idea, surveyRef: "BB", by: "huyen", now: F.at("2022-03-02"), on: c)
            try s.proposeIdea(idea, proposalRef: "1/TTr", by: "huyen", now: F.at("2022-03-03"), on: c)
            try s.approveIdea(idea, decision: Decision(number: "9/QĐ-VPĐP", date: F.day("2022-04-01")), by: "tinh", now: F.at("2022-04-01"), on: c)
            return idea
        }
        let before = try await f.version(idea)
        let error = await #expect(throws: WorkflowStoreError.self) {
            try await f.write { s, c in
                try s.approveIdea(
                    idea, decision: Decision(number: "10/QĐ-VPĐP", date: F.day("2022-04-02")), by: "tinh", now: F.at("2022-04-02"), on: c)
            }
        }
        #expect(error?.code == .rejected)
        #expect(error?.rejection?.reasons.first?.code == .wrongState)
        #expect(try await f.version(idea) == before)
    }

    @Test("submitting for rating without a complete dossier is refused, naming the missing items")
    func incompleteDossier() async throws {
        let f = try await F.make()
        let id = try await f.developedProduct(year: "2022", items: ["business-plan"])
        let error = await #expect(throws: WorkflowStoreError.self) {
            try await f.write { s, c in try s.submitForRating(id, by: "ct", now: F.at("2022-09-05"), on: c) }
        }
        #expect(error?.code == .rejected)
        #expect(error?.message.vi.contains("giới thiệu tổ chức") == true || error?.message.en.contains("organisation") == true)
        #expect(try await f.state(id) == "DEVELOPING")
        let submissions = try f.database.connect().query("SELECT submissions FROM ocop_product WHERE instance_id = \(id)").single()
            .decode(at: 0, as: Int.self)
        #expect(submissions == 0)
    }

    @Test("certifying at a level the rule set does not allow is refused (1048: the district never certifies)")
    func wrongCertifyingLevel() async throws {
        let f = try await F.make()
        let id = try await awaitingDistrictScores(f)
        try await f.score(id, members: ["m1"], parts: [(30, 20, 25)], by: "huyen", on: "2022-09-20")
        _ = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2022-09-15"), mandatory: .allMet, minutesRef: "BB", by: "huyen", now: F.at("2022-09-20"), on: c)
        }
        #expect(try await f.state(id) == "DISTRICT_SCORED")
        let before = try await f.version(id)
        let error = await #expect(throws: WorkflowStoreError.self) {
            try await f.write { s, c in
                try s.certify(
                    id, star: .four, decision: Decision(number: "1/QĐ-UBND", date: F.day("2022-09-25")), by: "huyen", now: F.at("2022-09-25"), on: c)
            }
        }
        #expect(error?.code == .rejected)
        #expect(try await f.version(id) == before)
        let certificates = try f.database.connect().query("SELECT count(*) FROM ocop_certificate").single().decode(at: 0, as: Int.self)
        #expect(certificates == 0)
    }
}
