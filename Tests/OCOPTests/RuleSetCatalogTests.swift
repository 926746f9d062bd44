import Foundation
import OCOP
import Testing

@Suite("Rule sets as data (Modelling decision 1)")
struct RuleSetCatalogTests {
    @Test(
        "the rule set in force on each boundary date",
        arguments: [
            ("2019-08-21", "ocop-1048"), ("2022-12-15", "ocop-1048"), ("2023-02-23", "ocop-1048"), ("2023-02-24", "ocop-148"),
            ("2025-07-01", "ocop-148"), ("2025-07-05", "ocop-148"), ("2025-07-06", "ocop-148-1489"), ("2031-01-01", "ocop-148-1489"),
        ]
    )
    func selection(date: String, expected: String) throws {
        #expect(try TestData.ruleSets().ruleSet(forSubmissionDate: try day(date)).id == expected)
    }

    @Test("a submission before 2019-08-21 has no rule set")
    func beforeFirst() throws {
        let error = try capture(RatingError.self) { _ = try TestData.ruleSets().ruleSet(forSubmissionDate: try day("2019-08-20")) }
        #expect(error.code == .noRuleSetInForce)
        #expect(error.message.vi.contains("20/08/2019") && error.message.vi.contains("21/08/2019"))
        #expect(error.message.en.contains("2019-08-20"))
    }

    @Test("the real files hold DOMAIN.md's table")
    func realFiles() throws {
        let r1048 = try TestData.ruleSet("ocop-1048")
        let r148 = try TestData.ruleSet("ocop-148")
        let r1489 = try TestData.ruleSet("ocop-148-1489")
        #expect([r1048, r148, r1489].map { $0.partMaxima[.a] } == [35, 40, 40])
        #expect([r1048, r148, r1489].map { $0.partMaxima[.c] } == [40, 35, 35])
        #expect(r1048.bonus == nil && r148.bonus?.maximum == 5 && r148.bonus?.part == .a)
        #expect(r1048.certifyingLevels == [.three: .province, .four: .province, .five: .central])
        #expect(r148.certifyingLevels == [.three: .district, .four: .province, .five: .central])
        #expect(r1489.certifyingLevels == [.three: .province, .four: .province, .five: .central])
        #expect(r1048.rule(for: .district)?.forwardThreshold == 50 && r148.rule(for: .district)?.forwardThreshold == 70)
        #expect(r1489.rule(for: .commune)?.scores == false && r1489.rule(for: .commune)?.forwardThreshold == nil)
        #expect([r1048, r148, r1489].allSatisfy { $0.rule(for: .province)?.forwardThreshold == 90 })
        #expect([r1048, r148, r1489].allSatisfy { $0.validityMonths == 36 && $0.noticeDays == 30 })
        #expect(r1048.dossierItems.count == 5 && r148.dossierItems.map(\.code) == ["registration-form", "self-assessment"])
        #expect(r1048.productGroups.map(\.name.vi).contains("Thảo dược"))
        #expect(r148.productGroups.map(\.name.vi).contains("Sinh vật cảnh") && r148.productGroups.count == 6)
        #expect(r1048.mainDecision?.description == "1048/QĐ-TTg ngày 21/08/2019")
        #expect(r1048.switches.topScoreBeforeForwarding == .certifyFourStarThenForward)
        #expect(r148.switches.topScoreBeforeForwarding == .forwardWithoutCertifying)
        #expect(r148.rule(for: .district)?.availableUntil == (try day("2025-06-30")))
        let defaults = RatingSwitches.domainDefaults
        #expect(r148.switches.mandatoryCriteriaUnmet == defaults.mandatoryCriteriaUnmet && r148.switches.averagePlaces == 2)
    }

    @Test("overlapping periods and duplicate ids are refused")
    func catalogChecks() throws {
        let r1048 = try TestData.ruleSet("ocop-1048")
        var r148 = try TestData.ruleSet("ocop-148")
        r148.inForce.from = try day("2023-02-23")
        #expect(try capture(DataFileError.self) { _ = try RuleSetCatalog([r1048, r148]) }.code == .overlappingValidity)
        #expect(try capture(DataFileError.self) { _ = try RuleSetCatalog([r1048, r1048]) }.code == .duplicateID)
    }

