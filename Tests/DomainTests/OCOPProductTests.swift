import Domain
import Foundation
import OCOP
import Testing
import Workflow

@Suite("OCOP product and star rating (DOMAIN §2.3, §6.3)")
struct OCOPProductTests {
    /// Every dossier item any rule set asks for.
    static let fullDossier: [String: JSONValue] = [
        "registration_form": "Biểu 02", "organisation_introduction": "Biểu 04", "business_registration": "GCN-ĐKKD 28A8",
        "product_samples": "5 mẫu", "self_assessment": "BC tự đánh giá",
    ]

    /// Nước chấm Thanh Mai (Quang Thọ), developed and with a full dossier, ready to submit on `date`.
    static func developing(on date: String, dossier: [String: JSONValue] = fullDossier) throws -> Run {
        var run = try Run(try Fixtures.engine("ocop_product"), data: ["product_name": "Nước chấm Thanh Mai"], on: date)
        try run.fire("submit_plan", as: "CT", ["business_plan": "PA SXKD 2022"], on: date)
        try run.fire("approve_plan", as: date <= "2025-06-30" ? "HUYEN" : "XA", on: date)
        try run.fire("update_dossier", as: "XA", dossier, on: date)
        return run
    }

    /// Submitted under `ruleSet` on `date`, checked, and field-checked by the district's assisting team.
    static func fieldChecked(_ ruleSet: String, on date: String) throws -> Run {
        var run = try developing(on: date)
        try run.fire("submit_for_rating", as: "CT", ["rule_set": .string(ruleSet), "round": "đợt 2"], on: date)
        try run.fire("check_complete", as: "HUYEN", on: date)
        try run.fire("field_check", as: "TGV", ["field_report_ref": "BB-KT-3", "visited_on": .string(date)], on: date)
        return run
    }

    /// The inputs of a council's score, all mandatory criteria met unless said otherwise.
    static func score(_ average: String, mandatory: [Bool] = [true, true, true], sentOn: String) -> [String: JSONValue] {
        [
            "average": dec(average), "mandatory_3": .bool(mandatory[0]), "mandatory_4": .bool(mandatory[1]),
            "mandatory_5": .bool(mandatory[2]), "minutes_ref": "BB-HĐ-1", "dossier_sent_on": .string(sentOn),
        ]
    }

    static func decision(_ star: Int, on date: String) -> [String: JSONValue] {
        ["star": .int(Int64(star)), "legal_ref": "436/QĐ-UBND", "legal_ref_date": .string(date)]
    }

    @Test("ocop-148: 49.99 at the district is not recognised, and the product goes back to development")
    func notRecognised() throws {
        var run = try Self.fieldChecked("ocop-148", on: "2024-03-04")
        try run.fire("score", as: "HDH", Self.score("49.99", sentOn: "2024-03-06"), on: "2024-03-08")
        #expect(run.state == "DISTRICT_SCORED")
        let certify = try #require(run.rejection("certify", as: "UBH", Self.decision(3, on: "2024-03-08"), on: "2024-03-08"))
        #expect(certify.text.contains("điểm 49.99"))
        #expect(certify.text.contains("dưới 50"))
        try run.fire("not_recognise", as: "HDH", on: "2024-03-08")
        #expect(run.state == "NOT_RECOGNISED")
        try run.fire("resume_development", as: "CT", on: "2024-03-10")
        #expect(run.state == "DEVELOPING")
    }

    @Test("ocop-148: 75 at the district is forwarded; the province certifies 4★; the district may not")
    func forwardedToProvince() throws {
        var run = try Self.fieldChecked("ocop-148", on: "2024-03-04")
        try run.fire("score", as: "HDH", Self.score("75", sentOn: "2024-03-06"), on: "2024-03-08")
        let certify = try #require(run.rejection("certify", as: "UBH", Self.decision(4, on: "2024-03-08"), on: "2024-03-08"))
        #expect(certify.codes == [.guardFailed, .guardFailed])
        #expect(certify.text.contains("theo ocop-148, điểm 75.00 tại cấp huyện: chuyển lên cấp tỉnh"))
        #expect(certify.text.contains("hạng 4 sao do cấp tỉnh công nhận; cấp huyện không có thẩm quyền"))
        #expect(run.rejection("not_recognise", as: "HDH", on: "2024-03-08")?.codes == [.guardFailed])

        try run.fire("forward", as: "UBH", ["letter_ref": "88/TTr-UBND"], on: "2024-03-11")
        #expect(run.state == "FORWARDED_TO_PROVINCE")
        try run.fire("score", as: "HDT", Self.score("75", sentOn: "2024-04-01"), on: "2024-04-03")
        let wrongStar = try #require(run.rejection("certify", as: "UBT", Self.decision(5, on: "2024-04-05"), on: "2024-04-05"))
        #expect(wrongStar.text.contains("khác kết quả xếp hạng: hạng 4 sao"))
        try run.fire("certify", as: "UBT", Self.decision(4, on: "2024-04-05"), on: "2024-04-05")
        #expect(run.state == "CERTIFIED")
        #expect(run.snapshot.data["star"] == 4)
        #expect(run.snapshot.data["certified_level"] == "province")
    }

