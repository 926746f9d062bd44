import Foundation
import OCOP
import Testing

/// One row of the §6.3 routing table: who scored what, under which switches, and the expected decision.
struct RoutingCase: Sendable, CustomTestStringConvertible {
    var ruleSet: String
    var level: CouncilLevel
    var average: String?
    var met: Set<Star> = Set(Star.allCases)
    var date = "2024-01-10"
    var adjust: @Sendable (inout RatingSwitches) -> Void = { _ in }
    var expected: RoutingDecision
    var note = ""

    var testDescription: String { "\(ruleSet) \(level) \(average ?? "—") \(note) → \(expected)" }
}

@Suite("Routing (§6.3, §2.3, §9.5–§9.9)")
struct RoutingTests {
    static let ocop1048: [RoutingCase] = [
        .init(ruleSet: "ocop-1048", level: .district, average: "49.99", date: "2021-06-01", expected: .notRecognised(.scoreBelowThreeStars)),
        .init(ruleSet: "ocop-1048", level: .district, average: "50", date: "2021-06-01", expected: .forward(to: .province, certifyingFirst: nil)),
        .init(ruleSet: "ocop-1048", level: .district, average: "95", date: "2021-06-01", expected: .forward(to: .province, certifyingFirst: nil)),
        .init(ruleSet: "ocop-1048", level: .province, average: "45", date: "2021-06-01", expected: .notRecognised(.scoreBelowThreeStars)),
        .init(ruleSet: "ocop-1048", level: .province, average: "50", date: "2021-06-01", expected: .certify(.three, at: .province)),
        .init(ruleSet: "ocop-1048", level: .province, average: "69.99", date: "2021-06-01", expected: .certify(.three, at: .province)),
        .init(ruleSet: "ocop-1048", level: .province, average: "70", date: "2021-06-01", expected: .certify(.four, at: .province)),
        .init(ruleSet: "ocop-1048", level: .province, average: "89.99", date: "2021-06-01", expected: .certify(.four, at: .province)),
        .init(
            ruleSet: "ocop-1048",
            level: .province,
            average: "90",
            date: "2021-06-01",
            expected: .forward(to: .central, certifyingFirst: .four),
            note: "§9.5 default"
        ),
        .init(
            ruleSet: "ocop-1048",
            level: .province,
            average: "90",
            date: "2021-06-01",
            adjust: { $0.topScoreBeforeForwarding = .forwardWithoutCertifying },
            expected: .forward(to: .central, certifyingFirst: nil),
            note: "§9.5 switch"
        ),
        .init(ruleSet: "ocop-1048", level: .central, average: "90", date: "2021-06-01", expected: .certify(.five, at: .central)),
        .init(ruleSet: "ocop-1048", level: .central, average: "89.99", date: "2021-06-01", expected: .existingCertificateStands(.four)),
        .init(
            ruleSet: "ocop-1048",
            level: .central,
            average: "95",
            met: [.three, .four],
            date: "2021-06-01",
            expected: .existingCertificateStands(.four),
            note: "5★ criteria unmet"
        ),
        .init(
            ruleSet: "ocop-1048",
            level: .central,
            average: "80",
            date: "2021-06-01",
            adjust: { $0.topScoreBeforeForwarding = .forwardWithoutCertifying },
            expected: .returnForCertification(.four, to: .province),
            note: "§9.5 switch, no 4★ yet"
        ),
        .init(
            ruleSet: "ocop-1048",
            level: .central,
            average: "80",
            date: "2021-06-01",
            adjust: {
                $0.topScoreBeforeForwarding = .forwardWithoutCertifying; $0.lowerStarAtCentral = .certifyHere
            },
            expected: .certify(.four, at: .central),
            note: "§9.5 + §9.6 switches"
        ),
    ]

