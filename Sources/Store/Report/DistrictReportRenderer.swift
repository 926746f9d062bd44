import Foundation
import OCOP
import Workflow

/// The forms a ``DistrictReport`` can be written in.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Plain text for the screen or a printout.
    case text
    /// GitHub-flavoured Markdown with headings and tables.
    case markdown = "md"
    /// One row per figure, for Excel.
    case csv
    /// The model itself, for scripts.
    case json
}

/// The language a report is written in. Vietnamese is the default everywhere.
public enum ReportLanguage: Sendable {
    case vi, en
}

/// Writes a ``DistrictReport`` as text, Markdown, CSV or JSON, in Vietnamese (with its diacritics) or English.
///
/// Forecasts are always printed apart from achieved values; dates are dd/mm/yyyy on screen and ISO in JSON.
public struct DistrictReportRenderer {
    /// The report in `format` and `language`. CSV comes without a byte-order mark and with LF line ends; use
    /// ``csvData(_:language:)`` for a file Excel opens.
    public static func render(_ report: DistrictReport, format: ReportFormat, language: ReportLanguage = .vi) -> String {
        let words = Wording(language)
        switch format {
        case .text: return TextReportWriter(report: report, words: words).render()
        case .markdown: return MarkdownReportWriter(report: report, words: words).render()
        case .csv: return CSVReportWriter(report: report, words: words).render(lineEnding: "\n")
        case .json: return json(report)
        }
    }

    /// The CSV as a file: UTF-8 with a byte-order mark and CRLF line ends, so Excel on Windows keeps the diacritics.
    public static func csvData(_ report: DistrictReport, language: ReportLanguage = .vi) -> Data {
        let text = CSVReportWriter(report: report, words: Wording(language)).render(lineEnding: "\r\n")
        return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
    }

    /// Pretty JSON of the model, keys sorted; dates ISO, decimals as numbers.
    static func json(_ report: DistrictReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(report), as: UTF8.self)
        } catch {
            // Only a value JSON cannot hold (a NaN decimal) gets here; say so rather than trap.
            return "{\"error\": \"\(String(describing: error).replacingOccurrences(of: "\"", with: "'"))\"}"
        }
    }
}

// MARK: - Wording shared by the writers

/// The phrases of the report in one language: numbers, ranges, counts, dates.
struct Wording {
    let language: ReportLanguage

    init(_ language: ReportLanguage) { self.language = language }

    /// `vi` or `en`.
    func callAsFunction(_ vi: String, _ en: String) -> String { language == .vi ? vi : en }

    func text(_ value: Bilingual) -> String { language == .vi ? value.vi : value.en }

    func date(_ value: LocalDate) -> String { value.displayString }

    /// A decimal without trailing zeros: "92,5" in Vietnamese, "92.5" in English.
    func number(_ value: Decimal) -> String {
        let plain = Self.plain(value)
        return language == .vi ? plain.replacingOccurrences(of: ".", with: ",") : plain
    }