    @Test("ocop-148: 68 at the district is certified 3★ there, and cannot be forwarded (68.00 < 70)")
    func districtCertifiesThreeStars() throws {
        var run = try Self.fieldChecked("ocop-148", on: "2024-03-04")
        try run.fire("score", as: "HDH", Self.score("68", sentOn: "2024-03-06"), on: "2024-03-08")
        let forward = try #require(run.rejection("forward", as: "UBH", ["letter_ref": "1/TTr"], on: "2024-03-08"))
        #expect(forward.text.contains("68.00 < 70"))
        try run.fire("certify", as: "UBH", Self.decision(3, on: "2024-03-08"), on: "2024-03-08")
        #expect(run.snapshot.data["certified_level"] == "district")
    }

    @Test("ocop-148: the province finds 65 and returns the product to the district, which certifies 3★")
    func returnToDistrict() throws {
        var run = try Self.fieldChecked("ocop-148", on: "2024-03-04")
        try run.fire("score", as: "HDH", Self.score("72", sentOn: "2024-03-06"), on: "2024-03-08")
        try run.fire("forward", as: "UBH", ["letter_ref": "88/TTr-UBND"], on: "2024-03-11")
        try run.fire("score", as: "HDT", Self.score("65", sentOn: "2024-04-01"), on: "2024-04-03")
        #expect(run.rejection("certify", as: "UBT", Self.decision(3, on: "2024-04-05"), on: "2024-04-05") != nil)
        try run.fire("return_to_district", as: "UBT", on: "2024-04-05")
        try run.fire("certify", as: "UBH", Self.decision(3, on: "2024-04-08"), on: "2024-04-08")
        #expect(run.state == "CERTIFIED")
    }

    @Test("ocop-1048: the district forwards 65 (≥ 50) and may not certify; the province certifies 3★")
    func provinceCertifiesUnder1048() throws {
        var run = try Self.fieldChecked("ocop-1048", on: "2022-11-10")
        try run.fire("score", as: "HDH", Self.score("65", sentOn: "2022-11-14"), on: "2022-11-16")
        let certify = try #require(run.rejection("certify", as: "UBH", Self.decision(3, on: "2022-11-16"), on: "2022-11-16"))
        #expect(certify.text.contains("theo ocop-1048, hạng 3 sao do cấp tỉnh công nhận"))
        #expect(certify.text.contains("under ocop-1048 3★ is certified by the province level"))
        try run.fire("forward", as: "UBH", ["letter_ref": "120/TTr-UBND"], on: "2022-11-17")
        try run.fire("score", as: "HDT", Self.score("65", sentOn: "2022-12-05"), on: "2022-12-07")
        try run.fire("certify", as: "UBT", Self.decision(3, on: "2022-12-20"), on: "2022-12-20")
        #expect(run.snapshot.data["star"] == 3)
    }

    @Test("ocop-1048: 92 at the province certifies 4★ and forwards; 88 centrally keeps the 4★")
    func potentialFiveStars() throws {
        var run = try Self.fieldChecked("ocop-1048", on: "2022-11-10")
        try run.fire("score", as: "HDH", Self.score("92", sentOn: "2022-11-14"), on: "2022-11-16")
        try run.fire("forward", as: "UBH", ["letter_ref": "120/TTr-UBND"], on: "2022-11-17")
        try run.fire("score", as: "HDT", Self.score("92", sentOn: "2022-12-05"), on: "2022-12-07")
        #expect(run.rejection("forward", as: "UBT", ["letter_ref": "2/TTr"], on: "2022-12-08")?.codes == [.guardFailed])
        var inputs = Self.decision(4, on: "2022-12-08")
        inputs["letter_ref"] = "15/TTr-UBND"
        try run.fire("certify_and_forward", as: "UBT", inputs, on: "2022-12-08")
        #expect(run.state == "FORWARDED_TO_CENTRAL")
        #expect(run.snapshot.data["star"] == 4)
        try run.fire("score", as: "TW", Self.score("88", sentOn: "2023-01-09"), on: "2023-01-11")
        #expect(run.rejection("not_recognise", as: "TW", on: "2023-01-11") != nil)
        try run.fire("keep_existing_star", as: "TW", on: "2023-01-11")
        #expect(run.state == "CERTIFIED")
        #expect(run.snapshot.data["star"] == 4)
    }