    static let ocop148: [RoutingCase] = [
        .init(ruleSet: "ocop-148", level: .district, average: "49.99", expected: .notRecognised(.scoreBelowThreeStars)),
        .init(ruleSet: "ocop-148", level: .district, average: "50", expected: .certify(.three, at: .district)),
        .init(ruleSet: "ocop-148", level: .district, average: "69.99", expected: .certify(.three, at: .district)),
        .init(ruleSet: "ocop-148", level: .district, average: "70", expected: .forward(to: .province, certifyingFirst: nil)),
        .init(ruleSet: "ocop-148", level: .district, average: "92", expected: .forward(to: .province, certifyingFirst: nil)),
        .init(ruleSet: "ocop-148", level: .district, average: "60", met: [], expected: .notRecognised(.mandatoryCriteriaUnmet)),
        .init(
            ruleSet: "ocop-148",
            level: .district,
            average: "75",
            met: [.three],
            expected: .certify(.three, at: .district),
            note: "§9.7 lower"
        ),
        .init(
            ruleSet: "ocop-148",
            level: .district,
            average: "75",
            met: [.three],
            adjust: { $0.mandatoryCriteriaUnmet = .notRecognised },
            expected: .notRecognised(.mandatoryCriteriaUnmet),
            note: "§9.7 switch"
        ),
        .init(
            ruleSet: "ocop-148",
            level: .province,
            average: "60",
            expected: .returnForCertification(.three, to: .district),
            note: "§9.6 default"
        ),
        .init(
            ruleSet: "ocop-148",
            level: .province,
            average: "60",
            adjust: { $0.lowerStarAtProvince = .certifyHere },
            expected: .certify(.three, at: .province),
            note: "§9.6 switch"
        ),
        .init(ruleSet: "ocop-148", level: .province, average: "70", expected: .certify(.four, at: .province)),
        .init(ruleSet: "ocop-148", level: .province, average: "89.99", expected: .certify(.four, at: .province)),
        .init(ruleSet: "ocop-148", level: .province, average: "90", expected: .forward(to: .central, certifyingFirst: nil)),
        .init(
            ruleSet: "ocop-148",
            level: .province,
            average: "92",
            met: [.three, .four],
            expected: .certify(.four, at: .province),
            note: "5★ criteria unmet"
        ),
        .init(ruleSet: "ocop-148", level: .province, average: "45", expected: .notRecognised(.scoreBelowThreeStars)),
        .init(ruleSet: "ocop-148", level: .central, average: "90", expected: .certify(.five, at: .central)),
        .init(
            ruleSet: "ocop-148",
            level: .central,
            average: "85",
            expected: .returnForCertification(.four, to: .province),
            note: "§9.6 default"
        ),
        .init(
            ruleSet: "ocop-148",
            level: .central,
            average: "85",
            adjust: { $0.lowerStarAtCentral = .certifyHere },
            expected: .certify(.four, at: .central),
            note: "§9.6 switch"
        ),
        .init(
            ruleSet: "ocop-148",
            level: .central,
            average: "95",
            met: [.three, .four],
            expected: .returnForCertification(.four, to: .province),
            note: "5★ criteria unmet"
        ),
        .init(ruleSet: "ocop-148", level: .central, average: "49", expected: .notRecognised(.scoreBelowThreeStars)),
    ]

    /// §9.9: under ocop-148 from 2025-07-01 to 2025-07-05 there are no districts.
    static let withoutDistricts: [RoutingCase] = [
        .init(
            ruleSet: "ocop-148",
            level: .province,
            average: "60",
            date: "2025-06-30",
            expected: .returnForCertification(.three, to: .district),
            note: "last district day"
        ),
        .init(
            ruleSet: "ocop-148",
            level: .province,
            average: "60",
            date: "2025-07-01",
            expected: .certify(.three, at: .province),
            note: "§9.9 default"
        ),
        .init(
            ruleSet: "ocop-148",
            level: .province,
            average: "60",
            date: "2025-07-05",
            adjust: { $0.withoutDistrictLevel = .holdForManualRouting },
            expected: .holdForManualRouting,
            note: "§9.9 switch"
        ),
        .init(
            ruleSet: "ocop-148",
            level: .province,
            average: "60",
            date: "2025-07-03",
            adjust: {
                $0.withoutDistrictLevel = .holdForManualRouting; $0.lowerStarAtProvince = .certifyHere
            },
            expected: .certify(.three, at: .province),
            note: "§9.6 switch wins over hold"
        ),
        .init(
            ruleSet: "ocop-148",
            level: .central,
            average: "60",
            date: "2025-07-02",
            expected: .returnForCertification(.three, to: .province),
            note: "§9.9 default"
        ),
        .init(
            ruleSet: "ocop-148",
            level: .central,
            average: "60",
            date: "2025-07-02",
            adjust: { $0.withoutDistrictLevel = .holdForManualRouting },
            expected: .holdForManualRouting
        ),
        .init(ruleSet: "ocop-148", level: .province, average: "75", date: "2025-07-02", expected: .certify(.four, at: .province)),
    ]

