import Foundation
import OCOP
import Testing

@Suite("NTM criteria sets (§4, §9.13–§9.15)")
struct CriteriaSetTests {
    static func catalog() throws -> CriteriaCatalog {
        try CriteriaCatalog.load(directory: TestData.workflows("criteria"))
    }

    @Test("318: 19 criteria in 5 groups, issued")
    func commune318() throws {
        let set = try Self.catalog().set(id: "ntm-commune-318")
        #expect(set.count == 19 && set.isIssued && set.scope == .communeStandard)
        #expect(set.decision?.number == "318/QĐ-TTg")
        #expect(set.groups.map(\.code) == ["I", "II", "III", "IV", "V"])
        #expect(set.groups.map { set.criteria(inGroup: $0.code).count } == [1, 8, 4, 4, 2])
        #expect(set.criterion(code: "TC17")?.name == Bilingual(vi: "Môi trường và an toàn thực phẩm", en: "Environment and food safety"))
        #expect(set.criterion(code: "TC13")?.group == "III")
        #expect(set.allowsDossier(on: try day("2022-11-28")))
        #expect(!set.allowsDossier(on: try day("2022-03-07")))
    }

    @Test("Hà Tĩnh's advanced set: 318's 19 plus a provincial 20th, provisional")
    func haTinhAdvanced() throws {
        let catalog = try Self.catalog()
        let national = try catalog.set(id: "ntm-commune-318")
        let set = try catalog.set(id: "ntm-commune-advanced-ha-tinh-provisional")
        #expect(set.count == 20 && set.provisional && set.decision == nil && !set.isIssued)
        #expect(Array(set.criteria.prefix(19)) == national.criteria)
        #expect(set.criteria.last?.code == "TC20" && set.criteria.last?.group == "P")
        #expect(!set.allowsDossier(on: try day("2022-11-28")))
    }

    @Test("319's four model conditions and 320's nine district criteria")
    func modelAndDistrict() throws {
        let catalog = try Self.catalog()
        let model = try catalog.set(id: "ntm-commune-model-319")
        #expect(model.criteria.map(\.code) == ["KM1", "KM2", "KM3", "KM4"])
        #expect(model.criterion(code: "KM2")?.target == ">= 110%")
        let district = try catalog.set(id: "ntm-district-advanced-320")
        #expect(district.count == 9 && district.scope == .districtAdvanced)
        #expect(district.criterion(code: "H03")?.shortName?.vi == "Thủy lợi – PCTT")
        #expect(district.criterion(code: "H09")?.shortName?.vi == "ANTT – Hành chính công")
    }

    @Test("civilised urban placeholders U01–U18 and count-only sets")
    func placeholders() throws {
        let catalog = try Self.catalog()
        let urban = try catalog.set(id: "urban-civilised-ha-tinh-placeholder")
        #expect(urban.placeholder && urban.provisional && urban.count == 18)
        #expect(urban.criteria.map(\.code) == (1...18).map { String(format: "U%02d", $0) })
        let countOnly = catalog.sets.filter { $0.tracking == .countOnly }
        #expect(Set(countOnly.map(\.scope)) == [.villageModel, .residentialGroupCivilised, .ecoCluster, .ecoGardenHouse, .modelGarden])
        #expect(countOnly.allSatisfy { $0.provisional && $0.criteria.isEmpty })
        let error = try capture(CriteriaError.self) { _ = try countOnly[0].tally([:]) }
        #expect(error.code == .countOnlySet)
    }

    @Test("a dossier needs an issued set in force; counting may use a provisional one (Đức Bồng)")
    func dossierVersusTracking() throws {
        let catalog = try Self.catalog()
        let seedDay = try day("2022-11-28")
        let haTinh = CriteriaCatalog.Area(["ha-tinh", "42", "Hà Tĩnh"])
        #expect(catalog.setForTracking(.communeAdvanced, on: seedDay, area: haTinh)?.id == "ntm-commune-advanced-ha-tinh-provisional")
        // Elsewhere the national advanced set applies, and is issued.
        #expect(try catalog.setForDossier(.communeAdvanced, on: seedDay, area: CriteriaCatalog.Area(["quang-nam", "Quảng Nam"])).id == "ntm-commune-advanced-318")
        #expect(catalog.setForTracking(.villageModel, on: seedDay) == nil)
        #expect(catalog.setForTracking(.villageModel, on: seedDay, area: CriteriaCatalog.Area(["HÀ TĨNH"]))?.id == "village-model-provisional")
        let blocked = try capture(CriteriaError.self) { _ = try catalog.setForDossier(.communeAdvanced, on: seedDay, area: haTinh) }
        #expect(blocked.code == .noIssuedSet)
        #expect(blocked.message.vi.contains("chưa thể lập hồ sơ"))
        #expect(try catalog.setForDossier(.communeStandard, on: seedDay).id == "ntm-commune-318")
        #expect(try catalog.setForDossier(.communeModel, on: seedDay).id == "ntm-commune-model-319")
        #expect(catalog.setForTracking(.communeStandard, on: try day("2021-05-01")) == nil)
    }

