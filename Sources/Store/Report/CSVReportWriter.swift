import Foundation
import OCOP
import Workflow

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

    /// The ten column titles, shared with ``XLSXReportWriter``.
    var header: [String] {
        [
            words("Mục", "Section"), words("Nhóm", "Group"), words("Mã đơn vị", "Unit code"), words("Đơn vị", "Unit"),
            words("Chỉ tiêu", "Metric"), words("Giá trị", "Value"), words("Từ", "Min"), words("Đến", "Max"), words("Loại", "Kind"),
            words("Tính đến ngày", "As of"),
        ]
    }

    func render(lineEnding: String) -> String {
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
            if let recognition = unit.recognition, !(recognition.status == .recognised && unit.state == "MAINTAINING") {
                rows.append(Row(
                    section: section, group: group, unit: ref, metric: words("Công nhận", "Recognition"),
                    value: words.recognition(recognition, reportedUnit: ref)))
            }
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
            [item.date.map { words("nghiệm thu \(words.date($0))", "accepted \(words.date($0))") }, item.amount.map { words($0.text.vi, $0.text.en) }]
                .compactMap { $0 }.joined(separator: ", ")
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
