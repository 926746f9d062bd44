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
    }

    /// Runs a list query and returns one page of it: `state` filters, `cursor` (an id) and `limit` page, `asOf`
    /// (yyyy-mm-dd) sets the day "expiring within" counts from.
    private func page(
        _ request: Request, _ context: AdminRequestContext, keep: (OCOPListRow) -> Bool = { _ in true },
        _ list: (LocalDate) -> OCOPList
    ) async throws -> API.Page<Item> {
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
        let rows = try await service.list(list(today), as: Caller(holder.user.id))
        let filtered = rows.filter { keep($0) && $0.id > cursor && (state == nil || $0.state == state) }.sorted { $0.id < $1.id }
        let items = filtered.prefix(limit).map { row in
            Item(
                id: row.id, name: row.name, subject: row.subjectID, subjectName: row.subjectName, state: row.state,
                stateLabel: context.language == .vi ? row.stateLabel.vi : row.stateLabel.en, fields: row.fields)
        }
        let next = filtered.count > limit ? items.last.map { String($0.id) } : nil
        return API.Page(items: Array(items), nextCursor: next)
    }

    static func integer(_ request: Request, _ name: String, _ range: ClosedRange<Int>) throws -> Int? {
        try QueryBounds.integer(request.uri.queryParameters[Substring(name)], name, range)
    }
}