    /// A decimal with "." and no trailing zeros, for machines ("92.5", "85").
    static func plain(_ value: Decimal) -> String {
        var text = "\(value)"
        if text.contains("."), !text.contains("e"), !text.contains("E") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// "80–85%", or "80%" when both ends are equal.
    func percent(_ range: DistrictReport.ProgressRange) -> String {
        range.min == range.max ? "\(number(range.min))%" : "\(number(range.min))–\(number(range.max))%"
    }

    /// "80–85% KH" / "80–85% of plan".
    func planShare(_ range: DistrictReport.ProgressRange) -> String {
        percent(range) + self(" KH", " of plan")
    }

    /// "80–85% KH (ước đạt)".
    func planShareWithKind(_ range: DistrictReport.ProgressRange) -> String {
        "\(planShare(range)) (\(kind(range.kind)))"
    }

    /// "đạt từ 85 đến 95%" / "85 to 95%", or "đạt 85%" / "85%".
    func fromTo(_ range: DistrictReport.ProgressRange) -> String {
        if range.min == range.max { return self("đạt \(number(range.min))%", "\(number(range.min))%") }
        return self("đạt từ \(number(range.min)) đến \(number(range.max))%", "\(number(range.min)) to \(number(range.max))%")
    }

    func kind(_ kind: DistrictReport.ProgressKind) -> String { text(kind.label) }

    /// "đạt" / "cơ bản đạt" / "chưa đạt" for a stored status code.
    func status(_ code: String) -> String {
        switch code {
        case "dat": self("đạt", "met")
        case "co_ban_dat": self("cơ bản đạt", "basically met")
        case "chua_dat": self("chưa đạt", "not yet met")
        default: code
        }
    }

    /// "huyện Vũ Quang" / "Vũ Quang district".
    func district(_ unit: DistrictReport.UnitRef) -> String {
        if unit.name.lowercased().hasPrefix("huyện") { return unit.name }
        return self("huyện \(unit.name)", "\(unit.name) district")
    }

    /// The report's title line.
    func title(_ report: DistrictReport) -> String {
        self(
            "BÁO CÁO KẾT QUẢ XÂY DỰNG NTM, ĐÔ THỊ VĂN MINH VÀ CHƯƠNG TRÌNH OCOP — \(district(report.district)) — số liệu đến ngày \(date(report.asOf))",
            "REPORT ON NEW RURAL DEVELOPMENT, CIVILISED URBAN AREAS AND THE OCOP PROGRAMME — \(district(report.district)) — figures as of \(date(report.asOf))"
        )
    }

    var noData: String { self("Chưa có số liệu", "No data") }

    // MARK: Criteria counts

    /// The level a set measures, from its code ("nâng cao", "kiểu mẫu"…), or nil when it cannot be told.
    func level(of count: DistrictReport.CriteriaCount) -> String? {
        let code = count.criteriaSet
        if code.contains("model") { return self("kiểu mẫu", "model") }
        if code.contains("advanced") { return self("nâng cao", "advanced") }
        if code.contains("urban") { return self("đô thị văn minh", "civilised-urban") }
        if code.contains("ntm") { return "NTM" }
        return nil
    }

    /// "tiêu chí nâng cao" / "advanced criteria", or "tiêu chí (<set name>)" when the level is unknown.
    func criteriaWords(_ count: DistrictReport.CriteriaCount) -> String {
        guard let level = level(of: count) else { return self("tiêu chí (\(count.criteriaSetName.vi))", "criteria (\(count.criteriaSetName.en))") }
        return self("tiêu chí \(level)", "\(level) criteria")
    }

    /// "cơ bản đạt 13/20 tiêu chí nâng cao (bộ tạm thời)", "đạt và cơ bản đạt 12/20 …", or with the split known
    /// "đạt 10, cơ bản đạt 3, chưa đạt 5, chưa đánh giá 2 (13/20 tiêu chí nâng cao, bộ tạm thời)".
    func criteria(_ count: DistrictReport.CriteriaCount) -> String {
        let ratio = "\(count.metOrBasicallyMet)/\(count.total)"
        let provisional = count.setIssued ? nil : self("bộ tạm thời", "provisional set")
        if let split = split(count) {
            return "\(split) (\([ratio + " " + criteriaWords(count), provisional].compactMap { $0 }.joined(separator: ", ")))"
        }
        let head: String
        switch (count.met, count.basicallyMet) {
        case (nil, nil): head = self("đạt và cơ bản đạt", "met or basically met")
        case (_, let basic?) where basic == count.metOrBasicallyMet: head = self("cơ bản đạt", "basically met")
        case (let met?, _) where met == count.metOrBasicallyMet: head = self("đạt", "met")
        default: head = self("đạt và cơ bản đạt", "met or basically met")
        }
        return "\(head) \(ratio) \(criteriaWords(count))" + (provisional.map { " (\($0))" } ?? "")
    }

    /// "đạt 10, cơ bản đạt 3, chưa đạt 5, chưa đánh giá 2", when the assessments give the split.
    private func split(_ count: DistrictReport.CriteriaCount) -> String? {
        guard count.source == .perCriterion || (count.met != nil && count.basicallyMet != nil && count.notYetMet != nil),
            let met = count.met, let basic = count.basicallyMet
        else { return nil }
        var parts = [self("đạt \(met)", "met \(met)"), self("cơ bản đạt \(basic)", "basically met \(basic)")]
        if let notYet = count.notYetMet {
            parts.append(self("chưa đạt \(notYet)", "not yet met \(notYet)"))
            let unassessed = count.total - met - basic - notYet
            if unassessed > 0 { parts.append(self("chưa đánh giá \(unassessed)", "not assessed \(unassessed)")) }
        }
        return parts.joined(separator: ", ")
    }

    /// Whether ``criteria(_:)`` already shows what is left (the split is printed).
    func showsSplit(_ count: DistrictReport.CriteriaCount) -> Bool { split(count) != nil }

    /// "còn 7 tiêu chí chưa đạt" / "7 criteria not yet met".
    func remaining(_ count: DistrictReport.CriteriaCount) -> String {
        self("còn \(count.remaining) tiêu chí chưa đạt", "\(count.remaining) criteria not yet met")
    }

    /// "3/4 tiêu chí kiểu mẫu" / "3/4 model conditions".
    func modelConditions(met: Int, total: Int) -> String {
        self("\(met)/\(total) tiêu chí kiểu mẫu", "\(met)/\(total) model conditions")
    }

    // MARK: Units, results, forecasts, OCOP

    /// The figures of a unit joined by "; ", e.g. "cơ bản đạt 13/20 tiêu chí nâng cao (bộ tạm thời); 3/4 tiêu chí
    /// kiểu mẫu; 80–85% KH". The kind is added to the % KH when it differs from `groupKind`.
    func unitFigures(_ unit: DistrictReport.UnitProgress, groupKind: DistrictReport.ProgressKind?) -> String {
        var parts: [String] = []
        if let count = unit.criteria { parts.append(criteria(count)) }
        if let met = unit.modelConditionsMet, let total = unit.modelConditionsTotal { parts.append(modelConditions(met: met, total: total)) }
        if let range = unit.progress { parts.append(range.kind == groupKind ? planShare(range) : planShareWithKind(range)) }
        if let count = unit.criteria, count.remaining > 0, !showsSplit(count) { parts.append(remaining(count)) }
        if parts.isEmpty { return unit.stateLabel.map(text) ?? noData }
        return parts.joined(separator: "; ")
    }

    /// The district's own registration: its state, then its figures when any ("Đang thực hiện; 80% KH (ước đạt)").
    func registration(_ unit: DistrictReport.UnitProgress) -> String {
        let figures = unit.criteria != nil || unit.progress != nil ? unitFigures(unit, groupKind: nil) : nil
        let parts = [unit.stateLabel.map(text), figures].compactMap { $0 }
        return parts.isEmpty ? noData : parts.joined(separator: "; ")
    }

    /// "521 cột mốc — cắm mốc quản lý quy hoạch (trên 6 tuyến đường huyện)", prefixed by the unit when it is not
    /// the district.
    func result(_ result: DistrictReport.KeyResult, district: DistrictReport.UnitRef) -> String {
        let amount = [result.quantity.map(number), result.measure].compactMap { $0 }.joined(separator: " ")
        var line = amount.isEmpty ? text(result.label) : "\(amount) — \(text(result.label))"
        if let detail = result.detail, !detail.isEmpty { line += " (\(detail))" }
        return result.unit.code == district.code ? line : "\(result.unit.name): \(line)"
    }

    /// "5" or "15–20".
    func forecastCount(_ forecast: DistrictReport.Forecast) -> String {
        forecast.min == forecast.max ? "\(forecast.min)" : "\(forecast.min)–\(forecast.max)"
    }

    /// "Dự kiến đến 31/12/2022" / "Forecast for 31/12/2022".
    func forecastLabel(_ forecast: DistrictReport.Forecast) -> String {
        self("Dự kiến đến \(date(forecast.byDate))", "Forecast for \(date(forecast.byDate))")
    }

    /// "Dự kiến đến 31/12/2022: 15–20 (note)".
    func forecast(_ forecast: DistrictReport.Forecast) -> String {
        "\(forecastLabel(forecast)): \(forecastCount(forecast))" + (forecast.note.map { " (\($0))" } ?? "")
    }

    /// "Đăng ký năm 2022" / "Registered for 2022".
    func registered(year: Int) -> String { self("Đăng ký năm \(year)", "Registered for \(year)") }

    /// "đang thực hiện 4, đã đề nghị 1", or nil when there are none.
    func states(_ counts: [DistrictReport.StateCount]) -> String? {
        counts.isEmpty ? nil : counts.map { "\(text($0.label)) \($0.count)" }.joined(separator: ", ")
    }

    /// "Giò bột Hiên Tý – Thị trấn".
    func item(_ item: DistrictReport.OCOPItem) -> String { "\(item.name) – \(item.unit.name)" }

    /// "3★: 5; 4★: 1", by stars ascending, or nil when there are none.
    func stars(_ byStars: [Int: Int]) -> String? {
        byStars.isEmpty ? nil : byStars.sorted { $0.key < $1.key }.map { "\($0.key)★: \($0.value)" }.joined(separator: "; ")
    }

    /// Whether the OCOP section holds anything at all.
    static func isEmpty(_ ocop: DistrictReport.OCOPSection) -> Bool {
        ocop.ideasProposed == 0 && ocop.ideasApproved.isEmpty && ocop.ideasRejected == 0 && ocop.ideasAwaitingDecision == 0
            && ocop.productsInDevelopment.isEmpty && ocop.certificatesByStars.isEmpty && ocop.certificatesExpiring.isEmpty
            && ocop.claimsAccepted.isEmpty
    }

    // MARK: Section and label names

    var sectionDistrict: String { self("Huyện NTM nâng cao", "Advanced NTM district") }
    var sectionCommunes: String { self("Các xã", "Communes") }
    var sectionTowns: String { self("Đô thị văn minh", "Civilised urban areas") }
    var sectionResidential: String { self("Khu dân cư, TDP, cụm dân cư, nhà vườn", "Villages, residential groups, clusters, garden-houses") }
    var sectionOCOP: String { self("Chương trình OCOP", "OCOP programme") }
    var criteriaSetLabel: String { self("Bộ tiêu chí", "Criteria set") }
    var keyResultsLabel: String { self("Kết quả nổi bật", "Key results") }
    var recognisedLabel: String { self("Đã đạt chuẩn", "Recognised") }
    var byStateLabel: String { self("Theo trạng thái", "By state") }
    var registrationLabel: String { self("Đăng ký", "Registration") }
    var progressLabel: String { self("Tiến độ", "Progress") }
    var ideasProposedLabel: String { self("Ý tưởng đề xuất tỉnh thẩm định", "Ideas proposed to the province") }
    var ideasApprovedLabel: String { self("Được chấp thuận", "Approved") }
    var ideasAwaitingLabel: String { self("Chờ quyết định", "Awaiting decision") }
    var ideasRejectedLabel: String { self("Không được chấp thuận", "Not approved") }
    var inDevelopmentLabel: String { self("Sản phẩm đang hoàn thiện để phân hạng", "Products being completed for rating") }
    var certificatesLabel: String { self("Giấy chứng nhận OCOP còn hiệu lực", "OCOP certificates in force") }
    func expiringLabel(_ days: Int) -> String { self("Sắp hết hạn trong \(days) ngày", "Expiring within \(days) days") }
    var claimsLabel: String { self("Hồ sơ hỗ trợ đã nghiệm thu trong năm", "Support claims accepted this year") }
    var noneWord: String { self("không có", "none") }
}

// MARK: - Plain text

/// The report as plain text, section by section, in the order of the seed report.
struct TextReportWriter {
    let report: DistrictReport
    let words: Wording
    private var lines: [String] = []

