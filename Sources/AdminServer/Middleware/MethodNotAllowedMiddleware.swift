import Foundation
import HTTPTypes
import Hummingbird
import Workflow

/// A request whose path exists but not for its method is answered 405 with `Allow` (RFC 9110 §15.5.6), not 404, so a
/// client learns that the path is right and the method is not. HEAD is answered wherever GET is (the router generates
/// it, `RouterOptions.autoGenerateHeadEndpoints`).
///
/// The innermost middleware: the router's not-found answer passes through it after authentication ran, so an
/// `/api/v1` path still wants a token before it says anything. The paths come from the router's own list of routes,
/// read on the first miss (after every route is registered), so they cannot drift from what is served.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AdminRequestContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = routes.methods(for: request.uri.path), !allowed.contains(request.method) else { throw error }
            throw Self.notAllowed(request.method, allowed: allowed)
        }
    }

    /// The 405 problem with `Allow` listing the path's methods.
    static func notAllowed(_ method: HTTPRequest.Method, allowed: Set<HTTPRequest.Method>) -> Problem {
        let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]
        let allow = (order.filter(allowed.contains) + allowed.subtracting(order).sorted { $0.rawValue < $1.rawValue }).map(\.rawValue)
            .joined(separator: ", ")
        let name = String(method.rawValue.prefix(20))
        var problem = Problem(
            .methodNotAllowed, code: "method-not-allowed", title: Bilingual(vi: "Phương thức không được hỗ trợ", en: "Method not allowed"),
            detail: Bilingual(vi: "đường dẫn này không nhận \(name); chỉ nhận \(allow)", en: "this path does not take \(name); it takes \(allow)"))
        problem.headers[.allow] = allow
        return problem
    }
}

/// The router's paths and their methods, as patterns (`/api/v1/instances/{id}`), read once from the router.
final class RouteTable: @unchecked Sendable {
    private let lock = NSLock()
    /// Held until its routes are read (on the first miss, when all are registered), then let go.
    private var router: Router<AdminRequestContext>?
    private var patterns: [(segments: [Substring], methods: Set<HTTPRequest.Method>)]?

    /// A table over `router`'s routes, read when first asked.
    init(_ router: Router<AdminRequestContext>) {
        self.router = router
    }

    /// The methods served at `path` (HEAD included wherever GET is), or nil for a path no route has.
    func methods(for path: String) -> Set<HTTPRequest.Method>? {
        let table = patternsReadOnce()
        let segments = path.split(separator: "/")
        var methods: Set<HTTPRequest.Method>?
        for pattern in table where Self.matches(pattern.segments, segments) {
            methods = (methods ?? []).union(pattern.methods)
        }
        return methods
    }

    private func patternsReadOnce() -> [(segments: [Substring], methods: Set<HTTPRequest.Method>)] {
        lock.lock()
        defer { lock.unlock() }
        if let patterns { return patterns }
        var byPath: [String: Set<HTTPRequest.Method>] = [:]
        for route in router?.routes ?? [] { byPath[route.path.description, default: []].insert(route.method) }
        router = nil
        var built: [(segments: [Substring], methods: Set<HTTPRequest.Method>)] = []
        for (path, methods) in byPath {
            built.append((segments: path.split(separator: "/"), methods: methods.contains(.get) ? methods.union([.head]) : methods))
        }
        patterns = built
        return built
    }

    /// A pattern segment `{name}` (as the router writes a `:name` capture) or `*` matches any one segment, `**` the
    /// rest; others match themselves.
    static func matches(_ pattern: [Substring], _ segments: [Substring]) -> Bool {
        var index = 0
        for part in pattern {
            if part == "**" { return true }
            guard index < segments.count else { return false }
            let capture = part.hasPrefix(":") || (part.hasPrefix("{") && part.hasSuffix("}")) || part == "*"
            if !(capture || part == segments[index]) { return false }
            index += 1
        }
        return index == segments.count
    }
}
