import Foundation
import LibPQ
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// One standing per unit and day (issue #12, item 5): the report, `ntm tally` and the API agree; recognitions,
/// revocations and mergers show in the report as of their decisions' dates; figures dated after the business day
/// are refused.
@Suite("NTM standing: report, tally and API agree; decisions count from their dates; no future figures")
struct NTMStandingTests {
    struct Setup {
        let fixture: OCOPFixture
        let ntm: NTMService

        func write<T: Sendable>(_ body: @escaping @Sendable (NTMService, Connection) throws -> T) async throws -> T {
            let ntm = ntm
            return try await fixture.pool.write(.readCommitted, maxAttempts: 1) { try body(ntm, $0) }
        }

        func report(_ iso: String) async throws -> DistrictReport {
            let builder = DistrictReportBuilder(workflows: fixture.store, criteria: ntm.criteria)
            return try await fixture.pool.read { try builder.build(district: "vq", asOf: LocalDate(iso: iso)!, on: $0) }
        }

        func count(_ table: String) async throws -> Int {
            try await fixture.pool.read { try $0.query("SELECT count(*) AS n FROM \(identifier: table)").single().decode("n", as: Int.self) }
        }
    }

    static let advancedSet = "ntm-commune-advanced-ha-tinh-provisional"
    static func at(_ iso: String) -> Date { OCOPFixture.at(iso) }
    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    /// The fixture's Vũ Quang (`vq`) with communes `units`, a commune officer for the district (XA on vq) and the
    /// district's steering committee.
    static func setup(units: [(String, String)]) async throws -> Setup {
        let fixture = try await OCOPFixture.make()
        let ntm = try NTMService.load(workflows: fixture.store, directory: OCOPFixture.repository.appendingPathComponent("workflows"))
        try await fixture.pool.write { c in
            let reference = ReferenceStore()
            for (code, name) in units {
                try reference.add(.init(code: code, name: name, kind: "commune", parentCode: "vq", validFrom: Self.day("2019-01-01")), on: c)
            }
            let users = UserStore()
            try users.add(id: "xa-vq", name: "Cán bộ NTM các xã Vũ Quang", on: c)
            try users.grant(.init(role: "XA", unitCode: "vq"), to: "xa-vq", by: "test", on: c)
            try users.add(id: "bcd-vq", name: "Ban Chỉ đạo huyện Vũ Quang", on: c)
            try users.grant(.init(role: "BCD", unitCode: "vq"), to: "bcd-vq", by: "test", on: c)
            try users.add(id: "admin", name: "Quản trị", on: c)
            try users.grant(.init(role: "ADMIN"), to: "admin", by: "test", on: c)
        }
        return Setup(fixture: fixture, ntm: ntm)
    }

    static func units(_ report: DistrictReport, _ kind: DistrictReport.GroupKind) -> [String] {
        report.communeGroups.first { $0.kind == kind }?.units.map(\.unit.code) ?? []
    }

    static func unit(_ report: DistrictReport, _ code: String) -> DistrictReport.UnitProgress? {
        report.communeGroups.flatMap(\.units).first { $0.unit.code == code }
    }

    // MARK: - Recognitions as of their dates

    @Test(
        "Sơn Thọ recognised on 20/12/2023 (3900/QĐ-UBND) is no longer a remaining commune as of 31/12/2023, however late it is entered",
        arguments: ["2023-12-20", "2024-01-05"])
    func recognisedThisYearIsNotRemaining(enteredOn: String) async throws {
        let s = try await Self.setup(units: [("son-tho", "Sơn Thọ"), ("duc-giang", "Đức Giang")])
        for unit in ["son-tho", "duc-giang"] {
            _ = try await s.write { ntm, c in
                try ntm.reportProgress(
                    .init(unitCode: unit, scope: .communeStandard, asOf: Self.day("2023-11-30"), progress: PlanProgress(min: 85, max: 85, kind: .estimate)),
                    by: "xa-vq", now: Self.at("2023-11-30"), on: c)
            }
        }
        _ = try await s.write { ntm, c in
            try ntm.recordPriorRecognition(
                .init(unitCode: "son-tho", scope: .communeStandard, year: 2023), decision: Decision(number: "3900/QĐ-UBND", date: Self.day("2023-12-20")),
                by: "tinh", now: Self.at(enteredOn), on: c)
        }
        let before = try await s.report("2023-12-19")
        #expect(Self.units(before, .remaining).contains("son-tho"), "not yet recognised on 19/12/2023")
        #expect(Self.unit(before, "son-tho")?.recognition == nil)

        let report = try await s.report("2023-12-31")
        #expect(!Self.units(report, .remaining).contains("son-tho"), "\(report.communeGroups.map { ($0.kind, $0.units.map(\.unit.code)) })")
        #expect(Self.units(report, .remaining).contains("duc-giang"))
        let sonTho = try #require(Self.unit(report, "son-tho"))
        #expect(sonTho.state == "RECOGNISED")
        #expect(sonTho.recognition?.status == .recognised)
        #expect(sonTho.recognition?.decision == "3900/QĐ-UBND" && sonTho.recognition?.decisionDate == Self.day("2023-12-20"))
        let vi = DistrictReportRenderer.render(report, format: .text, language: .vi)
        let en = DistrictReportRenderer.render(report, format: .text, language: .en)
        #expect(vi.contains("Sơn Thọ: đã được công nhận xã đạt chuẩn NTM theo 3900/QĐ-UBND ngày 20/12/2023"), "\(vi)")
        #expect(en.contains("Sơn Thọ: recognised as NTM commune by 3900/QĐ-UBND of 20/12/2023"), "\(en)")
        // The list (`ocop ntm list --as-of`) says the same.
        let listed = try await s.ntm.standings(unit: "son-tho", asOf: Self.day("2023-12-31"))
        #expect(listed.first?.registrations.map(\.state) == ["RECOGNISED"])
        #expect(try await s.ntm.standings(unit: "son-tho", asOf: Self.day("2023-12-19")).first?.registrations.isEmpty == true)
    }

