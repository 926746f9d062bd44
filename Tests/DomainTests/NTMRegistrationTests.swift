import Domain
import Foundation
import Testing
import Workflow

@Suite("NTM registration (DOMAIN §4, §6.6)")
struct NTMRegistrationTests {
    /// A commune registered for advanced NTM in 2022, plan approved, counted against a set of 20 criteria.
    static func implementing(scope: String = "commune-advanced", issued: Bool) throws -> Run {
        let data: [String: JSONValue] = [
            "unit_code": "VQ-DB", "unit_name": "Đức Bồng", "scope": .string(scope), "year": 2022, "year_ends_on": "2022-12-31",
        ]
        var run = try Run(try Fixtures.engine("ntm_registration"), data: data, on: "2022-01-10")
        try run.fire("approve_plan", as: "BCD", ["legal_ref": "15/KH-BCĐ", "legal_ref_date": "2022-02-01"], on: "2022-02-01")
        try run.fire("criteria_set_updated", as: "SYSTEM", [
            "criteria_set": "ntm-commune-advanced-ha-tinh", "criteria_set_issued": .bool(issued), "criteria_total": 20,
        ], on: "2022-02-01")
        return run
    }

    static func tally(_ met: Int, basically: Int = 0, model: Int? = nil) -> [String: JSONValue] {
        var input: [String: JSONValue] = [
            "as_of": "2022-10-31", "criteria_met": .int(Int64(met)), "criteria_basically_met": .int(Int64(basically)),
            "progress_min": 80, "progress_max": 85, "progress_kind": "estimate",
        ]
        if let model { input["model_conditions_met"] = .int(Int64(model)) }
        return input
    }

    @Test("registration → plan → self-assessed → dossier → verified → appraised → recognised → maintaining")
    func recognised() throws {
        var run = try Self.implementing(issued: true)
        #expect(run.scheduled("year_end") == nil)
        try run.fire("report_progress", as: "XA", Self.tally(20), on: "2022-11-01")
        try run.fire("self_assess", as: "XA", on: "2022-11-02")
        #expect(run.cancels("year_end"))
        try run.fire("submit_dossier", as: "XA", ["dossier_ref": "HS-NC-1", "published_on": "2022-11-03"], on: "2022-11-10")
        try run.fire("verify", as: "HUYEN", ["verification_ref": "BC-TT-4"], on: "2022-11-20")
        let badVotes: [String: JSONValue] = ["members": 15, "votes_for": 15, "votes_against": 1, "minutes_ref": "BB-TĐ"]
        #expect(try #require(run.rejection("appraise", as: "HDTD", badVotes, on: "2022-12-01")).text.contains("vượt quá số thành viên 15"))
        try run.fire("appraise", as: "HDTD", ["members": 15, "votes_for": 15, "votes_against": 0, "minutes_ref": "BB-TĐ"], on: "2022-12-01")
        let decision: [String: JSONValue] = ["legal_ref": "283/QĐ-UBND", "legal_ref_date": "2023-01-26"]
        let byDistrict = try #require(run.rejection("recognise", as: "UBH", decision, on: "2023-01-26"))
        #expect(byDistrict.text.contains("Chủ tịch UBND tỉnh (UBT)"))
        try run.fire("recognise", as: "UBT", decision, on: "2023-01-26")
        #expect(run.state == "RECOGNISED")
        try run.fire("report_maintenance", as: "XA", ["as_of": "2023-10-31", "progress_min": 70, "progress_max": 75, "progress_kind": "estimate"],
                     on: "2023-11-01")
        #expect(run.state == "MAINTAINING")
        try run.fire("unit_merged", as: "UBT", ["new_unit_code": "VQ-DB2", "legal_ref": "1243/NQ-UBTVQH15", "legal_ref_date": "2024-10-24"],
                     on: "2024-11-01")
        #expect(run.state == "NEEDS_RECONFIRMATION")
        try run.fire("reconfirm", as: "UBT", ["legal_ref": "1337/QĐ-UBND", "legal_ref_date": "2025-01-10"], on: "2025-01-10")
        #expect(run.state == "MAINTAINING")
    }

    @Test("self-assessment is refused while the criteria set is not issued (Đức Bồng, 28/11/2022)")
    func setNotIssued() throws {
        var run = try Self.implementing(issued: false)
        try run.fire("report_progress", as: "XA", Self.tally(20), on: "2022-11-28")
        let refused = try #require(run.rejection("self_assess", as: "XA", on: "2022-11-28"))
        #expect(refused.codes == [.guardFailed])
        #expect(refused.text.contains("chưa được ban hành (mới tạm tính), nên chưa thể lập hồ sơ"))
    }

    @Test("self-assessment is refused at 19/20 đạt, and when the 20th is only cơ bản đạt")
    func notAllMet() throws {
        var run = try Self.implementing(issued: true)
        try run.fire("report_progress", as: "XA", Self.tally(19), on: "2022-11-01")
        let missing = try #require(run.rejection("self_assess", as: "XA", on: "2022-11-02"))
        #expect(missing.text.contains("mới đạt 19/20 tiêu chí; 1 tiêu chí chưa đạt"))
        try run.fire("report_progress", as: "XA", Self.tally(19, basically: 1), on: "2022-11-15")
        let basically = try #require(run.rejection("self_assess", as: "XA", on: "2022-11-16"))
        #expect(basically.text.contains("1 tiêu chí mới cơ bản đạt (không được tính khi xét công nhận)"))
        #expect(!basically.text.contains("chưa đạt"))
        let inconsistent = try #require(run.rejection("report_progress", as: "XA", Self.tally(19, basically: 3), on: "2022-11-20"))
        #expect(inconsistent.text.contains("vượt quá 20 tiêu chí"))
    }

    @Test("a model commune also needs the four conditions of 319 (Đức Lĩnh: 3/4)")
    func modelConditions() throws {
        var run = try Self.implementing(scope: "commune-model", issued: true)
        try run.fire("report_progress", as: "XA", Self.tally(20, model: 3), on: "2022-11-01")
        let refused = try #require(run.rejection("self_assess", as: "XA", on: "2022-11-02"))
        #expect(refused.text.contains("mới đạt 3/4 điều kiện kiểu mẫu"))
        try run.fire("report_progress", as: "XA", Self.tally(20, model: 4), on: "2022-11-15")
        #expect(run.rejection("self_assess", as: "XA", on: "2022-11-16") == nil)
    }

    @Test("an unrecognised registration is carried over by the year-end timer")
    func carriedOver() throws {
        var run = try Run(try Fixtures.engine("ntm_registration"), data: ["scope": "village-model", "year_ends_on": "2022-12-31"], on: "2022-01-10")
        #expect(run.scheduled("year_end") == midnight("2023-01-01"))
        try run.fire("approve_plan", as: "TCT", ["legal_ref": "3/KH-TCT", "legal_ref_date": "2022-02-01"], on: "2022-02-01")
        #expect(run.scheduled("year_end") == nil && !run.cancels("year_end"))
        try run.fire("carry_over", as: "SYSTEM", on: "2023-01-01")
        #expect(run.state == "CARRIED_OVER")
    }
}
