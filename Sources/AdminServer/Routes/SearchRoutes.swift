import Foundation
import HTTPTypes
import Hummingbird
import Store
import Workflow

/// `GET /api/v1/search?q=TEXT[&limit=N]`: products, ideas, producers and units by name, with or without diacritics and
/// in any case, among what the token's user may see — ``OCOPService/search(_:limit:as:)``, as `ocop search` and the
/// dashboard's search box.
struct SearchRoutes {
    let dependencies: ServerDependencies

    /// One hit; the same keys as `ocop search --json`.
    struct Item: Codable, Sendable {
        var kind: String
        var id: String
        var name: String
        var detail: String?
        var state: String?
        var stateLabel: Bilingual?
    }

    /// The hits, best first.
    struct Hits: ResponseEncodable, Sendable {
        var query: String
        var items: [Item]
    }

    func register(on router: Router<AdminRequestContext>) {
        router.get("/api/v1/search") { request, context in
            guard let holder = context.holder else { throw Problem.unauthorized(Bilingual(vi: "cần mã truy cập", en: "a token is required")) }
            guard let service = dependencies.services.ocop else {
                throw Problem.notFound(Bilingual(vi: "máy chủ chưa bật tìm kiếm OCOP", en: "OCOP search is not enabled on this server"))
            }
            // As a form sends it: "+" is a space (`q=nuoc+cham`), as is %20.
            let query = SearchPage.formValue("q", in: request.uri.query) ?? ""
            let limit = try OCOPRoutes.integer(request, "limit", OCOPService.searchLimitRange) ?? 20
            let hits = try await service.search(query, limit: limit, as: Caller(holder.user.id))
            return Hits(query: query, items: hits.map(Self.item))
        }
    }

    static func item(_ hit: SearchHit) -> Item {
        Item(kind: hit.kind.rawValue, id: hit.id, name: hit.name, detail: hit.detail, state: hit.state, stateLabel: hit.stateLabel)
    }
}