    @Test("a revocation shows from its decision's date, in both languages")
    func revocationAsOfItsDate() async throws {
        let s = try await Self.setup(units: [("son-tho", "Sơn Thọ")])
        let id = try await s.write { ntm, c in
            try ntm.recordPriorRecognition(
                .init(unitCode: "son-tho", scope: .communeAdvanced, year: 2022), decision: Decision(number: "283/QĐ-UBND", date: Self.day("2022-01-26")),
                by: "tinh", now: Self.at("2022-01-26"), on: c)
        }
        try await s.write { ntm, c in
            try ntm.step(
                id, "revoke", input: ["reason": .string("Không duy trì tiêu chí")], decision: Decision(number: "77/QĐ-UBND", date: Self.day("2024-03-01")),
                by: "tinh", now: Self.at("2024-03-10"), on: c)
        }
        let held = try await s.report("2024-02-29")
        #expect(Self.units(held, .maintaining) == ["son-tho"])
        let report = try await s.report("2024-03-05")
        #expect(Self.units(report, .remaining).contains("son-tho"))
        #expect(!Self.units(report, .maintaining).contains("son-tho"))
        #expect(Self.unit(report, "son-tho")?.recognition?.status == .revoked)
        #expect(DistrictReportRenderer.render(report, format: .text, language: .vi).contains("đã bị thu hồi công nhận theo 77/QĐ-UBND ngày 01/03/2024"))
        #expect(DistrictReportRenderer.render(report, format: .text, language: .en).contains("recognition revoked by 77/QĐ-UBND of 01/03/2024"))
    }

    @Test("after a merger the merged commune's recognition shows as awaiting re-confirmation, not \"Chưa có số liệu\"")
    func mergerAwaitsReconfirmation() async throws {
        let s = try await Self.setup(units: [("tho-dien-cu", "Thọ Điền (cũ)"), ("xa-b", "Xã B")])
        for unit in ["tho-dien-cu", "xa-b"] {
            _ = try await s.write { ntm, c in
                try ntm.recordPriorRecognition(
                    .init(unitCode: unit, scope: .communeAdvanced, year: 2021), decision: Decision(number: "283/QĐ-UBND", date: Self.day("2022-01-26")),
                    by: "tinh", now: Self.at("2022-01-26"), on: c)
            }
        }
        let moved = try await s.write { ntm, c -> [Int64] in
            try ReferenceStore().merge(
                ["tho-dien-cu", "xa-b"], into: .init(code: "tho-dien", name: "Thọ Điền", kind: "commune", parentCode: "vq", validFrom: Self.day("2024-07-01")),
                decisionRef: "1200/NQ-UBTVQH15", on: c)
            return try ntm.unitsMerged(
                ["tho-dien-cu", "xa-b"], into: "tho-dien", decision: Decision(number: "1200/NQ-UBTVQH15", date: Self.day("2024-06-12")), by: "admin",
                now: Self.at("2024-06-20"), on: c)
        }
        #expect(moved.count == 2)
        let report = try await s.report("2024-10-31")
        #expect(!Self.units(report, .remaining).contains("tho-dien"))
        let merged = try #require(Self.unit(report, "tho-dien"))
        #expect(merged.state == "NEEDS_RECONFIRMATION")
        #expect(merged.recognition?.status == .awaitingReconfirmation && merged.recognition?.mergerDecision == "1200/NQ-UBTVQH15")
        let vi = DistrictReportRenderer.render(report, format: .text, language: .vi)
        let en = DistrictReportRenderer.render(report, format: .text, language: .en)
        #expect(!vi.contains("Thọ Điền: Chưa có số liệu"), "\(vi)")
        #expect(vi.contains("Thọ Điền: chờ thừa nhận lại sau sáp nhập (được công nhận xã NTM nâng cao theo 283/QĐ-UBND ngày 26/01/2022"), "\(vi)")
        #expect(en.contains("Thọ Điền: awaiting re-confirmation after the merger (recognised as advanced NTM commune by 283/QĐ-UBND of 26/01/2022"), "\(en)")
        #expect(DistrictReportRenderer.render(report, format: .csv, language: .vi).contains("chờ thừa nhận lại sau sáp nhập"))
    }

