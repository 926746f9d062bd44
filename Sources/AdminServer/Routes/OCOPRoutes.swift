import Foundation
import HTTPTypes
import Hummingbird
import OCOP
import Store
import Workflow

/// `/api/v1/ocop/{ideas,products,certificates,claims}`: the OCOP lists officers and producers work from, scoped to
/// the caller like every other endpoint, with filters and cursor pagination by id.
struct OCOPRoutes {
    let dependencies: ServerDependencies

    /// One row of a list.
    struct Item: Codable, Sendable {
        var id: Int64
        var name: String
        var subject: String
        var subjectName: String
        var state: String
        var stateLabel: String
        var fields: [String: String]
    }

    func register(on router: Router<AdminRequestContext>) {
        router.get("/api/v1/ocop/ideas") { request, context in
            let year = try Self.integer(request, "year", 2000...2100)
            return try await page(request, context) { _ in .ideas(year: year) }
        }
        router.get("/api/v1/ocop/products") { request, context in
            let stars = try Self.integer(request, "stars", 1...5)
            return try await page(request, context, keep: { row in stars.map { row.fields["star"] == String($0) } ?? true }) { today in .products(today: today) }
        }
        router.get("/api/v1/ocop/certificates") { request, context in
            let days = try Self.integer(request, "expiringWithin", OCOPService.expiringWindow)
            return try await page(request, context) { today in .certificates(expiringWithin: days, today: today) }
        }
        router.get("/api/v1/ocop/claims") { request, context in
            try await page(request, context) { _ in .claims }
        }
        router.get("/api/v1/ocop/producer-status") { request, context in try await producerStatus(request, context) }
    }

    /// The producer's page as data (the document `ocop producer status --json` prints): every idea and product the
    /// caller's grants cover, as of `asOf` (default today).
    private func producerStatus(_ request: Request, _ context: AdminRequestContext) async throws -> ProducerStatus {
        guard let service = dependencies.services.ocop else {
            throw Problem.notFound(Bilingual(vi: "máy chủ chưa bật các danh sách OCOP", en: "the OCOP lists are not enabled on this server"))
        }
        guard let holder = context.holder else { throw Problem.unauthorized(Bilingual(vi: "cần mã truy cập", en: "a token is required")) }
        var today = LocalDate(vietnamDayOf: dependencies.now())
        if let text = request.uri.queryParameters["asOf"] {
            guard let day = LocalDate(iso: String(text)) else {
                throw Problem.badRequest(Bilingual(vi: "asOf phải có dạng yyyy-mm-dd", en: "asOf must be yyyy-mm-dd"))
            }
            today = day
        }
        let items = try await service.producerStatus(for: holder.user.id, today: today)
        let messages = try await dependencies.services.outbox.messages(to: holder.user.id, limit: 50)
        return ProducerStatus(items: ProducerStatusDocument.json(items, messages: messages))
    }

    /// `{"items": [...]}`: the items of ``ProducerStatusDocument``.
    struct ProducerStatus: ResponseEncodable, Sendable {
        var items: JSONValue
    }

    /// Runs a list query and returns one page of it: `state` filters, `cursor` (an id) and `limit` page, `asOf`
    /// (yyyy-mm-dd) sets the day "expiring within" counts from.
    ///
    /// With `format=xlsx` (or `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`) the answer is
    /// the whole filtered list (from `cursor`, `limit` ignored) as an Excel file, the sheet ``OCOPList/sheet(_:language:)``
    /// makes for the CLI too.
    private func page(
        _ request: Request, _ context: AdminRequestContext, keep: (OCOPListRow) -> Bool = { _ in true },
        _ list: (LocalDate) -> OCOPList
    ) async throws -> Response {
        let xlsx = try Self.wantsXLSX(request)
        guard let service = dependencies.services.ocop else {
            throw Problem.notFound(Bilingual(vi: "máy chủ chưa bật các danh sách OCOP", en: "the OCOP lists are not enabled on this server"))
        }
        guard let holder = context.holder else { throw Problem.unauthorized(Bilingual(vi: "cần mã truy cập", en: "a token is required")) }
        let parameters = request.uri.queryParameters
        let limit = try Self.integer(request, "limit", 1...500) ?? 50
        let cursor = try QueryBounds.cursor(parameters["cursor"]) ?? 0
        let state = try QueryBounds.text(parameters["state"], "state")
        let today: LocalDate
        if let text = parameters["asOf"] {
            guard let day = LocalDate(iso: String(text)) else {
                throw Problem.badRequest(Bilingual(vi: "asOf phải có dạng yyyy-mm-dd", en: "asOf must be yyyy-mm-dd"))
            }
            today = day
        } else {
            today = LocalDate(vietnamDayOf: dependencies.now())
        }
        let chosen = list(today)
        let rows = try await service.list(chosen, as: Caller(holder.user.id))
        let filtered = rows.filter { keep($0) && $0.id > cursor && (state == nil || $0.state == state) }.sorted { $0.id < $1.id }
        if xlsx {
            let sheet = chosen.sheet(filtered, language: context.language == .vi ? .vi : .en)
            return Self.xlsxResponse(sheet, fileName: Self.fileName(chosen), language: context.language, data: try XLSXWriter.data(sheet))
        }
        let items = filtered.prefix(limit).map { row in
            Item(
                id: row.id, name: row.name, subject: row.subjectID, subjectName: row.subjectName, state: row.state,
                stateLabel: context.language == .vi ? row.stateLabel.vi : row.stateLabel.en, fields: row.fields)
        }
        let next = filtered.count > limit ? items.last.map { String($0.id) } : nil
        return try API.Page(items: Array(items), nextCursor: next).response(from: request, context: context)
    }

    /// `format=xlsx`, or no `format` and an `Accept` naming the workbook's media type; `json` or no format is JSON;
    /// anything else is a 400 naming the parameter.
    static func wantsXLSX(_ request: Request) throws -> Bool {
        guard let format = request.uri.queryParameters["format"] else {
            return request.headers[.accept]?.contains(XLSXWriter.mediaType) == true
        }
        switch format.lowercased() {
        case "xlsx": return true
        case "json": return false
        default:
            var problem = Problem.badRequest(
                Bilingual(
                    vi: "tham số format phải là json hoặc xlsx (nhận được \"\(format.prefix(20))\")",
                    en: "the format parameter must be json or xlsx (got \"\(format.prefix(20))\")"))
            problem.extra = ["parameter": "format"]
            throw problem
        }
    }

    /// `y-tuong.xlsx`, `san-pham.xlsx`, `giay-chung-nhan.xlsx`, `ho-so-ho-tro.xlsx`.
    static func fileName(_ list: OCOPList) -> String {
        switch list {
        case .ideas: "y-tuong.xlsx"
        case .products: "san-pham.xlsx"
        case .certificates: "giay-chung-nhan.xlsx"
        case .claims: "ho-so-ho-tro.xlsx"
        }
    }

    /// An `.xlsx` download.
    static func xlsxResponse(_ sheet: Spreadsheet, fileName: String, language: ServerLanguage, data: Data) -> Response {
        let headers: HTTPFields = [
            .contentType: XLSXWriter.mediaType, .contentDisposition: "attachment; filename=\"\(fileName)\"",
            .contentLanguage: language.rawValue, .cacheControl: "no-store",
        ]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func integer(_ request: Request, _ name: String, _ range: ClosedRange<Int>) throws -> Int? {
        try QueryBounds.integer(request.uri.queryParameters[Substring(name)], name, range)
    }
}