    @Test("only đạt counts: 10 đạt + 3 cơ bản đạt reads 13/20 in reports and 10/20 for recognition")
    func tally() throws {
        let set = try Self.catalog().set(id: "ntm-commune-advanced-ha-tinh-provisional")
        var statuses: [String: Assessment] = [:]
        for (index, criterion) in set.criteria.enumerated() {
            statuses[criterion.code] = index < 10 ? .dat : index < 13 ? .coBanDat : .chuaDat
        }
        statuses["TC20"] = nil
        let tally = try set.tally(statuses)
        #expect(tally.description == "10/20")
        #expect(tally.reportedFraction == "13/20")
        #expect(tally.notYetMet == 6 && tally.notAssessed == 1 && !tally.isComplete)
        let complete = try set.tally(Dictionary(uniqueKeysWithValues: set.criteria.map { ($0.code, Assessment.dat) }))
        #expect(complete.isComplete && complete.description == "20/20")
        let basically = try set.tally(Dictionary(uniqueKeysWithValues: set.criteria.map { ($0.code, Assessment.coBanDat) }))
        #expect(!basically.isComplete && basically.met == 0 && basically.reportedFraction == "20/20")
        #expect(try capture(CriteriaError.self) { _ = try set.tally(["TC21": .dat]) }.code == .unknownCriterion)
    }

    @Test("the x/N counter on its own")
    func counter() {
        let tally = CriteriaTally(statuses: [.dat, .dat, .coBanDat, .chuaDat], total: 4)
        #expect(tally?.description == "2/4" && tally?.reportedFraction == "3/4")
        #expect(CriteriaTally(statuses: [.dat, .dat], total: 1) == nil)
        #expect(CriteriaTally(statuses: [], total: 0)?.isComplete == false)
    }

    @Test("assessment statuses read Vietnamese in any case and normalisation")
    func assessmentNames() {
        #expect(Assessment(vietnamese: "Cơ bản đạt") == .coBanDat)
        #expect(Assessment(vietnamese: "đạt".decomposedStringWithCanonicalMapping) == .dat)
        #expect(Assessment(vietnamese: " chưa đạt ") == .chuaDat)
        #expect(Assessment(vietnamese: "dat") == nil)
        #expect(Assessment.allCases.filter(\.countsForRecognition) == [.dat])
        #expect(Assessment.coBanDat.name.en == "basically met" && Assessment(rawValue: "co-ban-dat") == .coBanDat)
    }

    static let brokenFixtures: [(old: String, new: String, code: DataFileError.Code, lineOf: String)] = [
        ("code: KM4", "code: KM2", .duplicateCode, "  - code: KM2\n    vi: Đạt tiêu chí"),
        ("    en: At least one smart village, as defined by the province\n", "", .missingKey, "  - code: KM3"),
        ("    vi: Có ít nhất một thôn thông minh theo quy định của tỉnh\n", "", .missingKey, "  - code: KM3"),
        ("decision:\n  number: 319/QĐ-TTg\n  date: 2022-03-08\n", "decision:\n", .missingKey, "decision:"),
        (
            "decision:\n  number: 319/QĐ-TTg\n  date: 2022-03-08\n  title:\n    vi: Quy định xã nông thôn mới kiểu mẫu giai đoạn 2021–2025\n"
                + "    en: Model New Rural Development commune, 2021–2025\n",
            "", .missingKey, "code: ntm-commune-model-319"
        ),
        ("valid_to: 2025-12-31", "valid_to: 2021-12-31", .inconsistent, "valid_to: 2021-12-31"),
        ("scope: commune-model", "scope: commune-modle", .invalidValue, "scope: commune-modle"),
        ("valid_from: 2022-03-08", "valid_from: 08/03/2022", .wrongType, "valid_from: 08/03/2022"),
    ]