    /// Each broken fixture changes one line of the real ocop-148 file and names the error and the line it must point at.
    static let brokenFixtures: [(old: String, new: String, code: DataFileError.Code, lineOf: String)] = [
        ("part_maxima:", "part_maximum:", .unknownKey, "part_maximum:"),
        ("  C: 35", "  C: 36", .inconsistent, "part_maxima:"),
        ("  C: 35", "  C: 3O", .wrongType, "  C: 3O"),
        ("  C: 35", "  C: 34.999", .invalidValue, "  C: 34.999"),
        ("{ star: 4, from: 70, below: 90 }", "{ star: 4, from: 71, below: 90 }", .inconsistent, "{ star: 4, from: 71"),
        ("{ star: 5, from: 90, through: 100 }", "{ star: 5, from: 90, below: 100 }", .inconsistent, "{ star: 5, from: 90, below"),
        ("  3: district", "  3: mayor", .invalidValue, "  3: mayor"),
        ("  4: province", "  4: commune", .inconsistent, "  4: commune"),
        ("  validity_months: 36", "  validity_months: 0", .invalidValue, "validity_months: 0"),
        ("average_rounding: half-up", "average_rounding: nearest", .invalidValue, "average_rounding: nearest"),
        ("  - code: self-assessment", "  - code: registration-form", .duplicateCode, "  - code: registration-form\n    name:\n      vi: Báo"),
        ("id: ocop-148\n", "", .missingKey, "name:"),
        ("  to: 2025-07-05", "  to: 2023-02-01", .inconsistent, "  to: 2023-02-01"),
        ("  to: 2025-07-05", "  to: 2025-07-05: x", .invalidYAML, "  to: 2025-07-05: x"),
        (
            "{ level: province, scores: true, forward_to: central, forward_at_least: 90 }", "{ level: province, scores: true }",
            .inconsistent, "{ level: province, scores: true }"
        ),
    ]

    @Test("broken rule-set fixtures fail with file:line:column", arguments: 0..<brokenFixtures.count)
    func brokenFixture(index: Int) throws {
        let fixture = Self.brokenFixtures[index]
        let text = try replacingOnce(try TestData.text("rulesets", "ocop-148.yaml"), fixture.old, fixture.new)
        let error = try capture(DataFileError.self) { _ = try RuleSet.decode(yaml: text, file: "broken-148.yaml") }
        #expect(error.code == fixture.code, "\(error)")
        #expect(error.location.path == "broken-148.yaml")
        let needle = fixture.lineOf.components(separatedBy: "\n")[0]
        let expectedLine: Int
        if fixture.lineOf.contains("\n") {
            // The second of two identical lines: find the multi-line context instead.
            let range = try #require(text.range(of: fixture.lineOf))
            expectedLine = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        } else if fixture.code == .missingKey {
            expectedLine = try line(of: needle, in: text) - 0
        } else {
            expectedLine = try line(of: needle, in: text)
        }
        #expect(error.location.line == expectedLine, "\(error)")
        #expect(error.location.column > 0)
        #expect(!error.message.vi.isEmpty && !error.message.en.isEmpty && error.message.vi != error.message.en)
    }

    @Test("an unreadable file and an empty document are reported")
    func unreadable() throws {
        let missing = TestData.file("rulesets", "does-not-exist.yaml")
        #expect(try capture(DataFileError.self) { _ = try RuleSet.load(contentsOf: missing) }.code == .unreadableFile)
        #expect(try capture(DataFileError.self) { _ = try RuleSet.decode(yaml: "# only a comment\n") }.code == .emptyDocument)
        #expect(try capture(DataFileError.self) { _ = try RuleSet.decode(yaml: "- a list\n") }.code == .wrongType)
    }

    @Test("error descriptions read file:line:column: [code] vi / en")
    func description() throws {
        let text = try replacingOnce(try TestData.text("rulesets", "ocop-148.yaml"), "part_maxima:", "part_maximum:")
        let error = try capture(DataFileError.self) { _ = try RuleSet.decode(yaml: text, file: "x.yaml") }
        let expectedPrefix = "x.yaml:\(try line(of: "part_maximum:", in: text)):1: [unknownKey] khóa không hợp lệ"
        #expect(error.description.hasPrefix(expectedPrefix), "\(error.description)")
    }
}
