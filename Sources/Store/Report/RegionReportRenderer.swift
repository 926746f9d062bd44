import Foundation
import OCOP
import Workflow

/// Writes a ``RegionReport`` as text, Markdown, CSV, JSON or an Excel workbook: one line per district (province) or
/// province (national) and a total line, the same columns in every format (``columns``).
public struct RegionReportRenderer {
    /// One column of figures: its title and its value in a line's totals.
    struct Column: Sendable {
        let vi: String
        let en: String
        let value: @Sendable (RegionReport.Totals) -> Int64
        var money = false
    }

    static let columns: [Column] = {
        func count(_ vi: String, _ en: String, _ value: @escaping @Sendable (RegionReport.Totals) -> Int) -> Column {
            Column(vi: vi, en: en, value: { Int64(value($0)) })
        }
        var columns = [count("Xã, phường", "Communes and wards") { $0.communes }]
        let groups: [(DistrictReport.GroupKind, String, String)] = [
            (.model, "Xã đăng ký NTM kiểu mẫu", "Communes registered for model NTM"),
            (.advanced, "Xã xây dựng NTM nâng cao", "Communes building advanced NTM"),
            (.standard, "Xã xây dựng NTM", "Communes building NTM"),
            (.remaining, "Xã còn lại", "Remaining communes"),
            (.recognised, "Xã đã đạt chuẩn NTM", "Communes recognised as NTM"),
            (.maintaining, "Xã duy trì nâng cao, kiểu mẫu", "Communes maintaining advanced or model"),
        ]
        columns += groups.map { kind, vi, en in count(vi, en) { $0.communesByGroup[kind.rawValue] ?? 0 } }
        columns += [
            count("Tiêu chí đạt (cộng các xã)", "Criteria met (summed over communes)") { $0.communeCriteriaMet },
            count("Tiêu chí đạt và cơ bản đạt (cộng các xã)", "Criteria met or basically met (summed)") { $0.communeCriteriaMetOrBasicallyMet },
            count("Thị trấn", "Towns") { $0.towns },
            count("Thị trấn đạt đô thị văn minh", "Towns recognised civilised") { $0.townsRecognised },
            count("Khu dân cư, vườn đăng ký trong năm", "Residential units registered this year") { $0.residentialRegistered },
            count("Khu dân cư, vườn đã đạt chuẩn", "Residential units recognised") { $0.residentialRecognised },
            count("Kết quả chủ yếu", "Key results") { $0.keyResults },
            count("Ý tưởng OCOP đề xuất", "OCOP ideas proposed") { $0.ideasProposed },
            count("Ý tưởng được duyệt", "Ideas approved") { $0.ideasApproved },
            count("Ý tưởng không duyệt", "Ideas rejected") { $0.ideasRejected },
            count("Ý tưởng chờ quyết định", "Ideas awaiting decision") { $0.ideasAwaitingDecision },
            count("Sản phẩm đang phát triển", "Products in development") { $0.productsInDevelopment },
            count("Giấy chứng nhận còn hiệu lực", "Certificates in force") { $0.certificates },
        ]
        columns += (3...5).map { stars in count("\(stars) sao", "\(stars) stars") { $0.certificatesByStars[stars] ?? 0 } }
        columns += [
            count("Giấy chứng nhận sắp hết hạn", "Certificates expiring") { $0.certificatesExpiring },
            count("Hồ sơ hỗ trợ được chấp nhận", "Support claims accepted") { $0.claimsAccepted },
            Column(vi: "Số tiền hỗ trợ (đồng)", en: "Support amount (VND)", value: { $0.claimsAcceptedAmount.dong }, money: true),
        ]
        return columns
    }()

    /// The report in `format` and `language` (CSV without a byte-order mark, LF line ends; see ``data(_:format:language:)``).
    public static func render(_ report: RegionReport, format: ReportFormat, language: ReportLanguage = .vi) -> String {
        switch format {
        case .json: return json(report)
        case .csv, .xlsx: return table(report, language: language).map { $0.map(CSVReportWriter.field).joined(separator: ",") + "\n" }.joined()
        case .markdown: return markdown(report, language: language)
        case .text: return text(report, language: language)
        }
    }

