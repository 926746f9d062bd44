import Foundation
import OCOP
import Workflow

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
        itemTable(words.claimsLabel, [name, unit, words("Ngày", "Date"), words("Kinh phí", "Amount")], ocop.claimsAccepted) {
            [$0.name, $0.unit.name, $0.date.map(words.date) ?? "", $0.amount.map { words($0.text.vi, $0.text.en) } ?? ""]
        }
        if !ocop.claimsAccepted.isEmpty {
            lines.append(words("Tổng kinh phí hỗ trợ đã nghiệm thu: \(ocop.claimsAcceptedAmount.text.vi)", "Total support accepted: \(ocop.claimsAcceptedAmount.text.en)"))
            lines.append("")
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
