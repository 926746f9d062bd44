import Foundation
import OCOP
import Testing

@Suite("Star bands (§2.2, §7)")
struct StarBandTests {
    /// §2.2's boundary table; §7's exclusive-comparison pitfall sent exactly 30/50/70 to 5★.
    static let boundaries: [(String, Star)] = [
        ("0", .one), ("29.99", .one), ("30", .two), ("49.99", .two), ("50", .three), ("69.99", .three),
        ("70", .four), ("89.99", .four), ("90", .five), ("100", .five),
    ]

    @Test("band boundaries under every rule set", arguments: ["ocop-1048", "ocop-148", "ocop-148-1489"])
    func boundaries(ruleSetID: String) throws {
        let ruleSet = try TestData.ruleSet(ruleSetID)
        for (average, expected) in Self.boundaries {
            #expect(ruleSet.star(forAverage: try dec(average)) == expected, "\(ruleSetID): \(average)")
        }
    }

    @Test("scores outside 0…100 have no band", arguments: ["-0.01", "100.01", "120"])
    func outside(average: String) throws {
        #expect(try TestData.ruleSet("ocop-148").star(forAverage: try dec(average)) == nil)
    }

    @Test("only 3★–5★ are certifiable")
    func certifiable() {
        #expect(Star.allCases.filter(\.isCertifiable) == [.three, .four, .five])
        #expect(Star.certifiable == [.three, .four, .five])
    }

    @Test("a council averaging 49.995 rounds to 50.00 and gets 3★ (§9.8)")
    func roundingHalfUp() throws {
        let ruleSet = try TestData.ruleSet("ocop-1048")
        let sheets = [
            ScoreSheet(memberID: "m1", a: try dec("20"), b: try dec("10"), c: try dec("19.99")),
            ScoreSheet(memberID: "m2", a: try dec("20"), b: try dec("10"), c: try dec("20")),
        ]
        let result = try CouncilResult(sheets: sheets, ruleSet: ruleSet)
        #expect(result.exactAverage == (try dec("49.995")))
        #expect(result.average == (try dec("50")))
        #expect(result.bandStar == .three)
    }

    @Test("the rounding switch changes the band of 49.995")
    func roundingSwitch() throws {
        var ruleSet = try TestData.ruleSet("ocop-1048")
        ruleSet.switches.averageRounding = .down
        let sheets = [
            ScoreSheet(memberID: "m1", a: try dec("20"), b: try dec("10"), c: try dec("19.99")),
            ScoreSheet(memberID: "m2", a: try dec("20"), b: try dec("10"), c: try dec("20")),
        ]
        let result = try CouncilResult(sheets: sheets, ruleSet: ruleSet)
        #expect(result.average == (try dec("49.99")))
        #expect(result.bandStar == .two)
    }

    @Test("69.995 rounds to 70.00 and gets 4★")
    func roundingAtSeventy() throws {
        let sheets = [
            ScoreSheet(memberID: "m1", a: try dec("30"), b: try dec("20"), c: try dec("19.99")),
            ScoreSheet(memberID: "m2", a: try dec("30"), b: try dec("20"), c: try dec("20")),
        ]
        let result = try CouncilResult(sheets: sheets, ruleSet: try TestData.ruleSet("ocop-148"))
        #expect(result.average == (try dec("70")))
        #expect(result.bandStar == .four)
    }

    @Test("members 70, 69, 69 average 69.33, not the integer 69 (§7)")
    func noIntegerDivision() throws {
        let sheets = [
            ScoreSheet(memberID: "m1", a: try dec("30"), b: try dec("20"), c: try dec("20")),
            ScoreSheet(memberID: "m2", a: try dec("30"), b: try dec("20"), c: try dec("19")),
            ScoreSheet(memberID: "m3", a: try dec("29"), b: try dec("20"), c: try dec("20")),
        ]
        let result = try CouncilResult(sheets: sheets, ruleSet: try TestData.ruleSet("ocop-1048"))
        #expect(sheets.map(\.total) == [try dec("70"), try dec("69"), try dec("69")])
        #expect(result.average == (try dec("69.33")))
        let (low, high) = (try dec("69.333"), try dec("69.334"))
        #expect(result.exactAverage > low && result.exactAverage < high)
        #expect(result.bandStar == .three)
    }

    @Test("a StarBand is half-open except the top one")
    func bandNotation() throws {
        let bands = try TestData.ruleSet("ocop-148").bands
        #expect(bands.map(\.notation) == ["[0, 30)", "[30, 50)", "[50, 70)", "[70, 90)", "[90, 100]"])
        #expect(bands[2].contains(try dec("70")) == false)
        #expect(bands[4].contains(try dec("100")))
    }
}