    init(report: DistrictReport, words: Wording) {
        self.report = report
        self.words = words
    }

    func render() -> String {
        var writer = self
        writer.lines = [words.title(report)]
        writer.section(1, words.sectionDistrict) { $0.district() }
        writer.section(2, words.sectionCommunes) { $0.communes() }
        writer.section(3, words.sectionTowns) { $0.towns() }
        writer.section(4, words.sectionResidential) { $0.residential() }
        writer.section(5, words.sectionOCOP) { $0.ocop() }
        return writer.lines.joined(separator: "\n") + "\n"
    }

    private mutating func section(_ number: Int, _ title: String, _ body: (inout TextReportWriter) -> Void) {
        lines += ["", "\(number). \(title)"]
        let before = lines.count
        body(&self)
        if lines.count == before { lines.append("   " + words.noData) }
    }

    private mutating func district() {
        if let criteria = report.districtCriteria {
            lines.append("   \(words.criteriaSetLabel): \(words.text(criteria.criteriaSetName))")
            if let registration = criteria.registration {
                lines.append("   \(words.registrationLabel): \(words.registration(registration))")
                blockers(registration, indent: "     ")
            }
            for criterion in criteria.criteria { lines.append("   - " + criterionLine(criterion)) }
        }
        if !report.results.isEmpty {
            lines.append("   \(words.keyResultsLabel):")
            for result in report.results { lines.append("   - " + words.result(result, district: report.district)) }
        }
    }

