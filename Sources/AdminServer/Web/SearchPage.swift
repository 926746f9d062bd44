import Foundation
import HTTPTypes
import Hummingbird
import Store
import Workflow

/// `/search?q=…`: the dashboard's search box — products, ideas, producers and units by name, with or without
/// diacritics, among what the signed-in user may see (``OCOPService/search(_:limit:as:)``, as the API and the CLI).
struct SearchPage {
    let dependencies: ServerDependencies

    func register(on router: Router<AdminRequestContext>) {
        router.get("/search") { request, context in try await search(request, context) }
    }

    func search(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        guard let session = context.session else { throw Problem.unauthorized(Bilingual(vi: "cần đăng nhập", en: "sign in first")) }
        let words = WebText.table(context.language)
        let query = Self.formValue("q", in: request.uri.query) ?? ""
        var view: [String: Any] = ["query": query, "asked": !query.isEmpty, "hasHits": false]
        var status = HTTPResponse.Status.ok
        if !query.isEmpty, let service = dependencies.services.ocop {
            switch await Self.search(service, query, user: session.holder.user.id) {
            case .failure(let error) where error.kind == .badInput:
                view["error"] = context.language == .vi ? error.fullMessage.vi : error.fullMessage.en
                view["asked"] = false
                status = .badRequest
            case .failure(let error):
                throw error
            case .success(let hits):
                let vi = context.language == .vi
                view["hits"] = hits.map { hit -> [String: Any] in
                    var item: [String: Any] = [
                        "kind": vi ? hit.kind.label.vi : hit.kind.label.en, "name": hit.name, "detail": hit.detail ?? "",
                        "state": hit.stateLabel.map { vi ? $0.vi : $0.en } ?? "",
                    ]
                    if hit.kind == .product || hit.kind == .idea { item["href"] = "/instances/\(hit.id)" }
                    return item
                }
                view["hasHits"] = !hits.isEmpty
            }
        }
        var response = WebRoutes(dependencies: dependencies).page("search", title: words["search"] ?? "", body: view, request: request, context: context)
        response.status = status
        return response
    }

    /// A field of a GET form's query (`application/x-www-form-urlencoded`: "+" is a space, then %-decoding).
    static func formValue(_ name: String, in query: String?) -> String? {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.first == Substring(name) else { continue }
            let raw = parts.count > 1 ? String(parts[1]) : ""
            return raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
        }
        return nil
    }

    /// The service's answer as a value (bad input is shown on the page; anything else goes to the error handler).
    private static func search(_ service: OCOPService, _ query: String, user: String) async -> Result<[SearchHit], ServiceError> {
        do {
            return .success(try await service.search(query, limit: 50, as: Caller(user)))
        } catch {
            return .failure(error)
        }
    }
}