    @Test("broken criteria fixtures fail with file:line", arguments: 0..<brokenFixtures.count)
    func broken(index: Int) throws {
        let fixture = Self.brokenFixtures[index]
        let text = try replacingOnce(try TestData.text("criteria", "ntm-commune-model-319.yaml"), fixture.old, fixture.new)
        let error = try capture(DataFileError.self) { _ = try CriteriaSet.decode(yaml: text, file: "broken.yaml") }
        #expect(error.code == fixture.code, "\(error)")
        let expectedLine: Int
        if fixture.lineOf.contains("\n") {
            let range = try #require(text.range(of: fixture.lineOf))
            expectedLine = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        } else {
            expectedLine = try line(of: fixture.lineOf, in: text)
        }
        #expect(error.location.line == expectedLine, "\(error)")
    }

    @Test("groups: an undeclared group and a missing group are refused")
    func groups() throws {
        let text = try TestData.text("criteria", "ntm-commune-318.yaml")
        let undeclared = try replacingOnce(text, "code: TC05, group: II", "code: TC05, group: VI")
        let error = try capture(DataFileError.self) { _ = try CriteriaSet.decode(yaml: undeclared) }
        let expectedLine = try line(of: "code: TC05", in: undeclared)
        #expect(error.code == .invalidValue && error.location.line == expectedLine)
        let missing = try replacingOnce(text, "code: TC05, group: II, ", "code: TC05, ")
        #expect(try capture(DataFileError.self) { _ = try CriteriaSet.decode(yaml: missing) }.code == .missingKey)
        let empty = try replacingOnce(
            try TestData.text("criteria", "village-model-provisional.yaml"),
            "tracking: count-only\n",
            ""
        )
        #expect(try capture(DataFileError.self) { _ = try CriteriaSet.decode(yaml: empty) }.code == .invalidValue)
    }

    @Test("two sets with one code are refused by the catalog")
    func duplicateSets() throws {
        let set = try Self.catalog().set(id: "ntm-commune-318")
        #expect(try capture(DataFileError.self) { _ = try CriteriaCatalog([set, set]) }.code == .duplicateID)
    }
}

@Suite("Field labels for screens")
struct FieldLabelsTests {
    @Test func theShippedFileLoadsAndNamesFieldsInBothLanguages() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("workflows/labels/fields.yaml")
        let labels = try FieldLabels.load(contentsOf: url)
        #expect(labels["plan_approved_on"]?.vi == "Ngày duyệt phương án")
        #expect(labels["plan_approved_on"]?.en == "Plan approved on")
        #expect(labels["no_such_field"] == nil)
    }

    /// Every field a workflow sets is named on screens (dossier items are named by the rule sets), so that neither the
    /// CLI nor the dashboard shows a raw key like "mandatory met 3".
    @Test func everyFieldTheWorkflowsSetHasALabel() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let labels = try FieldLabels.load(contentsOf: root.appendingPathComponent("workflows/labels/fields.yaml"))
        let folder = root.appendingPathComponent("workflows")
        var unnamed: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".yaml") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let pattern = try NSRegularExpression(pattern: "set: ([a-z_0-9]+)")
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let field = String(text[Range(match.range(at: 1), in: text)!])
                if labels[field] == nil, !field.hasPrefix("dossier_") || field == "dossier_not_applicable", field != "input", field != "the" {
                    unnamed.append("\(file): \(field)")
                }
            }
        }
        #expect(unnamed.isEmpty, "fields without a label: \(unnamed)")
        #expect(labels.value("true", of: "mandatory_met_3")?.vi == "Đạt")
        #expect(labels.value("district", of: "scored_level")?.en == "District council")
        #expect(labels.value("nonsense", of: "scored_level") == nil)
    }

    @Test func anEntryWithoutEnglishIsRefusedWithItsLine() throws {
        #expect {
            try FieldLabels.decode(yaml: "a: { vi: Một, en: One }\nb: { vi: Hai }\n", file: "fields.yaml")
        } throws: { error in
            "\(error)".contains("fields.yaml:2")
        }
    }
}
