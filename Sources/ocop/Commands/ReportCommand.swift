import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// `ocop report [--district CODE | --province CODE | --national] --as-of DATE [--format text|md|csv|json|xlsx] [--output FILE]
/// [--expiring-within DAYS]`: the district's periodic report on NTM, civilised urban areas and OCOP, as of a date (DOMAIN
/// §4.7, §5); with `--province` one line per district of the province, with `--national` one line per province, each line
/// the sum of the district reports (``RegionReport``).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Báo cáo kết quả NTM, đô thị văn minh và OCOP của huyện tính đến một ngày (district report as of a date).",
        discussion: """
            Cùng một ngày luôn cho cùng một báo cáo, dù sau đó nhập thêm số liệu. CSV ghi ra tệp có BOM UTF-8 để Excel giữ dấu.
            The same date always gives the same report. CSV written with --output carries a UTF-8 BOM so Excel keeps the diacritics.
            """)

    @Option(name: .customLong("district"), help: "Mã huyện; mặc định: huyện duy nhất trong cơ sở dữ liệu (district code).")
    var district: String?

    @Option(name: .customLong("province"), help: "Báo cáo toàn tỉnh theo huyện: mã hoặc tên tỉnh (province report by district).")
    var province: String?

    @Flag(name: .customLong("national"), help: "Báo cáo toàn quốc theo tỉnh (national roll-up by province).")
    var national = false

    @Option(name: .customLong("as-of"), help: "Số liệu tính đến ngày (yyyy-mm-dd hoặc dd/mm/yyyy).")
    var asOf: String

    @Option(name: .customLong("format"), help: "Định dạng: text (mặc định), md, csv, json, xlsx (Excel, cần --output).")
    var format: String?

    @Option(name: .customLong("output"), help: "Ghi ra tệp thay vì in ra màn hình (write to FILE).")
    var output: String?

    @Option(name: .customLong("expiring-within"), help: "Giấy chứng nhận sắp hết hạn trong số ngày này (mặc định 90).")
    var expiringWithin = 90

    @Option(name: .customLong("as"), help: "Đọc với quyền của người dùng này, như qua API (read as this user, as over the API).")
    var user: String?

    @OptionGroup var replica: ReportDatabaseOption
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let request: Request
        do {
            request = try parse()
        } catch {
            Failure.exit(error, language: global.lang)
        }
        await AppContext.run(global, registerWorkflows: false, routing: DatabaseRouting(reportDatabaseURL: replica.reportDatabaseURL)) { context in
            if province != nil || national {
                let caller = user.map { context.caller($0) }
                let report: RegionReport
                if national {
                    report = try await context.services.nationalReport(asOf: request.day, as: caller)
                } else {
                    report = try await context.services.provinceReport(province: province, asOf: request.day, as: caller)
                }
                try deliver(region: report, request)
                return
            }
            let report = try await build(request, context: context)
            try deliver(report, request)
        }
    }

    /// What was asked, checked before the database is opened.
    struct Request: Sendable {
        var day: LocalDate
        var format: ReportFormat
        var language: ReportLanguage
    }

    /// Checks `--as-of`, `--format` (and `--json`) and `--expiring-within`.
    func parse() throws -> Request {
        let day = try OCOPCommand.day(asOf, option: "--as-of")
        if [district != nil, province != nil, national].filter({ $0 }).count > 1 {
            throw CommandError.badInput(
                vi: "chỉ chọn một trong --district, --province, --national", en: "choose only one of --district, --province, --national")
        }
        guard expiringWithin >= 0 else {
            throw CommandError.badInput(vi: "--expiring-within phải ≥ 0", en: "--expiring-within must be ≥ 0")
        }
        return Request(day: day, format: try resolvedFormat(), language: global.lang == .vi ? .vi : .en)
    }

    /// `--format`, with `--json` meaning `--format json`; "markdown" is accepted for "md".
    private func resolvedFormat() throws -> ReportFormat {
        let names = ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
        guard let format else { return global.json ? .json : .text }
        guard let chosen = format == "markdown" ? .markdown : ReportFormat(rawValue: format.lowercased()) else {
            throw CommandError.badInput(vi: "--format \"\(format)\" không hợp lệ (chọn: \(names))", en: "--format \"\(format)\" is not valid (one of: \(names))")
        }
        if chosen.isBinary && output == nil {
            throw CommandError.badInput(
                vi: "--format \(chosen.rawValue) ghi ra tệp: thêm --output TỆP.\(chosen.fileExtension)",
                en: "--format \(chosen.rawValue) writes a file: add --output FILE.\(chosen.fileExtension)")
        }
        if global.json && chosen != .json {
            throw CommandError.badInput(vi: "--json mâu thuẫn với --format \(format)", en: "--json contradicts --format \(format)")
        }
        return chosen
    }

    /// The report of the named district (or the only one), as the operator or, with `--as`, as that user.
    private func build(_ request: Request, context: AppContext) async throws -> DistrictReport {
        let found = try await context.services.districtReport(
            district: district, asOf: request.day, expiringWithinDays: expiringWithin, as: user.map { context.caller($0) })
        guard let report = found else {
            throw CommandError.badInput(
                vi: "không xác định được huyện: cơ sở dữ liệu không có hoặc có nhiều hơn một huyện; chọn bằng --district MÃ",
                en: "cannot tell which district: the database holds none or more than one; name it with --district CODE")
        }
        return report
    }

    /// Prints the district report, or writes it to `--output` (CSV with a BOM and CRLF) and says where.
    private func deliver(_ report: DistrictReport, _ request: Request) throws {
        try deliver(
            request, about: Text("của \(report.district.name)", "for \(report.district.name)"), asOf: report.asOf,
            text: { DistrictReportRenderer.render(report, format: request.format, language: request.language) },
            data: { try DistrictReportRenderer.data(report, format: request.format, language: request.language) })
    }

    /// Prints the province or national report, or writes it to `--output` and says where.
    private func deliver(region report: RegionReport, _ request: Request) throws {
        let name = report.region?.name
        try deliver(
            request, about: Text(name.map { "của \($0)" } ?? "toàn quốc", "for \(name ?? "the country")"), asOf: report.asOf,
            text: { RegionReportRenderer.render(report, format: request.format, language: request.language) },
            data: { try RegionReportRenderer.data(report, format: request.format, language: request.language) })
    }

    /// One way out for every report: printed, or written atomically to `--output` with a sentence saying what and where.
    private func deliver(_ request: Request, about: Text, asOf: LocalDate, text: () -> String, data: () throws -> Data) throws {
        guard let output else {
            print(text(), terminator: "")
            return
        }
        do {
            try data().write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CommandError.badInput(
                vi: "không ghi được \(output): \(error.localizedDescription)", en: "cannot write \(output): \(error.localizedDescription)")
        }
        print(Text(
            "Đã ghi báo cáo \(request.format.rawValue) \(about(.vi)) đến ngày \(asOf.displayString) vào \(output).",
            "Wrote the \(request.format.rawValue) report \(about(.en)) as of \(asOf.displayString) to \(output).")(global.lang))
    }
}
