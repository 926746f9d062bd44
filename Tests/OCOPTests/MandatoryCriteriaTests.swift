import Foundation
import OCOP
import Testing

@Suite("Mandatory criteria (§2.2, §9.7)")
struct MandatoryCriteriaTests {
    @Test("default: the star drops to the highest rank whose mandatory criteria are met")
    func lowerStar() {
        let fiveMissing = StarAssessment(bandStar: .five, mandatory: MandatoryCriteriaResults(metRanks: [.three, .four]), rule: .lowerStar)
        #expect(fiveMissing.effectiveStar == .four && fiveMissing.wasLowered)
        let onlyThree = StarAssessment(
            bandStar: .five,
            mandatory: MandatoryCriteriaResults([.three: true, .four: false, .five: false]),
            rule: .lowerStar
        )
        #expect(onlyThree.effectiveStar == .three)
        let allMet = StarAssessment(bandStar: .four, mandatory: .allMet, rule: .lowerStar)
        #expect(allMet.effectiveStar == .four && !allMet.wasLowered && allMet.refusal == nil)
    }

    @Test("default: a rank above the band never raises the star, and none met means not recognised")
    func noneReachable() {
        let aboveOnly = StarAssessment(bandStar: .four, mandatory: MandatoryCriteriaResults(metRanks: [.five]), rule: .lowerStar)
        #expect(aboveOnly.effectiveStar == nil && aboveOnly.refusal == .mandatoryCriteriaUnmet)
        let none = StarAssessment(bandStar: .three, mandatory: .noneMet, rule: .lowerStar)
        #expect(none.effectiveStar == nil && none.refusal == .mandatoryCriteriaUnmet)
        #expect(none.explanation.vi.contains("không đạt tiêu chí bắt buộc"))
    }

    @Test("switch: unmet band criteria mean not recognised, even when a lower rank is met")
    func notRecognisedSwitch() {
        let lowerMet = StarAssessment(bandStar: .four, mandatory: MandatoryCriteriaResults(metRanks: [.three]), rule: .notRecognised)
        #expect(lowerMet.effectiveStar == nil && lowerMet.refusal == .mandatoryCriteriaUnmet)
        let bandMet = StarAssessment(bandStar: .four, mandatory: MandatoryCriteriaResults(metRanks: [.four]), rule: .notRecognised)
        #expect(bandMet.effectiveStar == .four)
    }

    @Test("below 3★ the refusal is the score, whatever the criteria", arguments: [Star.one, .two])
    func belowThree(band: Star) {
        let assessment = StarAssessment(bandStar: band, mandatory: .allMet, rule: .lowerStar)
        #expect(assessment.effectiveStar == nil && assessment.refusal == .scoreBelowThreeStars)
    }

    @Test("a rank missing from the answers counts as not met")
    func missingIsUnmet() {
        let answers = MandatoryCriteriaResults([.three: true])
        #expect(answers.isMet(.three) && !answers.isMet(.four) && !answers.isMet(.five))
    }

    @Test("the council result applies the rule set's switch")
    func councilAssessment() throws {
        let ruleSet = try TestData.ruleSet("ocop-148")
        let sheets = [ScoreSheet(memberID: "m1", a: try dec("35"), b: try dec("22"), c: try dec("30"))]
        let result = try CouncilResult(sheets: sheets, ruleSet: ruleSet)
        #expect(result.bandStar == .four)
        let partial = MandatoryCriteriaResults(metRanks: [.three])
        #expect(result.assessment(mandatory: partial, switches: ruleSet.switches).effectiveStar == .three)
        var strict = ruleSet.switches
        strict.mandatoryCriteriaUnmet = .notRecognised
        #expect(result.assessment(mandatory: partial, switches: strict).effectiveStar == nil)
    }
}
