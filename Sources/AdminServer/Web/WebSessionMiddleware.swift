import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store
import Workflow

/// For the dashboard's pages: finds the session of the `ocop_session` cookie; pages need one (else a redirect to
/// the sign-in page), and every POST must carry the session's CSRF token and come from this site.
struct WebSessionMiddleware: RouterMiddleware {
    typealias Context = AdminRequestContext
    let dependencies: ServerDependencies
    static let cookieName = "ocop_session"
    /// Paths for machines (no session, answers as JSON or text).
    static let machinePaths: Set<String> = ["/healthz", "/readyz", "/metrics", "/openapi.yaml"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/api/") || path == "/api" || Self.machinePaths.contains(path) { return try await next(request, context) }
        // The installable app's files (manifest, service worker, script, icon): public, cached by the browser.
        if OfflineRoutes.publicPaths.contains(path) { return try await next(request, context) }
        // The offline queue's sync: JSON in, JSON out, for the session (CSRF token in a header).
        if path == OfflineRoutes.syncPath || path == OfflineRoutes.sessionPath { return try await OfflineRoutes.guardSync(request, context: context, dependencies: dependencies, next: next) }
        // Dashboard pages answer errors with a page in the user's language, not problem+json.
        var context = context
        do {
            if path == "/sign-in" { return try await next(request, context) }
            if let cookie = request.cookies[Self.cookieName]?.value {
                let now = Date()
                context.session = try await dependencies.services.accounts.session(cookie: cookie, now: now)
            }
            guard let session = context.session else {
                return Response(status: .seeOther, headers: [.location: "/sign-in"])
            }
            context.holder = session.holder
            // The user's saved language, whatever the browser asks for.
            context.language = ServerLanguage(rawValue: session.holder.user.language) ?? context.language
            context.logger[metadataKey: "user"] = .string(session.holder.user.id)
            if request.method == .post {
                try Self.checkOrigin(request)
                var form: [String: String]
                if MultipartForm.isMultipart(request), let documents = dependencies.services.documents, Self.isUpload(path),
                    let declared = request.headers[.contentLength].flatMap(Int.init), declared > documents.maxBytes + DocumentRoutes.formOverhead
                {
                    // Too large to read: the upload page only shows why (in the page, not a JSON error), and changes nothing.
                    context.uploadRefused = documents.tooLarge(size: declared - DocumentRoutes.formOverhead, fileName: "file")
                    return try await next(request, context)
                }
                if MultipartForm.isMultipart(request), let documents = dependencies.services.documents {
                    // A file upload (the dossier's): its own limit, the file's plus the form's overhead.
                    let multipart = try await MultipartForm.read(request, limit: documents.maxBytes + DocumentRoutes.formOverhead) { declared in
                        documents.tooLarge(size: declared.map { max($0 - DocumentRoutes.formOverhead, documents.maxBytes + 1) }, fileName: "file")
                    }
                    form = multipart.fields
                    context.uploads = multipart.files
                } else {
                    form = try await WebForm.read(request, limit: context.bodyLimit)
                }
                guard let token = form["csrf"], Self.constantTimeEqual(token, session.csrf) else {
                    throw Problem.forbidden(Bilingual(vi: "phiên biểu mẫu không hợp lệ (CSRF); hãy tải lại trang", en: "invalid form session (CSRF); reload the page"))
                }
                context.form = form
            }
            // A temporary password is changed before anything else.
            if session.mustChangePassword, !["/account", "/account/password", "/sign-out"].contains(path) {
                return Response(status: .seeOther, headers: [.location: "/account"])
            }
            return try await next(request, context)
        } catch {
            return errorPage(Problem.from(error, logger: context.logger), request: request, context: context)
        }
    }

    /// A problem as a dashboard page: its title and detail in the user's language, the status kept.
    func errorPage(_ problem: Problem, request: Request, context: Context) -> Response {
        let language = context.language
        var response = WebRoutes(dependencies: dependencies).page(
            "error", title: language == .vi ? problem.title.vi : problem.title.en,
            body: [
                "heading": language == .vi ? problem.title.vi : problem.title.en, "detail": language == .vi ? problem.detail.vi : problem.detail.en,
                "requestID": context.requestID,
            ], request: request, context: context)
        response.status = problem.status
        for field in problem.headers where field.name != .wwwAuthenticate { response.headers.append(field) }
        return response
    }

    /// The dashboard's upload path, `/instances/{id}/documents` — the one route that reads ``AdminRequestContext/uploadRefused``.
    static func isUpload(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        return parts.count == 3 && parts[0] == "instances" && Int64(parts[1]) != nil && parts[2] == "documents"
    }

    /// A POST with an Origin or Referer from another site is refused (besides SameSite=Strict and the CSRF token).
    static func checkOrigin(_ request: Request) throws {
        guard let host = request.head.authority else { return }
        for field in [HTTPField.Name.origin, .referer] {
            guard let value = request.headers[field] else { continue }
            // `Origin: null` (sandboxed frames, data: URLs, some redirects) or anything that names no host is not this site.
            guard let url = URL(string: value), let origin = url.host, !origin.isEmpty else {
                throw Problem.forbidden(Bilingual(vi: "yêu cầu đến từ trang khác", en: "cross-site request refused"))
            }
            let port = url.port.map { ":\($0)" } ?? ""
            if origin + port != host && origin != host {
                throw Problem.forbidden(Bilingual(vi: "yêu cầu đến từ trang khác", en: "cross-site request refused"))
            }
        }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
