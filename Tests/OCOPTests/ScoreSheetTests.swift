import Foundation
import OCOP
import Testing

@Suite("Score sheets and council results (§2.1, §7, §9.3)")
struct ScoreSheetTests {
    @Test("C = 36 is refused under 148 (C max 35) and accepted under 1048 (C max 40)")
    func wrongWeightsPartC() throws {
        let sheet = ScoreSheet(memberID: "m7", a: try dec("30"), b: try dec("20"), c: try dec("36"))
        try sheet.validate(against: try TestData.ruleSet("ocop-1048"))
        let error = try capture(RatingError.self) { try sheet.validate(against: try TestData.ruleSet("ocop-148")) }
        #expect(error.code == .scoreAboveMaximum)
        #expect(error.memberID == "m7")
        #expect(error.part == .c)
        #expect(error.message.vi.contains("thành viên m7") && error.message.vi.contains("phần C"))
        #expect(error.message.en.contains("member m7") && error.message.en.contains("part C") && error.message.en.contains("35"))
    }

    @Test("A = 38 is refused under 1048 (A max 35) and accepted under 148 (A max 40)")
    func wrongWeightsPartA() throws {
        let sheet = ScoreSheet(memberID: "m1", a: try dec("38"), b: try dec("20"), c: try dec("30"))
        try sheet.validate(against: try TestData.ruleSet("ocop-148"))
        let error = try capture(RatingError.self) { try sheet.validate(against: try TestData.ruleSet("ocop-1048")) }
        #expect(error.code == .scoreAboveMaximum && error.part == .a)
    }

    @Test("each part at its exact maximum is accepted and totals 100")
    func maxima() throws {
        for id in ["ocop-1048", "ocop-148", "ocop-148-1489"] {
            let ruleSet = try TestData.ruleSet(id)
            let sheet = ScoreSheet(memberID: "m1", a: ruleSet.maximum(of: .a), b: ruleSet.maximum(of: .b), c: ruleSet.maximum(of: .c))
            try sheet.validate(against: ruleSet)
            #expect(sheet.total == 100)
        }
    }

    @Test("a negative part is refused, naming member and part")
    func negative() throws {
        let sheet = ScoreSheet(memberID: "nguyen-van-a", a: try dec("10"), b: try dec("-0.5"), c: try dec("10"))
        let error = try capture(RatingError.self) { try sheet.validate(against: try TestData.ruleSet("ocop-148")) }
        #expect(error.code == .negativeScore && error.part == .b && error.memberID == "nguyen-van-a")
        #expect(error.message.vi.contains("không được âm"))
        #expect(error.message.vi.contains("-0,5"))
    }

    @Test("three decimal places are refused; two are accepted", arguments: [("12.345", false), ("12.34", true), ("12.5", true)])
    func decimalPlaces(score: String, accepted: Bool) throws {
        let sheet = ScoreSheet(memberID: "m2", a: try dec("10"), b: try dec("10"), c: try dec(score))
        let ruleSet = try TestData.ruleSet("ocop-1048")
        if accepted {
            try sheet.validate(against: ruleSet)
        } else {
            let error = try capture(RatingError.self) { try sheet.validate(against: ruleSet) }
            #expect(error.code == .tooManyDecimalPlaces && error.part == .c && error.memberID == "m2")
            #expect(error.message.en.contains("2 decimal places"))
        }
    }

    @Test("bonus: refused under 1048, capped at 5 and inside part A under 148 (§9.3)")
    func bonus() throws {
        let r1048 = try TestData.ruleSet("ocop-1048")
        let r148 = try TestData.ruleSet("ocop-148")
        let withBonus = ScoreSheet(memberID: "m1", a: try dec("30"), b: try dec("20"), c: try dec("30"), bonus: try dec("3"))
        #expect(try capture(RatingError.self) { try withBonus.validate(against: r1048) }.code == .bonusNotAllowed)
        try withBonus.validate(against: r148)
        #expect(withBonus.total == (try dec("83")))

        let tooMuch = ScoreSheet(memberID: "m1", a: try dec("30"), b: try dec("20"), c: try dec("30"), bonus: try dec("5.01"))
        #expect(try capture(RatingError.self) { try tooMuch.validate(against: r148) }.code == .bonusAboveMaximum)

        let overPart = ScoreSheet(memberID: "m1", a: try dec("38"), b: try dec("25"), c: try dec("35"), bonus: try dec("3"))
        let error = try capture(RatingError.self) { try overPart.validate(against: r148) }
        #expect(error.code == .scoreAboveMaximum && error.part == .a)

        let atLimit = ScoreSheet(memberID: "m1", a: try dec("37"), b: try dec("25"), c: try dec("35"), bonus: try dec("3"))
        try atLimit.validate(against: r148)
        #expect(atLimit.total == 100)
    }

    @Test("a council with no sheets is refused")
    func noSheets() throws {
        let error = try capture(RatingError.self) { _ = try CouncilResult(sheets: [], ruleSet: try TestData.ruleSet("ocop-148")) }
        #expect(error.code == .noScoreSheets)
    }

    @Test("a member who scored twice is refused")
    func duplicateMember() throws {
        let sheets = [
            ScoreSheet(memberID: "m1", a: try dec("30"), b: try dec("20"), c: try dec("20")),
            ScoreSheet(memberID: "m2", a: try dec("30"), b: try dec("20"), c: try dec("20")),
            ScoreSheet(memberID: "m1", a: try dec("10"), b: try dec("10"), c: try dec("10")),
        ]
        let error = try capture(RatingError.self) { _ = try CouncilResult(sheets: sheets, ruleSet: try TestData.ruleSet("ocop-148")) }
        #expect(error.code == .duplicateMember && error.memberID == "m1")
    }

    @Test("an invalid sheet makes the council result fail with that sheet's error")
    func invalidSheetInCouncil() throws {
        let sheets = [
            ScoreSheet(memberID: "m1", a: try dec("30"), b: try dec("20"), c: try dec("20")),
            ScoreSheet(memberID: "m2", a: try dec("30"), b: try dec("26"), c: try dec("20")),
        ]
        let error = try capture(RatingError.self) { _ = try CouncilResult(sheets: sheets, ruleSet: try TestData.ruleSet("ocop-148")) }
        #expect(error.code == .scoreAboveMaximum && error.memberID == "m2" && error.part == .b)
    }

    @Test("an empty member id is refused")
    func emptyMember() throws {
        let sheet = ScoreSheet(memberID: " ", a: 1, b: 1, c: 1)
        #expect(try capture(RatingError.self) { try sheet.validate(against: try TestData.ruleSet("ocop-148")) }.code == .emptyMemberID)
    }
}