    static let ocop1489: [RoutingCase] = [
        .init(
            ruleSet: "ocop-148-1489",
            level: .commune,
            average: nil,
            date: "2025-08-01",
            expected: .forward(to: .province, certifyingFirst: nil),
            note: "commune proposes"
        ),
        .init(
            ruleSet: "ocop-148-1489",
            level: .commune,
            average: "20",
            date: "2025-08-01",
            expected: .forward(to: .province, certifyingFirst: nil),
            note: "no threshold"
        ),
        .init(ruleSet: "ocop-148-1489", level: .province, average: "49.99", date: "2025-08-01", expected: .notRecognised(.scoreBelowThreeStars)),
        .init(ruleSet: "ocop-148-1489", level: .province, average: "50", date: "2025-08-01", expected: .certify(.three, at: .province)),
        .init(ruleSet: "ocop-148-1489", level: .province, average: "70", date: "2025-08-01", expected: .certify(.four, at: .province)),
        .init(ruleSet: "ocop-148-1489", level: .province, average: "90", date: "2025-08-01", expected: .forward(to: .central, certifyingFirst: nil)),
        .init(ruleSet: "ocop-148-1489", level: .central, average: "90", date: "2025-08-01", expected: .certify(.five, at: .central)),
        .init(ruleSet: "ocop-148-1489", level: .central, average: "80", date: "2025-08-01", expected: .returnForCertification(.four, to: .province)),
        .init(
            ruleSet: "ocop-148-1489",
            level: .central,
            average: "80",
            date: "2025-08-01",
            adjust: { $0.lowerStarAtCentral = .certifyHere },
            expected: .certify(.four, at: .central)
        ),
        .init(ruleSet: "ocop-148-1489", level: .central, average: "60", date: "2025-08-01", expected: .returnForCertification(.three, to: .province)),
    ]

    @Test("ocop-1048 rows", arguments: ocop1048)
    func rows1048(row: RoutingCase) throws { try check(row) }

    @Test("ocop-148 rows", arguments: ocop148)
    func rows148(row: RoutingCase) throws { try check(row) }

    @Test("ocop-148 without districts, 1–5 July 2025", arguments: withoutDistricts)
    func rowsWithoutDistricts(row: RoutingCase) throws { try check(row) }

    @Test("ocop-148-1489 rows", arguments: ocop1489)
    func rows1489(row: RoutingCase) throws { try check(row) }

    private func check(_ row: RoutingCase) throws {
        let ruleSet = try TestData.ruleSet(row.ruleSet)
        var switches = ruleSet.switches
        row.adjust(&switches)
        let decision = try ruleSet.route(
            level: row.level,
            average: try row.average.map(dec),
            mandatory: MandatoryCriteriaResults(metRanks: row.met),
            on: try day(row.date),
            switches: switches
        )
        #expect(decision == row.expected)
    }