    /// "Quy hoạch: đạt từ 85 đến 95% (ước đạt)", with the status and note when recorded.
    private func criterionLine(_ criterion: DistrictReport.CriterionProgress) -> String {
        var parts: [String] = []
        if let status = criterion.status { parts.append(words.status(status)) }
        if let range = criterion.progress { parts.append("\(words.fromTo(range)) (\(words.kind(range.kind)))") }
        if let note = criterion.note, !note.isEmpty { parts.append(note) }
        return "\(words.text(criterion.name)): " + (parts.isEmpty ? words.noData : parts.joined(separator: "; "))
    }

    private mutating func communes() {
        for group in report.communeGroups {
            let range = group.progress.map { ": " + words.planShareWithKind($0) } ?? ""
            lines.append("   " + words.text(group.title) + range)
            units(group.units, groupKind: group.progress?.kind, indent: "   ")
        }
    }

    private mutating func units(_ units: [DistrictReport.UnitProgress], groupKind: DistrictReport.ProgressKind?, indent: String) {
        for unit in units {
            lines.append("\(indent)- \(unit.unit.name): \(words.unitFigures(unit, groupKind: groupKind))")
            blockers(unit, indent: indent + "    ")
        }
    }

    /// Each blocker on its own line, "⚠ …".
    private mutating func blockers(_ unit: DistrictReport.UnitProgress, indent: String) {
        for blocker in unit.blockers { lines.append("\(indent)⚠ \(words.text(blocker))") }
    }

    private mutating func towns() { units(report.towns, groupKind: nil, indent: "   ") }

