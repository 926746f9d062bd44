import Foundation
import OCOP
import Workflow

/// The report as an Excel workbook: the same rows and columns as ``CSVReportWriter`` (one rule, one place), typed —
/// `min`/`max` as numbers, the as-of day as a date shown dd/mm/yyyy, text in the shared-string table.
struct XLSXReportWriter {
    let report: DistrictReport
    let words: Wording

    /// The sheet ``XLSXWriter`` packs.
    func sheet() -> Spreadsheet {
        let csv = CSVReportWriter(report: report, words: words)
        let widths: [Int?] = [28, 28, 12, 24, 48, 24, 8, 8, 10, 14]
        let columns = zip(csv.header, widths).map { Spreadsheet.Column($0, width: $1) }
        let rows = csv.rows().map { row -> [Spreadsheet.Cell] in
            [
                .optionalText(row.section), .optionalText(row.group), .optionalText(row.unit?.code), .optionalText(row.unit?.name),
                .optionalText(row.metric), .optionalText(row.value), .field(row.min), .field(row.max), .optionalText(row.kind),
                .date(row.asOf ?? report.asOf),
            ]
        }
        let title = words("Báo cáo \(report.district.name) \(report.asOf.iso)", "Report \(report.district.name) \(report.asOf.iso)")
        return Spreadsheet(name: title, columns: columns, rows: rows)
    }
}