    @Test("levels a rule set does not have, or no longer has, are refused")
    func wrongLevels() throws {
        let r148 = try TestData.ruleSet("ocop-148")
        let r1489 = try TestData.ruleSet("ocop-148-1489")
        let missing = try capture(RatingError.self) {
            _ = try r148.route(level: .commune, average: 60, mandatory: .allMet, on: try day("2024-01-10"))
        }
        #expect(missing.code == .levelNotInRuleSet)
        let gone = try capture(RatingError.self) {
            _ = try r148.route(level: .district, average: 60, mandatory: .allMet, on: try day("2025-07-01"))
        }
        #expect(gone.code == .levelNotAvailable && gone.message.vi.contains("30/06/2025"))
        #expect(
            try capture(RatingError.self) {
                _ = try r1489.route(level: .district, average: 60, mandatory: .allMet, on: try day("2025-08-01"))
            }.code == .levelNotInRuleSet
        )
        #expect(
            try capture(RatingError.self) {
                _ = try r1489.route(level: .province, average: nil, mandatory: .allMet, on: try day("2025-08-01"))
            }.code == .averageRequired
        )
        #expect(
            try capture(RatingError.self) {
                _ = try r1489.route(level: .province, average: try dec("100.01"), mandatory: .allMet, on: try day("2025-08-01"))
            }.code == .averageOutOfRange
        )
    }

    @Test("a hand-built rule set whose level cannot forward is refused, not trapped")
    func handBuiltInconsistency() throws {
        var ruleSet = try TestData.ruleSet("ocop-148")
        ruleSet.levels[0].forwardTo = nil
        let error = try capture(RatingError.self) {
            _ = try ruleSet.route(level: .district, average: 75, mandatory: .allMet, on: try day("2024-01-10"))
        }
        #expect(error.code == .inconsistentRuleSet)
    }

    @Test("which level may certify which star")
    func certifyingLevels() throws {
        let r1048 = try TestData.ruleSet("ocop-1048")
        let r148 = try TestData.ruleSet("ocop-148")
        let r1489 = try TestData.ruleSet("ocop-148-1489")
        let d2021 = try day("2021-06-01")
        let d2024 = try day("2024-01-10")
        #expect(r1048.levelsThatMayCertify(.three, on: d2021) == [.province])
        #expect(r1048.levelsThatMayCertify(.four, on: d2021) == [.province])
        #expect(r1048.levelsThatMayCertify(.five, on: d2021) == [.central])
        #expect(r1048.levelsThatMayCertify(.two, on: d2021).isEmpty)
        #expect(r148.levelsThatMayCertify(.three, on: d2024) == [.district])
        #expect(r148.levelsThatMayCertify(.four, on: d2024) == [.province])
        #expect(r148.mayCertify(.three, at: .district, on: d2024))
        #expect(!r148.mayCertify(.three, at: .province, on: d2024))
        #expect(!r148.mayCertify(.four, at: .district, on: d2024))
        var lenient = r148.switches
        lenient.lowerStarAtProvince = .certifyHere
        lenient.lowerStarAtCentral = .certifyHere
        #expect(r148.levelsThatMayCertify(.three, on: d2024, switches: lenient) == [.district, .province, .central])
        #expect(r148.levelsThatMayCertify(.four, on: d2024, switches: lenient) == [.province, .central])
        #expect(r148.levelsThatMayCertify(.three, on: try day("2025-07-02")) == [.province])
        var hold = r148.switches
        hold.withoutDistrictLevel = .holdForManualRouting
        #expect(r148.levelsThatMayCertify(.three, on: try day("2025-07-02"), switches: hold).isEmpty)
        #expect(r1489.levelsThatMayCertify(.three, on: try day("2025-08-01")) == [.province])
        #expect(r1489.levelsThatMayCertify(.five, on: try day("2025-08-01")) == [.central])
    }

    @Test("decisions explain themselves in both languages")
    func explanations() {
        let decision = RoutingDecision.forward(to: .central, certifyingFirst: .four)
        #expect(decision.explanation.vi.contains("cấp Trung ương") && decision.explanation.en.contains("potential 5★"))
        #expect(decision.starCertifiedHere == .four)
        #expect(RoutingDecision.returnForCertification(.three, to: .district).explanation.vi == "trả về cấp huyện để công nhận hạng 3 sao")
    }
}