    private mutating func residential() {
        for scope in report.residential {
            lines.append("   " + words.text(scope.title))
            lines.append("   - \(words.registered(year: report.year)): \(scope.registered)")
            if let states = words.states(scope.byState) { lines.append("   - \(words.byStateLabel): \(states)") }
            lines.append("   - \(words.recognisedLabel): \(scope.recognised)")
            if let range = scope.progress { lines.append("   - \(words.progressLabel): \(words.planShareWithKind(range))") }
            units(scope.units, groupKind: scope.progress?.kind, indent: "     ")
            if let forecast = scope.forecast { lines.append("   " + words.forecast(forecast)) }
        }
    }

    private mutating func ocop() {
        let ocop = report.ocop
        guard !Wording.isEmpty(ocop) else { return }
        lines.append("   - \(words.ideasProposedLabel): \(ocop.ideasProposed)")
        let approved = ocop.ideasApproved.isEmpty ? "" : " (" + ocop.ideasApproved.map(words.item).joined(separator: "; ") + ")"
        lines.append("   - \(words.ideasApprovedLabel): \(ocop.ideasApproved.count)\(approved)")
        lines.append("   - \(words.ideasAwaitingLabel): \(ocop.ideasAwaitingDecision); \(words.ideasRejectedLabel.lowercased()): \(ocop.ideasRejected)")
        lines.append("   - \(words.inDevelopmentLabel): \(ocop.productsInDevelopment.count)")
        for item in ocop.productsInDevelopment { lines.append("       \(words.item(item)): \(words.text(item.stateLabel))") }
        lines.append("   - \(words.certificatesLabel): \(words.stars(ocop.certificatesByStars) ?? words.noneWord)")
        lines.append("   - \(words.expiringLabel(ocop.expiringWithinDays)): \(ocop.certificatesExpiring.count)")
        for item in ocop.certificatesExpiring { lines.append("       " + expiringLine(item)) }
        lines.append("   - \(words.claimsLabel): \(ocop.claimsAccepted.count)")
        for item in ocop.claimsAccepted { lines.append("       " + words.item(item) + (item.date.map { " (\(words.date($0)))" } ?? "")) }
    }

    /// "Mật ong Ân Phú – Ân Phú, 3★, hết hạn 15/12/2022".
    private func expiringLine(_ item: DistrictReport.OCOPItem) -> String {
        var parts = [words.item(item)]
        if let stars = item.stars { parts.append("\(stars)★") }
        if let date = item.date { parts.append(words("hết hạn \(words.date(date))", "expires \(words.date(date))")) }
        return parts.joined(separator: ", ")
    }
}

// MARK: - Markdown

/// The report as GitHub-flavoured Markdown: a heading per section, tables for units and figures.
struct MarkdownReportWriter {
    let report: DistrictReport
    let words: Wording
    private var lines: [String] = []

    init(report: DistrictReport, words: Wording) {
        self.report = report
        self.words = words
    }

    func render() -> String {
        var writer = self
        writer.lines = ["# " + words.title(report)]
        writer.section(1, words.sectionDistrict) { $0.district() }
        writer.section(2, words.sectionCommunes) { $0.communes() }
        writer.section(3, words.sectionTowns) { $0.unitTable(report.towns, groupKind: nil) }
        writer.section(4, words.sectionResidential) { $0.residential() }
        writer.section(5, words.sectionOCOP) { $0.ocop() }
        return writer.lines.joined(separator: "\n") + "\n"
    }

    /// A table cell: `|` escaped, line breaks folded, empty shown as "—".
    static func cell(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        return flat.isEmpty ? "—" : flat.replacingOccurrences(of: "|", with: "\\|")
    }

    private mutating func section(_ number: Int, _ title: String, _ body: (inout MarkdownReportWriter) -> Void) {
        lines += ["", "## \(number). \(title)", ""]
        let before = lines.count
        body(&self)
        if lines.count == before { lines.append("_\(words.noData)_") }
    }

    private mutating func table(_ header: [String], _ rows: [[String]]) {
        guard !rows.isEmpty else { return }
        lines.append("| " + header.map(Self.cell).joined(separator: " | ") + " |")
        lines.append("|" + String(repeating: "---|", count: header.count))
        for row in rows { lines.append("| " + row.map(Self.cell).joined(separator: " | ") + " |") }
        lines.append("")
    }

