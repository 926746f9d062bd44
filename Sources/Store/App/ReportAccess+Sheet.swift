import Foundation
import OCOP
import Workflow

extension ReportAccess.Entry {
    /// NTM progress per unit as one typed sheet (`/api/v1/ntm/units?format=xlsx`, the dashboard's NTM page): the group,
    /// the unit, its state, the "x/N" count as numbers, model conditions, the % KH range as numbers with its kind, the
    /// day it is as of (a date), and blockers.
    public static func sheet(_ entries: [ReportAccess.Entry], asOf: LocalDate, language: ReportLanguage = .vi) -> Spreadsheet {
        let words = Wording(language)
        let columns: [Spreadsheet.Column] = [
            .init(words("Nhóm", "Group"), width: 30), .init(words("Mã đơn vị", "Unit code")), .init(words("Đơn vị", "Unit")),
            .init(words("Trạng thái", "State")), .init(words("Bộ tiêu chí", "Criteria set"), width: 30),
            .init(words("Đạt và cơ bản đạt", "Met or basically met")), .init(words("Tổng số tiêu chí", "Criteria in all")),
            .init(words("Còn chưa đạt", "Left to meet")), .init(words("Tiêu chí kiểu mẫu đạt", "Model conditions met")),
            .init(words("% KH từ", "% of plan min")), .init(words("% KH đến", "% of plan max")), .init(words("Loại", "Kind")),
            .init(words("Tính đến ngày", "As of")), .init(words("Vướng mắc", "Blockers"), width: 40),
        ]
        let rows = entries.map { entry -> [Spreadsheet.Cell] in
            let unit = entry.progress
            let count = unit.criteria
            let range = unit.progress
            let day = range?.asOf ?? count?.asOf ?? asOf
            return [
                .text(words.text(entry.groupTitle)), .text(unit.unit.code), .text(unit.unit.name), .optionalText(unit.stateLabel.map(words.text)),
                .optionalText(count.map { words.text($0.criteriaSetName) }), count.map { Spreadsheet.Cell.integer(Int64($0.metOrBasicallyMet)) } ?? .empty,
                count.map { Spreadsheet.Cell.integer(Int64($0.total)) } ?? .empty, count.map { Spreadsheet.Cell.integer(Int64($0.remaining)) } ?? .empty,
                unit.modelConditionsMet.map { Spreadsheet.Cell.integer(Int64($0)) } ?? .empty, range.map { Spreadsheet.Cell.number($0.min) } ?? .empty,
                range.map { Spreadsheet.Cell.number($0.max) } ?? .empty, .optionalText(range.map { words.kind($0.kind) }), .date(day),
                .optionalText(unit.blockers.map(words.text).joined(separator: "; ")),
            ]
        }
        return Spreadsheet(name: words("Tiến độ NTM", "NTM progress"), columns: columns, rows: rows)
    }
}
