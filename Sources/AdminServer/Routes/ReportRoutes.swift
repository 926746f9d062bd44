import Foundation
import HTTPTypes
import Hummingbird
import OCOP
import Store
import Workflow

/// `GET /api/v1/reports/district?asOf=yyyy-mm-dd[&district=CODE][&format=json|csv|xlsx|md|text]`: the district's periodic
/// report as of a date (DOMAIN §4.7, §5), for staff and reviewers whose grants cover the district (``ReportAccess``).
///
/// JSON (the default) is the ``DistrictReport`` model as ``DistrictReportRenderer`` writes it; CSV is a file Excel
/// opens (UTF-8 with a byte-order mark) named like `bao-cao-vu-quang-2022-10-31.csv`; `md` and `text` are for reading.
struct ReportRoutes {
    let dependencies: ServerDependencies

    func register(on router: Router<AdminRequestContext>) {
        router.get("/api/v1/reports/district") { request, context in
            guard let holder = context.holder else { throw Problem.unauthorized(Bilingual(vi: "cần mã truy cập", en: "a token is required")) }
            let parameters = request.uri.queryParameters
            let asOf = try ReportAccess.requiredDate(parameters["asOf"])
            let format = try Self.format(parameters["format"], accept: request.headers[.accept])
            let scoped = try await ReportAccess(services: dependencies.services, now: dependencies.now).report(
                user: holder.user, district: try QueryBounds.text(parameters["district"], "district"), asOf: asOf, purpose: .wholeReport)
            guard let report = scoped.report else { throw Problem.notFound(Bilingual(vi: "không có báo cáo", en: "no report")) }
            return try Self.response(report, format: format, language: context.language)
        }
        // The province's report by district, and the national roll-up by province (``RegionReport``): the services
        // check the scope (a grant covering the province; a national role).
        router.get("/api/v1/reports/province") { request, context in
            guard let holder = context.holder else { throw Problem.unauthorized(Bilingual(vi: "cần mã truy cập", en: "a token is required")) }
            let parameters = request.uri.queryParameters
            let asOf = try ReportAccess.requiredDate(parameters["asOf"])
            let format = try Self.format(parameters["format"], accept: request.headers[.accept])
            let report = try await dependencies.services.provinceReport(
                province: try QueryBounds.text(parameters["province"], "province"), asOf: asOf, as: Caller(holder.user.id))
            return try Self.response(region: report, format: format, language: context.language)
        }
        router.get("/api/v1/reports/national") { request, context in
            guard let holder = context.holder else { throw Problem.unauthorized(Bilingual(vi: "cần mã truy cập", en: "a token is required")) }
            let parameters = request.uri.queryParameters
            let asOf = try ReportAccess.requiredDate(parameters["asOf"])
            let format = try Self.format(parameters["format"], accept: request.headers[.accept])
            let report = try await dependencies.services.nationalReport(asOf: asOf, as: Caller(holder.user.id))
            return try Self.response(region: report, format: format, language: context.language)
        }
    }

    /// A province or national report in a format (the same media types and file names as the district report's).
    static func response(region report: RegionReport, format: ReportFormat, language: ServerLanguage) throws -> Response {
        let reportLanguage: ReportLanguage = language == .vi ? .vi : .en
        var headers: HTTPFields = [.contentLanguage: language.rawValue, .cacheControl: "no-store"]
        switch format {
        case .json: headers[.contentType] = "application/json; charset=utf-8"
        case .csv: headers[.contentType] = "text/csv; charset=utf-8"
        case .xlsx: headers[.contentType] = XLSXWriter.mediaType
        case .markdown: headers[.contentType] = "text/markdown; charset=utf-8"
        case .text: headers[.contentType] = "text/plain; charset=utf-8"
        }
        if format == .csv || format == .xlsx {
            headers[.contentDisposition] = "attachment; filename=\"\(RegionReportRenderer.fileName(report, extension: format.fileExtension))\""
        }
        let body = ByteBuffer(bytes: try RegionReportRenderer.data(report, format: format, language: reportLanguage))
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// The `format` parameter: json when absent (or xlsx when `Accept` asks for the workbook's media type);
    /// `markdown` is accepted for `md`; anything else is a 400 naming it.
    static func format(_ text: Substring?, accept: String? = nil) throws -> ReportFormat {
        guard let text else { return accept?.contains(XLSXWriter.mediaType) == true ? .xlsx : .json }
        let value = text.lowercased()
        if value == "markdown" { return .markdown }
        guard let format = ReportFormat(rawValue: value) else {
            var problem = Problem.badRequest(
                Bilingual(
                    vi: "tham số format phải là một trong: json, csv, xlsx, md, text (nhận được \"\(text.prefix(20))\")",
                    en: "the format parameter must be one of json, csv, xlsx, md, text (got \"\(text.prefix(20))\")"))
            problem.extra = ["parameter": "format"]
            throw problem
        }
        return format
    }

    /// The report in a format, as the API and the dashboard's download links serve it.
    static func response(_ report: DistrictReport, format: ReportFormat, language: ServerLanguage) throws -> Response {
        let reportLanguage: ReportLanguage = language == .vi ? .vi : .en
        var headers: HTTPFields = [.contentLanguage: language.rawValue, .cacheControl: "no-store"]
        let body: ByteBuffer
        switch format {
        case .json:
            headers[.contentType] = "application/json; charset=utf-8"
            body = ByteBuffer(string: DistrictReportRenderer.render(report, format: .json, language: reportLanguage))
        case .csv:
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"\(fileName(report, extension: "csv"))\""
            body = ByteBuffer(bytes: DistrictReportRenderer.csvData(report, language: reportLanguage))
        case .xlsx:
            headers[.contentType] = XLSXWriter.mediaType
            headers[.contentDisposition] = "attachment; filename=\"\(fileName(report, extension: "xlsx"))\""
            body = ByteBuffer(bytes: try DistrictReportRenderer.data(report, format: .xlsx, language: reportLanguage))
        case .markdown:
            headers[.contentType] = "text/markdown; charset=utf-8"
            body = ByteBuffer(string: DistrictReportRenderer.render(report, format: .markdown, language: reportLanguage))
        case .text:
            headers[.contentType] = "text/plain; charset=utf-8"
            body = ByteBuffer(string: DistrictReportRenderer.render(report, format: .text, language: reportLanguage))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// `bao-cao-vu-quang-2022-10-31.csv`: "báo cáo", the district in ASCII, the date.
    static func fileName(_ report: DistrictReport, extension ext: String) -> String {
        "bao-cao-\(slug(report.district.code, fallback: report.district.name))-\(report.asOf.iso).\(ext)"
    }

    /// A code as it is when already lowercase ASCII with dashes, else the name without diacritics ("Vũ Quang" → "vu-quang").
    static func slug(_ code: String, fallback name: String) -> String {
        let safe = { (text: String) in !text.isEmpty && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" } }
        if safe(code) { return code }
        let folded = name.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        let words = folded.unicodeScalars.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : " " }
        let slug = String(words).split(separator: " ").joined(separator: "-")
        return safe(slug) ? slug : "huyen"
    }
}