    private mutating func district() {
        if let criteria = report.districtCriteria {
            lines += ["\(words.criteriaSetLabel): \(words.text(criteria.criteriaSetName))", ""]
            if let registration = criteria.registration {
                lines += ["\(words.registrationLabel): \(words.registration(registration))", ""]
                for blocker in registration.blockers { lines += ["> ⚠ \(words.text(blocker))", ""] }
            }
            table(
                [words("Tiêu chí", "Criterion"), words("Trạng thái", "Status"), words("Tỷ lệ", "Share"), words("Loại", "Kind"), words("Ghi chú", "Note")],
                criteria.criteria.map { criterion in
                    [
                        words.text(criterion.name), criterion.status.map(words.status) ?? "", criterion.progress.map(words.fromTo) ?? "",
                        criterion.progress.map { words.kind($0.kind) } ?? "", criterion.note ?? "",
                    ]
                })
        }
        if !report.results.isEmpty {
            lines += ["**\(words.keyResultsLabel)**", ""]
            for result in report.results { lines.append("- " + words.result(result, district: report.district)) }
            lines.append("")
        }
    }

    private mutating func communes() {
        for group in report.communeGroups {
            let range = group.progress.map { " — " + words.planShareWithKind($0) } ?? ""
            lines += ["### \(words.text(group.title))\(range)", ""]
            unitTable(group.units, groupKind: group.progress?.kind)
        }
    }

    private mutating func unitTable(_ units: [DistrictReport.UnitProgress], groupKind: DistrictReport.ProgressKind?) {
        table(
            [words("Đơn vị", "Unit"), words("Trạng thái", "State"), words("Kết quả", "Figures"), words("Vướng mắc", "Blockers")],
            units.map { unit in
                [
                    unit.unit.name, unit.stateLabel.map(words.text) ?? "", words.unitFigures(unit, groupKind: groupKind),
                    unit.blockers.map { "⚠ " + words.text($0) }.joined(separator: "; "),
                ]
            })
    }

    private mutating func residential() {
        let scopes = report.residential
        table(
            [
                words("Loại", "Scope"), words.registered(year: report.year), words.byStateLabel, words.recognisedLabel,
                words("% KH", "% of plan"),
            ],
            scopes.map { scope in
                [
                    words.text(scope.title), "\(scope.registered)", words.states(scope.byState) ?? "", "\(scope.recognised)",
                    scope.progress.map(words.planShareWithKind) ?? "",
                ]
            })
        let forecasts = scopes.compactMap { scope in scope.forecast.map { (scope, $0) } }
        if !forecasts.isEmpty {
            lines += ["**\(words("Dự kiến (chưa phải kết quả đạt được)", "Forecasts (not achieved values)"))**", ""]
            table(
                [words("Loại", "Scope"), words("Dự kiến đến", "Forecast for"), words("Số lượng", "Count"), words("Ghi chú", "Note")],
                forecasts.map { scope, forecast in
                    [words.text(scope.title), words.date(forecast.byDate), words.forecastCount(forecast), forecast.note ?? ""]
                })
        }
        for scope in scopes where !scope.units.isEmpty {
            lines += ["### \(words.text(scope.title))", ""]
            unitTable(scope.units, groupKind: scope.progress?.kind)
        }
    }

    private mutating func ocop() {
        let ocop = report.ocop
        guard !Wording.isEmpty(ocop) else { return }
        lines += [
            "- \(words.ideasProposedLabel): \(ocop.ideasProposed)",
            "- \(words.ideasApprovedLabel): \(ocop.ideasApproved.count)",
            "- \(words.ideasAwaitingLabel): \(ocop.ideasAwaitingDecision)",
            "- \(words.ideasRejectedLabel): \(ocop.ideasRejected)",
            "- \(words.certificatesLabel): \(words.stars(ocop.certificatesByStars) ?? words.noneWord)", "",
        ]
        let words = words
        let name = words("Tên", "Name"), unit = words("Đơn vị", "Locality")
        itemTable(words.ideasApprovedLabel, [name, unit], ocop.ideasApproved) { [$0.name, $0.unit.name] }
        itemTable(words.inDevelopmentLabel, [name, unit, words("Giai đoạn", "Stage")], ocop.productsInDevelopment) {
            [$0.name, $0.unit.name, words.text($0.stateLabel)]
        }
        itemTable(words.expiringLabel(ocop.expiringWithinDays), [name, unit, words("Hạng sao", "Stars"), words("Hết hạn", "Expires")], ocop.certificatesExpiring) {
            [$0.name, $0.unit.name, $0.stars.map { "\($0)★" } ?? "", $0.date.map(words.date) ?? ""]
        }
        itemTable(words.claimsLabel, [name, unit, words("Ngày", "Date")], ocop.claimsAccepted) {
            [$0.name, $0.unit.name, $0.date.map(words.date) ?? ""]
        }
    }

    private mutating func itemTable(
        _ title: String, _ header: [String], _ items: [DistrictReport.OCOPItem], _ row: (DistrictReport.OCOPItem) -> [String]
    ) {
        guard !items.isEmpty else { return }
        lines += ["**\(title)**", ""]
        table(header, items.map(row))
    }
}

// MARK: - CSV

/// The report as CSV (RFC 4180): a header and one row per figure, with the same ten columns on every row.
///
/// `value` is for people ("13/20", "80–85%"); `min`/`max` are plain numbers with "." for machines.
struct CSVReportWriter {
    let report: DistrictReport
    let words: Wording

