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
    /// An Excel workbook: the CSV's rows, typed (numbers, dates dd/mm/yyyy), with a frozen header row.
    case xlsx

    /// True for the formats that are bytes rather than text (only `xlsx`).
    public var isBinary: Bool { self == .xlsx }

    /// The file name extension.
    public var fileExtension: String { rawValue }
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
        // A workbook is bytes (``data(_:format:language:)``); as text it is the same rows as CSV.
        case .csv, .xlsx: return CSVReportWriter(report: report, words: words).render(lineEnding: "\n")
        case .json: return json(report)
        }
    }

    /// The report as a file's bytes: CSV with a BOM and CRLF (``csvData(_:language:)``), the `.xlsx` workbook, or
    /// the text formats in UTF-8.
    public static func data(_ report: DistrictReport, format: ReportFormat, language: ReportLanguage = .vi) throws -> Data {
        switch format {
        case .csv: return csvData(report, language: language)
        case .xlsx: return try XLSXWriter.data(sheet(report, language: language))
        case .text, .markdown, .json: return Data(render(report, format: format, language: language).utf8)
        }
    }

    /// The report as one typed sheet, the rows of the CSV.
    public static func sheet(_ report: DistrictReport, language: ReportLanguage = .vi) -> Spreadsheet {
        XLSXReportWriter(report: report, words: Wording(language)).sheet()
    }

    /// The CSV as a file: UTF-8 with a byte-order mark and CRLF line ends, so Excel on Windows keeps the diacritics.
    public static func csvData(_ report: DistrictReport, language: ReportLanguage = .vi) -> Data {
        let text = CSVReportWriter(report: report, words: Wording(language)).render(lineEnding: "\r\n")
        return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
    }

    /// A recognition as the report words it ("đã được công nhận xã đạt chuẩn NTM theo 3900/QĐ-UBND ngày 20/12/2023",
    /// "chờ thừa nhận lại sau sáp nhập (…)"), for the other doors that show a unit's standing.
    public static func recognition(_ recognition: DistrictReport.Recognition, unit: DistrictReport.UnitRef, language: ReportLanguage = .vi) -> String {
        Wording(language).recognition(recognition, reportedUnit: unit)
    }

    /// A count as the report words it ("cơ bản đạt 13/20 tiêu chí nâng cao (bộ tạm thời)").
    public static func criteria(_ count: DistrictReport.CriteriaCount, language: ReportLanguage = .vi) -> String {
        Wording(language).criteria(count)
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
