import Foundation
import OCOP
import Store
import Testing
import Workflow

/// The district report as people and machines read it: wording, ranges, forecasts, CSV, JSON and Markdown.
/// Pure: the report is built by hand, no database.
@Suite("District report renderer: text, Markdown, CSV, JSON")
struct ReportRendererTests {
    typealias R = DistrictReport

    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }
    static let asOf = day("2022-10-31")
    static let district = R.UnitRef(code: "vu-quang", name: "Vũ Quang")
    static let advancedSet = "ntm-commune-advanced-ha-tinh-provisional"
    static let advancedName = Bilingual(vi: "Bộ tiêu chí xã NTM nâng cao tỉnh Hà Tĩnh (tạm thời)", en: "Hà Tĩnh advanced NTM commune criteria (provisional)")
    static let quotedName = "Giò bột \"Hiên Tý\", loại 1"

    static func range(_ min: String, _ max: String, _ kind: R.ProgressKind = .estimate) -> R.ProgressRange {
        R.ProgressRange(min: Decimal(string: min)!, max: Decimal(string: max)!, kind: kind, asOf: asOf)
    }

    static func count(met: Int?, basic: Int?, notYet: Int?, merged: Int, source: R.CountSource) -> R.CriteriaCount {
        R.CriteriaCount(
            criteriaSet: advancedSet, criteriaSetName: advancedName, setIssued: false, total: 20, met: met, basicallyMet: basic, notYetMet: notYet,
            metOrBasicallyMet: merged, source: source, asOf: asOf)
    }

    static func unit(
        _ code: String, _ name: String, criteria: R.CriteriaCount?, model: (Int, Int)? = nil, progress: R.ProgressRange?, blockers: [Bilingual] = []
    ) -> R.UnitProgress {
        R.UnitProgress(
            unit: R.UnitRef(code: code, name: name), scope: "commune-model", registrationID: nil, registrationYear: 2022, state: "IMPLEMENTING",
            stateLabel: Bilingual(vi: "Đang thực hiện", en: "Implementing"), criteria: criteria, modelConditionsMet: model?.0,
            modelConditionsTotal: model?.1, progress: progress, blockers: blockers)
    }

    static func item(_ id: Int64, _ name: String, _ unit: String, stars: Int? = nil, date: LocalDate? = nil) -> R.OCOPItem {
        R.OCOPItem(
            id: id, name: name, unit: R.UnitRef(code: unit.lowercased(), name: unit), state: "APPROVED",
            stateLabel: Bilingual(vi: "Đang hoàn thiện", en: "Being completed"), stars: stars, date: date)
    }

    /// Two commune groups (a reported-count unit and a per-criterion unit), a forecast, and an OCOP section.
    static func report() -> DistrictReport {
        let criteria = R.DistrictCriteria(
            criteriaSet: "ntm-district-advanced-320", criteriaSetName: Bilingual(vi: "Bộ tiêu chí huyện NTM nâng cao", en: "Advanced NTM district criteria"),
            registration: unit("vu-quang", "Vũ Quang", criteria: nil, progress: nil),
            criteria: [
                R.CriterionProgress(code: "H01", name: Bilingual(vi: "Quy hoạch", en: "Planning"), status: nil, progress: range("85.0", "95"), note: nil),
                R.CriterionProgress(code: "H02", name: Bilingual(vi: "Giao thông", en: "Transport"), status: nil, progress: range("92.5", "92.5"), note: nil),
            ])
        let results = [
            R.KeyResult(
                unit: district, code: "markers", label: Bilingual(vi: "cắm mốc quản lý quy hoạch", en: "planning markers installed"), quantity: 521,
                measure: "cột mốc", detail: "trên 6 tuyến đường huyện", criterion: "H01", asOf: asOf)
        ]
        let model = R.UnitGroup(
            kind: .model, title: R.GroupKind.model.title(year: 2022),
            units: [
                unit("duc-linh", "Đức Lĩnh", criteria: count(met: nil, basic: nil, notYet: nil, merged: 13, source: .reportedCount), model: (3, 4),
                    progress: range("80", "85")),
                unit("an-phu", "Ân Phú", criteria: count(met: 10, basic: 3, notYet: 5, merged: 13, source: .perCriterion), model: (2, 4),
                    progress: range("80", "85")),
            ],
            progress: range("80", "85"))
        let advanced = R.UnitGroup(
            kind: .advanced, title: R.GroupKind.advanced.title(year: 2022),
            units: [
                unit("duc-bong", "Đức Bồng", criteria: count(met: nil, basic: 11, notYet: nil, merged: 11, source: .reportedCount),
                    progress: range("80", "80"),
                    blockers: [Bilingual(vi: "Tỉnh chưa ban hành bộ tiêu chí | chưa có hướng dẫn", en: "No criteria set issued | no guidance")])
            ],
            progress: range("80", "80"))
        let villages = R.ScopeSummary(
            scope: "village-model", title: Bilingual(vi: "Khu dân cư NTM kiểu mẫu", en: "Model residential areas"), registered: 5,
            byState: [R.StateCount(state: "IMPLEMENTING", label: Bilingual(vi: "đang thực hiện", en: "implementing"), count: 5)], recognised: 0,
            progress: range("60", "80"), forecast: nil, units: [])
        let gardens = R.ScopeSummary(
            scope: "eco-garden-house", title: Bilingual(vi: "Nhà vườn sinh thái", en: "Eco garden-houses"), registered: 0, byState: [], recognised: 2,
            progress: nil, forecast: R.Forecast(min: 15, max: 20, byDate: day("2022-12-31"), asOf: asOf, note: nil), units: [])
        let clusters = R.ScopeSummary(
            scope: "eco-cluster", title: Bilingual(vi: "Cụm dân cư sinh thái", en: "Eco residential clusters"), registered: 7, byState: [], recognised: 0,
            progress: nil, forecast: R.Forecast(min: 5, max: 5, byDate: day("2022-12-31"), asOf: asOf, note: nil), units: [])
        let ocop = R.OCOPSection(
            ideasProposed: 5,
            ideasApproved: [item(1, quotedName, "Thị trấn"), item(2, "Nước chấm Thanh Mai", "Quang Thọ")],
            ideasRejected: 2, ideasAwaitingDecision: 0,
            productsInDevelopment: [item(2, "Nước chấm Thanh Mai", "Quang Thọ")],
            certificatesByStars: [3: 5, 4: 1],
            certificatesExpiring: [item(9, "Mật ong Ân Phú", "Ân Phú", stars: 3, date: day("2022-12-15"))], expiringWithinDays: 90,
            claimsAccepted: [])
        return DistrictReport(
            district: district, asOf: asOf, year: 2022, districtCriteria: criteria, results: results, communeGroups: [model, advanced],
            towns: [], residential: [villages, gardens, clusters], ocop: ocop)
    }

    static func render(_ format: ReportFormat, _ language: ReportLanguage = .vi) -> String {
        DistrictReportRenderer.render(report(), format: format, language: language)
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func line(_ text: String, startingWith prefix: String) -> String? {
        lines(text).first { $0.hasPrefix(prefix) }
    }

    // MARK: Text

    @Test("Vietnamese title with diacritics and the date dd/mm/yyyy; English when asked")
    func title() {
        let vi = Self.render(.text)
        #expect(vi.hasPrefix("BÁO CÁO KẾT QUẢ XÂY DỰNG NTM, ĐÔ THỊ VĂN MINH VÀ CHƯƠNG TRÌNH OCOP — huyện Vũ Quang — số liệu đến ngày 31/10/2022\n"))
        #expect(vi.contains("1. Huyện NTM nâng cao"))
        #expect(vi.contains("2. Các xã"))
        #expect(Self.lines(vi).contains("Đăng ký: Đang thực hiện"))
        let en = Self.render(.text, .en)
        #expect(en.hasPrefix("REPORT ON NEW RURAL DEVELOPMENT"))
        #expect(en.contains("Vũ Quang district — figures as of 31/10/2022"))
        #expect(!(Self.lines(en).first ?? "").contains("huyện"))
    }

    @Test("A reported count without its split says 'đạt và cơ bản đạt'; a per-criterion count gives the split")
    func countWording() throws {
        let text = Self.render(.text)
        let ducLinh = try #require(Self.line(text, startingWith: "- Đức Lĩnh:"))
        #expect(ducLinh == "- Đức Lĩnh: đạt và cơ bản đạt 13/20 tiêu chí nâng cao (bộ tạm thời); 3/4 tiêu chí kiểu mẫu; 80–85% KH; còn 7 tiêu chí chưa đạt")
        let anPhu = try #require(Self.line(text, startingWith: "- Ân Phú:"))
        #expect(anPhu.contains("đạt 10, cơ bản đạt 3, chưa đạt 5, chưa đánh giá 2 (13/20 tiêu chí nâng cao, bộ tạm thời)"))
        #expect(!anPhu.contains("đạt và cơ bản đạt"))
        let ducBong = try #require(Self.line(text, startingWith: "- Đức Bồng:"))
        #expect(ducBong.hasPrefix("- Đức Bồng: cơ bản đạt 11/20 tiêu chí nâng cao"))
        let english = try #require(Self.line(Self.render(.text, .en), startingWith: "- Đức Lĩnh:"))
        #expect(english.contains("met or basically met 13/20 advanced criteria (provisional set)"))
        #expect(english.contains("7 criteria not yet met"))
    }

    @Test("Ranges: 80–85% when the ends differ, 80% when equal; decimals without trailing zeros, comma in Vietnamese")
    func ranges() throws {
        let vi = Self.render(.text)
        #expect(vi.contains("Nhóm xã đăng ký xây dựng NTM kiểu mẫu năm 2022: 80–85% KH (ước đạt)"))
        #expect(vi.contains("Nhóm xã xây dựng NTM nâng cao năm 2022: 80% KH (ước đạt)"))
        #expect(!vi.contains("80–80"))
        #expect(vi.contains("Quy hoạch: đạt từ 85 đến 95% (ước đạt)"))
        #expect(vi.contains("Giao thông: đạt 92,5% (ước đạt)"))
        #expect(!vi.contains("92.5") && !vi.contains("85,0"))
        let en = Self.render(.text, .en)
        #expect(en.contains("Transport: 92.5% (estimate)"))
        #expect(en.contains("Planning: 85 to 95% (estimate)"))
        #expect(!en.contains("92,5"))
    }

    @Test("Key results read as quantity, measure, label and detail")
    func keyResults() {
        #expect(Self.render(.text).contains("- 521 cột mốc — cắm mốc quản lý quy hoạch (trên 6 tuyến đường huyện)"))
    }

    @Test("Forecasts have their own labelled line, apart from achieved figures")
    func forecasts() throws {
        let lines = Self.lines(Self.render(.text))
        #expect(lines.filter { $0 == "Dự kiến đến 31/12/2022: 15–20" }.count == 1)
        #expect(lines.filter { $0 == "Dự kiến đến 31/12/2022: 5" }.count == 1)
        #expect(lines.filter { $0.contains("Dự kiến") }.count == 2)
        let gardens = try #require(lines.firstIndex(of: "Nhà vườn sinh thái"))
        let recognised = lines[(gardens + 1)...].first { $0.hasPrefix("- Đã đạt chuẩn") }
        #expect(recognised == "- Đã đạt chuẩn: 2")
        #expect(Self.lines(Self.render(.text, .en)).contains("Forecast for 31/12/2022: 15–20"))
    }

    @Test("Blockers stand on their own line starting with ⚠")
    func blockers() throws {
        let lines = Self.lines(Self.render(.text))
        let index = try #require(lines.firstIndex { $0.hasPrefix("- Đức Bồng:") })
        #expect(!lines[index].contains("⚠"))
        #expect(lines[index + 1] == "⚠ Tỉnh chưa ban hành bộ tiêu chí | chưa có hướng dẫn")
    }

    @Test("OCOP: ideas with 'Tên – Đơn vị', certificates by stars, expiring within the window")
    func ocop() {
        let text = Self.render(.text)
        #expect(text.contains("Ý tưởng đề xuất tỉnh thẩm định: 5"))
        #expect(text.contains("Được chấp thuận: 2 (\(Self.quotedName) – Thị trấn; Nước chấm Thanh Mai – Quang Thọ)"))
        #expect(text.contains("Giấy chứng nhận OCOP còn hiệu lực: 3★: 5; 4★: 1"))
        #expect(text.contains("Sắp hết hạn trong 90 ngày: 1"))
        #expect(text.contains("Mật ong Ân Phú – Ân Phú, 3★, hết hạn 15/12/2022"))
    }

    @Test("Empty sections say there is no data", arguments: [(ReportLanguage.vi, "Chưa có số liệu"), (.en, "No data")])
    func emptySections(language: ReportLanguage, phrase: String) {
        let empty = DistrictReport(
            district: Self.district, asOf: Self.asOf, year: 2022, districtCriteria: nil, results: [], communeGroups: [], towns: [], residential: [],
            ocop: R.OCOPSection(
                ideasProposed: 0, ideasApproved: [], ideasRejected: 0, ideasAwaitingDecision: 0, productsInDevelopment: [], certificatesByStars: [:],
                certificatesExpiring: [], expiringWithinDays: 90, claimsAccepted: []))
        for format in [ReportFormat.text, .markdown] {
            let text = DistrictReportRenderer.render(empty, format: format, language: language)
            #expect(text.components(separatedBy: phrase).count - 1 == 5, "\(format)")
        }
        let csv = Self.parseCSV(DistrictReportRenderer.render(empty, format: .csv, language: language))
        #expect(csv.count == 1)
    }

    // MARK: CSV

    /// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; rows end in CRLF or LF.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, atFieldStart = true
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" { field.unicodeScalars.append(scalars.removeFirst()) } else { quoted = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where atFieldStart: quoted = true; atFieldStart = false
            case ",": row.append(field); field = ""; atFieldStart = true
            case "\r": continue
            case "\n": row.append(field); rows.append(row); row = []; field = ""; atFieldStart = true
            default: field.unicodeScalars.append(scalar); atFieldStart = false
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    @Test("csvData: UTF-8 BOM, CRLF line ends, the same ten columns on every row")
    func csvData() throws {
        let data = DistrictReportRenderer.csvData(Self.report(), language: .vi)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = try #require(String(data: data.dropFirst(3), encoding: .utf8))
        #expect(text.hasSuffix("\r\n"))
        let bareLF = text.unicodeScalars.indices.filter { index in
            text.unicodeScalars[index] == "\n" && (index == text.unicodeScalars.startIndex || text.unicodeScalars[text.unicodeScalars.index(before: index)] != "\r")
        }
        #expect(bareLF.isEmpty)
        let rows = Self.parseCSV(text)
        #expect(rows.count > 20)
        #expect(rows.allSatisfy { $0.count == 10 })
        #expect(rows[0] == ["Mục", "Nhóm", "Mã đơn vị", "Đơn vị", "Chỉ tiêu", "Giá trị", "Từ", "Đến", "Loại", "Tính đến ngày"])
        let plain = DistrictReportRenderer.render(Self.report(), format: .csv, language: .vi)
        #expect(!plain.hasPrefix("\u{FEFF}") && !plain.contains("\r\n"))
        #expect(Self.parseCSV(plain) == rows)
    }

    @Test("CSV quotes a name holding a comma and quotes, and reads back the same")
    func csvQuoting() throws {
        let text = Self.render(.csv)
        #expect(text.contains("\"Giò bột \"\"Hiên Tý\"\", loại 1\""))
        let rows = Self.parseCSV(text)
        let idea = try #require(rows.first { $0[4] == Self.quotedName })
        #expect(idea[3] == "Thị trấn")
        #expect(rows.allSatisfy { $0.count == 10 })
    }

    @Test("CSV: value for people, min/max plain numbers with '.', dates dd/mm/yyyy, kind named; English header")
    func csvFigures() throws {
        let rows = Self.parseCSV(Self.render(.csv))
        let transport = try #require(rows.first { $0[4] == "Giao thông" })
        #expect(Array(transport[5...9]) == ["92,5%", "92.5", "92.5", "ước đạt", "31/10/2022"])
        let ducLinh = try #require(rows.first { $0[2] == "duc-linh" && $0[4].hasPrefix("Đạt và cơ bản đạt") })
        #expect(ducLinh[5] == "13/20" && ducLinh[6] == "13")
        let group = try #require(rows.first { $0[1].hasPrefix("Nhóm xã đăng ký") && $0[2].isEmpty })
        #expect(Array(group[5...8]) == ["80–85%", "80", "85", "ước đạt"])
        let gardens = try #require(rows.first { $0[1] == "Nhà vườn sinh thái" && $0[4].hasPrefix("Dự kiến") })
        #expect(Array(gardens[5...8]) == ["15–20", "15", "20", "dự kiến"])
        let header = try #require(Self.parseCSV(Self.render(.csv, .en)).first)
        #expect(header == ["Section", "Group", "Unit code", "Unit", "Metric", "Value", "Min", "Max", "Kind", "As of"])
    }

    // MARK: JSON

    @Test("JSON decodes back to the same report; dates ISO; certificates by stars as an object")
    func json() throws {
        let text = Self.render(.json)
        let decoded = try JSONDecoder().decode(DistrictReport.self, from: Data(text.utf8))
        #expect(decoded == Self.report())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["asOf"] as? String == "2022-10-31")
        let ocop = try #require(object["ocop"] as? [String: Any])
        let stars = try #require(ocop["certificatesByStars"] as? [String: Any])
        #expect(stars.mapValues { ($0 as? NSNumber)?.intValue } == ["3": 5, "4": 1])
        #expect(text.contains("\"asOf\" : \"2022-10-31\""))
    }

    // MARK: Markdown

    @Test("Markdown: headings, tables, and '|' escaped inside cells")
    func markdown() throws {
        let text = Self.render(.markdown)
        #expect(text.hasPrefix("# BÁO CÁO KẾT QUẢ"))
        #expect(text.contains("\n## 1. Huyện NTM nâng cao\n"))
        #expect(text.contains("### Nhóm xã đăng ký xây dựng NTM kiểu mẫu năm 2022 — 80–85% KH (ước đạt)"))
        #expect(text.contains("⚠ Tỉnh chưa ban hành bộ tiêu chí \\| chưa có hướng dẫn"))
        // Every table line has as many unescaped pipes as its table's header.
        var expected: Int?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            guard line.hasPrefix("|") else { expected = nil; continue }
            let pipes = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            if let expected { #expect(pipes == expected, "\(line)") } else { expected = pipes }
        }
        let forecastHeading = try #require(text.range(of: "Dự kiến (chưa phải kết quả đạt được)"))
        #expect(text[forecastHeading.upperBound...].contains("| Nhà vườn sinh thái | 31/12/2022 | 15–20 |"))
    }
}