    /// One figure: section, group, unit, metric, value, range, kind and date.
    struct Row {
        var section: String
        var group = ""
        var unit: DistrictReport.UnitRef?
        var metric: String
        var value: String
        var min = ""
        var max = ""
        var kind = ""
        var asOf: LocalDate?
    }

    func render(lineEnding: String) -> String {
        let header = [
            words("Mục", "Section"), words("Nhóm", "Group"), words("Mã đơn vị", "Unit code"), words("Đơn vị", "Unit"),
            words("Chỉ tiêu", "Metric"), words("Giá trị", "Value"), words("Từ", "Min"), words("Đến", "Max"), words("Loại", "Kind"),
            words("Tính đến ngày", "As of"),
        ]
        let body = rows().map { row in
            [
                row.section, row.group, row.unit?.code ?? "", row.unit?.name ?? "", row.metric, row.value, row.min, row.max, row.kind,
                (row.asOf ?? report.asOf).displayString,
            ]
        }
        return ([header] + body).map { $0.map(Self.field).joined(separator: ",") + lineEnding }.joined()
    }

    /// A field, quoted when it holds a comma, a quote or a line break; quotes doubled.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    func rows() -> [Row] {
        districtRows() + communeRows() + unitRows(report.towns, section: words.sectionTowns, group: "") + residentialRows() + ocopRows()
    }

    private func range(_ row: inout Row, _ range: DistrictReport.ProgressRange) {
        row.min = Wording.plain(range.min)
        row.max = Wording.plain(range.max)
        row.kind = words.kind(range.kind)
        row.asOf = range.asOf
    }

    private func count(_ section: String, _ group: String, _ unit: DistrictReport.UnitRef?, _ metric: String, _ value: Int, of total: Int? = nil, asOf: LocalDate? = nil) -> Row {
        Row(
            section: section, group: group, unit: unit, metric: metric, value: total.map { "\(value)/\($0)" } ?? "\(value)", min: "\(value)",
            max: "\(value)", asOf: asOf)
    }

    private func districtRows() -> [Row] {
        let section = words.sectionDistrict
        var rows: [Row] = []
        if let criteria = report.districtCriteria {
            let group = words.text(criteria.criteriaSetName)
            if let registration = criteria.registration { rows += unitRows([registration], section: section, group: group) }
            for criterion in criteria.criteria {
                let name = words.text(criterion.name)
                if let status = criterion.status {
                    rows.append(Row(section: section, group: group, unit: report.district, metric: name + words(" — trạng thái", " — status"), value: words.status(status)))
                }
                if let progress = criterion.progress {
                    var row = Row(section: section, group: group, unit: report.district, metric: name, value: words.percent(progress))
                    range(&row, progress)
                    rows.append(row)
                }
                if let note = criterion.note, !note.isEmpty {
                    rows.append(Row(section: section, group: group, unit: report.district, metric: name + words(" — ghi chú", " — note"), value: note))
                }
            }
        }
        for result in report.results {
            var row = Row(section: section, group: words.keyResultsLabel, unit: result.unit, metric: resultMetric(result), value: resultValue(result))
            row.min = result.quantity.map(Wording.plain) ?? ""
            row.max = row.min
            row.asOf = result.asOf
            rows.append(row)
        }
        return rows
    }

    private func resultMetric(_ result: DistrictReport.KeyResult) -> String {
        words.text(result.label) + (result.detail.map { " (\($0))" } ?? "")
    }

    private func resultValue(_ result: DistrictReport.KeyResult) -> String {
        [result.quantity.map(words.number), result.measure].compactMap { $0 }.joined(separator: " ")
    }

    private func communeRows() -> [Row] {
        report.communeGroups.flatMap { group -> [Row] in
            let title = words.text(group.title)
            var rows: [Row] = []
            if let progress = group.progress {
                var row = Row(section: words.sectionCommunes, group: title, metric: words("% KH của nhóm", "Group % of plan"), value: words.percent(progress))
                range(&row, progress)
                rows.append(row)
            }
            return rows + unitRows(group.units, section: words.sectionCommunes, group: title)
        }
    }