    @Test("ocop-148-1489: the commune checks and proposes; no district scoring; the province certifies 3★")
    func communeProposes() throws {
        var run = try Self.developing(on: "2025-08-04")
        try run.fire("submit_for_rating", as: "CT", ["rule_set": "ocop-148-1489", "round": "đợt 1"], on: "2025-08-04")
        let byDistrict = try #require(run.rejection("check_complete", as: "HUYEN", on: "2025-08-05"))
        #expect(byDistrict.text.contains("cấp xã (XA)"))
        try run.fire("check_complete", as: "XA", on: "2025-08-05")
        #expect(run.rejection("field_check", as: "TGV", ["field_report_ref": "x", "visited_on": "2025-08-05"], on: "2025-08-05") != nil)
        try run.fire("propose", as: "XA", ["letter_ref": "7/TTr-UBND"], on: "2025-08-06")
        try run.fire("score", as: "HDT", Self.score("60", sentOn: "2025-09-08"), on: "2025-09-10")
        try run.fire("certify", as: "UBT", Self.decision(3, on: "2025-09-12"), on: "2025-09-12")
        #expect(run.snapshot.data["certified_level"] == "province")
    }

    @Test("submission uses the rule set of its date and its dossier items")
    func submission() throws {
        let run = try Self.developing(on: "2023-03-01")
        let wrongSet = try #require(run.rejection("submit_for_rating", as: "CT", ["rule_set": "ocop-1048", "round": "1"], on: "2023-03-01"))
        #expect(wrongSet.text.contains("áp dụng bộ tiêu chí ocop-148, không phải ocop-1048"))
        #expect(run.rejection("submit_for_rating", as: "CT", ["rule_set": "ocop-148", "round": "1"], on: "2023-03-01") == nil)
        #expect(run.rejection("submit_for_rating", as: "CT", ["rule_set": "ocop-1048", "round": "1"], on: "2023-02-23") == nil)

        var partial = try Self.developing(on: "2022-11-10", dossier: ["registration_form": "Biểu 01"])
        let missing = try #require(partial.rejection("submit_for_rating", as: "CT", ["rule_set": "ocop-1048", "round": "1"], on: "2022-11-10"))
        #expect(missing.text.contains("hồ sơ theo ocop-1048 còn thiếu: Bản giới thiệu tổ chức (biểu 04)"))
        #expect(missing.text.contains("5 sản phẩm mẫu (không áp dụng với sản phẩm dịch vụ)"))
        #expect(!missing.text.contains("biểu 03"))
        let waived = "organisation-introduction, business-registration, product-samples"
        try partial.fire("update_dossier", as: "CT", ["not_applicable": .string(waived)], on: "2022-11-10")
        let notWaivable = try #require(partial.rejection("submit_for_rating", as: "CT", ["rule_set": "ocop-1048", "round": "1"], on: "2022-11-10"))
        #expect(notWaivable.text.contains("không thể ghi là không áp dụng: Bản giới thiệu tổ chức (biểu 04)"))
        #expect(!notWaivable.text.contains("sản phẩm mẫu"))
        try partial.fire("update_dossier", as: "CT", ["organisation_introduction": "B04"], on: "2022-11-10")
        #expect(partial.rejection("submit_for_rating", as: "CT", ["rule_set": "ocop-1048", "round": "1"], on: "2022-11-10") == nil)
    }

    @Test("the council meets at least 2 working days after members get the dossier; the average has 2 places")
    func scoringChecks() throws {
        let run = try Self.fieldChecked("ocop-148", on: "2024-03-04")
        // Friday 08/03 → 2 working days later is Tuesday 12/03.
        let early = try #require(run.rejection("score", as: "HDH", Self.score("75", sentOn: "2024-03-08"), on: "2024-03-11"))
        #expect(early.text.contains("2024-03-12"))
        #expect(run.rejection("score", as: "HDH", Self.score("75", sentOn: "2024-03-08"), on: "2024-03-12") == nil)
        let unrounded = try #require(run.rejection("score", as: "HDH", Self.score("49.995", sentOn: "2024-03-01"), on: "2024-03-12"))
        #expect(unrounded.text.contains("làm tròn đến 2 chữ số thập phân (50.00)"))
        #expect(run.rejection("score", as: "HDH", Self.score("100.01", sentOn: "2024-03-01"), on: "2024-03-12") != nil)
    }

    @Test("upgrade from CERTIFIED re-enters rating under the rule set of the new submission")
    func upgrade() throws {
        var run = try Self.fieldChecked("ocop-148", on: "2024-03-04")
        try run.fire("score", as: "HDH", Self.score("68", sentOn: "2024-03-06"), on: "2024-03-08")
        try run.fire("certify", as: "UBH", Self.decision(3, on: "2024-03-08"), on: "2024-03-08")
        try run.fire("apply_for_rerating", as: "CT", ["rule_set": "ocop-148", "round": "đợt 1/2025", "kind": "upgrade"], on: "2025-03-03")
        #expect(run.state == "DOSSIER_SUBMITTED")
        #expect(run.snapshot.data["average"] == nil || run.snapshot.data["average"] == .null)
        #expect(run.snapshot.data["submission_kind"] == "upgrade")
    }
}