    /// The report as a file's bytes: CSV with a BOM and CRLF, the `.xlsx` workbook, or the text formats in UTF-8.
    public static func data(_ report: RegionReport, format: ReportFormat, language: ReportLanguage = .vi) throws -> Data {
        switch format {
        case .csv:
            let text = table(report, language: language).map { $0.map(CSVReportWriter.field).joined(separator: ",") + "\r\n" }.joined()
            return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        case .xlsx: return try XLSXWriter.data(sheet(report, language: language))
        case .text, .markdown, .json: return Data(render(report, format: format, language: language).utf8)
        }
    }

    /// `bao-cao-tinh-ha-tinh-2022-10-31.csv`, `bao-cao-toan-quoc-2022-10-31.xlsx`.
    public static func fileName(_ report: RegionReport, extension ext: String) -> String {
        let name = report.region.map { "tinh-\($0.code)" } ?? "toan-quoc"
        let safe = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        return "bao-cao-\(safe ? name : "tinh")-\(report.asOf.iso).\(ext)"
    }

    /// The title line: "Báo cáo tỉnh Hà Tĩnh tính đến ngày 31/10/2022".
    static func title(_ report: RegionReport, language: ReportLanguage) -> String {
        let words = Wording(language)
        guard let region = report.region else {
            return words("Báo cáo toàn quốc theo tỉnh tính đến ngày \(report.asOf.displayString)", "National report by province as of \(report.asOf.displayString)")
        }
        return words("Báo cáo \(region.name) theo huyện tính đến ngày \(report.asOf.displayString)", "Report of \(region.name) by district as of \(report.asOf.displayString)")
    }

    /// Header and one row per part, then the total: code, name, districts, the columns, as of.
    static func table(_ report: RegionReport, language: ReportLanguage) -> [[String]] {
        let words = Wording(language)
        let header =
            [words("Mã", "Code"), report.level == .province ? words("Huyện", "District") : words("Tỉnh", "Province"), words("Số huyện", "Districts")]
            + columns.map { words($0.vi, $0.en) } + [words("Tính đến ngày", "As of")]
        func line(_ code: String, _ name: String, _ districts: Int, _ totals: RegionReport.Totals) -> [String] {
            [code, name, "\(districts)"] + columns.map { "\($0.value(totals))" } + [report.asOf.displayString]
        }
        let total = line("", words("Tổng cộng", "Total"), report.parts.map(\.districts).reduce(0, +), report.totals)
        return [header] + report.parts.map { line($0.unit.code, $0.unit.name, $0.districts, $0.totals) } + [total]
    }

    static func sheet(_ report: RegionReport, language: ReportLanguage) -> Spreadsheet {
        let rows = table(report, language: language)
        let columns = rows[0].enumerated().map { index, title in Spreadsheet.Column(title, width: index == 1 ? 28 : 14) }
        let body = rows.dropFirst().map { row -> [Spreadsheet.Cell] in
            row.enumerated().map { index, value -> Spreadsheet.Cell in
                if index < 2 { return .optionalText(value) }
                if index == row.count - 1 { return .date(report.asOf) }
                let number = Int64(value) ?? 0
                return Self.columns.indices.contains(index - 3) && Self.columns[index - 3].money ? .money(number) : .integer(number)
            }
        }
        return Spreadsheet(name: title(report, language: language), columns: columns, rows: Array(body))
    }

    static func markdown(_ report: RegionReport, language: ReportLanguage) -> String {
        let rows = table(report, language: language)
        var out = "# \(title(report, language: language))\n\n"
        out += "| " + rows[0].joined(separator: " | ") + " |\n"
        out += "|" + rows[0].indices.map { $0 < 2 ? "---|" : "---:|" }.joined() + "\n"
        for row in rows.dropFirst() { out += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
        return out
    }

    /// One block per line of the table: its name, then each figure that is not zero.
    static func text(_ report: RegionReport, language: ReportLanguage) -> String {
        let rows = table(report, language: language)
        let header = rows[0]
        var out = title(report, language: language) + "\n"
        for row in rows.dropFirst() {
            out += "\n" + (row[0].isEmpty ? row[1] : "\(row[1]) (\(row[0]))") + "\n"
            for index in 2..<(row.count - 1) where row[index] != "0" { out += "  \(header[index]): \(row[index])\n" }
        }
        return out
    }

    static func json(_ report: RegionReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(report), as: UTF8.self)
        } catch {
            return "{\"error\": \"\(String(describing: error).replacingOccurrences(of: "\"", with: "'"))\"}"
        }
    }
}