    /// State, counts, model conditions, % KH, what is left and blockers of each unit.
    private func unitRows(_ units: [DistrictReport.UnitProgress], section: String, group: String) -> [Row] {
        units.flatMap { unit -> [Row] in
            var rows: [Row] = []
            let ref = unit.unit
            if let label = unit.stateLabel { rows.append(Row(section: section, group: group, unit: ref, metric: words("Trạng thái", "State"), value: words.text(label))) }
            if let count = unit.criteria { rows += countRows(count, section: section, group: group, unit: ref) }
            if let met = unit.modelConditionsMet, let total = unit.modelConditionsTotal {
                rows.append(self.count(section, group, ref, words("Tiêu chí kiểu mẫu", "Model conditions"), met, of: total))
            }
            if let progress = unit.progress {
                var row = Row(section: section, group: group, unit: ref, metric: words("% KH", "% of plan"), value: words.percent(progress))
                range(&row, progress)
                rows.append(row)
            }
            for blocker in unit.blockers {
                rows.append(Row(section: section, group: group, unit: ref, metric: words("Vướng mắc", "Blocker"), value: words.text(blocker)))
            }
            return rows
        }
    }

    /// "Đạt và cơ bản đạt" x/N, then each part of the split that is known, then what is left.
    private func countRows(_ count: DistrictReport.CriteriaCount, section: String, group: String, unit: DistrictReport.UnitRef) -> [Row] {
        let set = " — " + words.text(count.criteriaSetName)
        var rows = [self.count(section, group, unit, words("Đạt và cơ bản đạt", "Met or basically met") + set, count.metOrBasicallyMet, of: count.total, asOf: count.asOf)]
        let parts: [(String, Int?)] = [
            (words("Đạt", "Met"), count.met), (words("Cơ bản đạt", "Basically met"), count.basicallyMet), (words("Chưa đạt", "Not yet met"), count.notYetMet),
        ]
        for (label, value) in parts { if let value { rows.append(self.count(section, group, unit, label + set, value, of: count.total, asOf: count.asOf)) } }
        rows.append(self.count(section, group, unit, words("Tiêu chí còn chưa đạt", "Criteria left to meet") + set, count.remaining, asOf: count.asOf))
        return rows
    }

    private func residentialRows() -> [Row] {
        let section = words.sectionResidential
        return report.residential.flatMap { scope -> [Row] in
            let title = words.text(scope.title)
            var rows = [count(section, title, nil, words.registered(year: report.year), scope.registered)]
            for state in scope.byState { rows.append(count(section, title, nil, "\(words.byStateLabel): \(words.text(state.label))", state.count)) }
            rows.append(count(section, title, nil, words.recognisedLabel, scope.recognised))
            if let progress = scope.progress {
                var row = Row(section: section, group: title, metric: words("% KH", "% of plan"), value: words.percent(progress))
                range(&row, progress)
                rows.append(row)
            }
            if let forecast = scope.forecast {
                rows.append(
                    Row(
                        section: section, group: title, metric: words.forecastLabel(forecast) + (forecast.note.map { " (\($0))" } ?? ""),
                        value: words.forecastCount(forecast), min: "\(forecast.min)", max: "\(forecast.max)",
                        kind: words.kind(.forecast), asOf: forecast.asOf))
            }
            return rows + unitRows(scope.units, section: section, group: title)
        }
    }

    private func ocopRows() -> [Row] {
        let ocop = report.ocop
        let section = words.sectionOCOP
        guard !Wording.isEmpty(ocop) else { return [] }
        var rows = [
            count(section, "", report.district, words.ideasProposedLabel, ocop.ideasProposed),
            count(section, "", report.district, words.ideasApprovedLabel, ocop.ideasApproved.count),
            count(section, "", report.district, words.ideasAwaitingLabel, ocop.ideasAwaitingDecision),
            count(section, "", report.district, words.ideasRejectedLabel, ocop.ideasRejected),
        ]
        rows += items(ocop.ideasApproved, section, words.ideasApprovedLabel) { $0.date.map(words.date) ?? "" }
        rows += items(ocop.productsInDevelopment, section, words.inDevelopmentLabel) { words.text($0.stateLabel) }
        for (stars, number) in ocop.certificatesByStars.sorted(by: { $0.key < $1.key }) {
            rows.append(count(section, words.certificatesLabel, report.district, "\(stars)★", number))
        }
        rows += items(ocop.certificatesExpiring, section, words.expiringLabel(ocop.expiringWithinDays)) { item in
            [item.stars.map { "\($0)★" }, item.date.map { words("hết hạn \(words.date($0))", "expires \(words.date($0))") }]
                .compactMap { $0 }.joined(separator: ", ")
        }
        rows += items(ocop.claimsAccepted, section, words.claimsLabel) { item in
            item.date.map { words("nghiệm thu \(words.date($0))", "accepted \(words.date($0))") } ?? ""
        }
        return rows
    }

    /// One row per named record: the group says which list, the metric is the name, the value its stage or dates.
    private func items(
        _ items: [DistrictReport.OCOPItem], _ section: String, _ group: String, _ value: (DistrictReport.OCOPItem) -> String
    ) -> [Row] {
        items.map { item in Row(section: section, group: group, unit: item.unit, metric: item.name, value: value(item)) }
    }
}