    // MARK: - Tally and report

    @Test("ntm tally gives the report's figure when the count was reported, not assessed (Đức Lĩnh 13/20, not 0/20)")
    func tallyReadsReportedCounts() async throws {
        let s = try await Self.setup(units: [("duc-linh", "Đức Lĩnh")])
        _ = try await s.write { ntm, c in
            try ntm.reportProgress(
                .init(unitCode: "duc-linh", scope: .communeAdvanced, asOf: Self.day("2022-10-31"), metOrBasicallyMet: 13,
                    progress: PlanProgress(min: 80, max: 85, kind: .achieved)),
                by: "xa-vq", now: Self.at("2022-10-31"), on: c)
        }
        let report = try await s.report("2022-10-31")
        let shown = try #require(Self.unit(report, "duc-linh")?.criteria)
        #expect(shown.metOrBasicallyMet == 13 && shown.total == 20)
        let tally = try await s.ntm.tally(unit: "duc-linh", criteriaSet: Self.advancedSet, asOf: Self.day("2022-10-31"))
        #expect(tally.count == shown)
        #expect(try await s.ntm.tally(unit: "duc-linh", criteriaSet: Self.advancedSet, asOf: Self.day("2022-10-30")).count == nil)
    }

    // MARK: - Future dates

    @Test("figures dated after the business day are refused with both dates, and nothing changes")
    func futureFiguresAreRefused() async throws {
        let s = try await Self.setup(units: [("duc-linh", "Đức Lĩnh")])
        let now = Self.at("2023-03-15")
        let row = NTMAssessmentStore.Row(unitCode: "duc-linh", criteriaSet: Self.advancedSet, criterion: "TC01", asOf: Self.day("2099-12-31"), status: .dat)
        await #expect {
            _ = try await s.ntm.recordAssessment(row, by: "xa-vq", now: now)
        } throws: { error in
            let error = error as? ServiceError
            return error?.kind == .badInput && error?.message.vi.contains("31/12/2099") == true && error?.message.vi.contains("15/03/2023") == true
                && error?.message.en.contains("after the business day 15/03/2023") == true
        }
        await #expect {
            try await s.ntm.reportProgress(
                .init(unitCode: "duc-linh", scope: .communeAdvanced, asOf: Self.day("2023-03-16"), metOrBasicallyMet: 13), by: "xa-vq", now: now)
        } throws: { error in
            (error as? ServiceError)?.kind == .badInput && "\(error)".contains("16/03/2023") && "\(error)".contains("15/03/2023")
        }
        await #expect {
            try await s.ntm.recordResult(
                .init(unitCode: "duc-linh", code: "duong", asOf: Self.day("2099-01-01"), label: Bilingual(vi: "Đường", en: "Road")), by: "xa-vq", now: now)
        } throws: { error in (error as? ServiceError)?.kind == .badInput }
        await #expect {
            try await s.ntm.recordForecast(
                unitCode: "duc-linh", scope: .communeAdvanced, count: 1...1, by: Self.day("2099-12-31"), asOf: Self.day("2099-01-01"), recordedBy: "xa-vq",
                now: now)
        } throws: { error in (error as? ServiceError)?.kind == .badInput }
        // Every future row of a file, by line and column.
        let file = """
            unit,criteria_set,criterion,as_of,status
            duc-linh,\(Self.advancedSet),TC01,01/01/2099,đạt
            duc-linh,\(Self.advancedSet),TC02,15/03/2023,đạt
            duc-linh,\(Self.advancedSet),TC03,2099-01-01,đạt
            """
        await #expect {
            _ = try await s.ntm.importAssessments(file, fileName: "tuong-lai.csv", by: "xa-vq", now: now)
        } throws: { error in
            let details = (error as? ServiceError)?.details.map(\.vi) ?? []
            return (error as? ServiceError)?.kind == .badInput && details.count == 2 && details[0].contains("dòng 2, cột 4")
                && details[0].contains("01/01/2099") && details[0].contains("15/03/2023") && details[1].contains("dòng 4, cột 4")
        }
        for table in ["ntm_assessment", "ntm_progress", "ntm_result", "ntm_forecast", "ntm_import"] {
            #expect(try await s.count(table) == 0, "\(table)")
        }
        // The business day itself is fine.
        _ = try await s.ntm.importAssessments(
            file.replacingOccurrences(of: "01/01/2099", with: "14/03/2023").replacingOccurrences(of: "2099-01-01", with: "2023-03-15"), fileName: "dung.csv",
            by: "xa-vq", now: now)
        #expect(try await s.count("ntm_assessment") == 3)
    }
}
