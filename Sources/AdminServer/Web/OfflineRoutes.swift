import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store
import Workflow

/// The dashboard as an installable app that works with no connection (issue 14):
///
/// - `/app.webmanifest`, `/sw.js` (the service worker, scope `/`), `/offline/app.js` (the queue, the sync and the
///   status bar), `/offline/icon.svg` — public files (``OfflineAssets``);
/// - `GET /offline/pages`: the field pages worth keeping on the device for the signed-in officer (records in their
///   scope where a field step is open, and the NTM field forms);
/// - `POST /offline/sync`: one queued entry, as JSON, for the session — through ``Services/syncFieldEntry(_:as:at:)``,
///   the one use case (scope, versions, idempotency and `late_entry` are decided there, as at every door).
struct OfflineRoutes {
    let dependencies: ServerDependencies

    static let syncPath = "/offline/sync"
    /// The session as the queue needs it before a sync: the user and a fresh CSRF token (a page kept on the device
    /// may hold an older one).
    static let sessionPath = "/offline/session"
    static let publicPaths: Set<String> = ["/app.webmanifest", "/sw.js", "/offline/app.js", "/offline/icon.svg"]
    /// The workflow steps taken in the field: their forms are queued when there is no connection.
    static let fieldEvents: Set<String> = ["survey", "field_check"]
    /// The states where those steps are open (the records whose pages are kept on the device).
    static let fieldStates: [(workflow: String, state: String)] = [("product_idea", "SUBMITTED"), ("ocop_product", "DOSSIER_VALID")]
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    func register(on router: Router<AdminRequestContext>) {
        router.get("/app.webmanifest") { _, context in Self.file(OfflineAssets.manifest(context.language), type: "application/manifest+json") }
        router.get("/sw.js") { _, _ in
            var response = Self.file(OfflineAssets.serviceWorker, type: "text/javascript; charset=utf-8")
            // The worker lives at the root, so its scope is the whole dashboard; said explicitly for proxies that move it.
            response.headers[HTTPField.Name("Service-Worker-Allowed")!] = "/"
            return response
        }
        router.get("/offline/app.js") { _, _ in Self.file(OfflineAssets.script, type: "text/javascript; charset=utf-8") }
        router.get("/offline/icon.svg") { _, _ in Self.file(OfflineAssets.icon, type: "image/svg+xml") }
        router.get("/offline/pages") { _, context in try await pages(context) }
        router.post(.init(stringLiteral: Self.syncPath)) { request, context in try await sync(request, context) }
        router.get(.init(stringLiteral: Self.sessionPath)) { _, context -> Response in
            guard let session = context.session else { throw Problem.unauthorized(Bilingual(vi: "cần đăng nhập", en: "sign in first")) }
            let body = "{\"user\":\(Problem.quoted(session.holder.user.id)),\"csrf\":\(Problem.quoted(session.csrf)),\"language\":\"\(context.language.rawValue)\"}"
            return Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        FieldPages(dependencies: dependencies).register(on: router)
    }

    /// A static file: revalidated on every fetch (`no-cache`), so a new server version reaches the devices; the
    /// service worker keeps its own copy for offline use.
    static func file(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache", HTTPField.Name("X-Content-Type-Options")!: "nosniff"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: - Pages to keep

    struct PageList: ResponseEncodable, Codable {
        var user: String
        var pages: [String]
    }

    func pages(_ context: AdminRequestContext) async throws -> PageList {
        guard let session = context.session else { throw Problem.unauthorized(Bilingual(vi: "cần đăng nhập", en: "sign in first")) }
        let caller = Caller(session.holder.user.id)
        var pages = ["/pipeline", FieldPages.path]
        for (workflow, state) in Self.fieldStates {
            let filter = WorkflowStore.ListFilter(workflow: workflow, state: state, limit: 50)
            let found = try await dependencies.services.workflows.list(filter, as: caller, at: dependencies.now()).items
            pages += found.map { "/instances/\($0.record.id)" }
        }
        return PageList(user: session.holder.user.id, pages: pages)
    }

    // MARK: - Sync

    /// A queued entry as the device sends it.
    struct SyncBody: Decodable {
        var key: String
        var kind: String
        var record: Int64?
        var event: String?
        var version: Int?
        var input: [String: JSONValue]?
        var comment: String?
        /// ISO 8601 with its offset, e.g. `2026-12-02T09:15:00+07:00`.
        var businessTime: String
        var user: String
    }

    /// The answer: `applied`, `replayed` or `conflict` (with the record as it is now).
    struct SyncAnswer: ResponseEncodable, Codable {
        var outcome: String
        var version: Int?
        var code: String?
        var message: String?
        var current: Current?

        struct Current: Codable {
            var state: String?
            var stateLabel: String?
            var version: Int?
            var changedBy: String?
            var event: String?
            var changedAt: Date?
            /// `dd/mm/yyyy HH:mm` in Vietnam's time.
            var changedAtText: String?
        }
    }

    func sync(_ request: Request, _ context: AdminRequestContext) async throws -> EditedResponse<SyncAnswer> {
        guard let session = context.session else { throw Problem.unauthorized(Bilingual(vi: "cần đăng nhập", en: "sign in first")) }
        let body = try await request.decode(as: SyncBody.self, context: context)
        guard let kind = FieldEntry.Kind(rawValue: body.kind) else {
            let kinds = FieldEntry.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw Problem.badRequest(
                Bilingual(vi: "\"kind\" phải là một trong: \(kinds) (không phải \"\(body.kind)\")", en: "\"kind\" must be one of: \(kinds) (not \"\(body.kind)\")"))
        }
        guard let businessTime = Self.instant(body.businessTime) else {
            throw Problem.badRequest(
                Bilingual(
                    vi: "\"businessTime\" phải là thời điểm ISO 8601 có múi giờ, ví dụ 2026-12-02T09:15:00+07:00 (không phải \"\(body.businessTime.prefix(40))\")",
                    en: "\"businessTime\" must be an ISO 8601 instant with its offset, e.g. 2026-12-02T09:15:00+07:00 (not \"\(body.businessTime.prefix(40))\")"))
        }
        let entry = FieldEntry(
            key: body.key, kind: kind, recordID: body.record, event: body.event, expectedVersion: body.version, input: body.input ?? [:],
            comment: body.comment.flatMap { $0.isEmpty ? nil : $0 }, businessTime: businessTime, user: body.user)
        let outcome = try await dependencies.services.syncFieldEntry(entry, as: Caller(session.holder.user.id), at: dependencies.now())
        let language = context.language
        switch outcome {
        case .applied(let version):
            return EditedResponse(status: .ok, response: SyncAnswer(outcome: "applied", version: version))
        case .replayed(let version):
            return EditedResponse(status: .ok, response: SyncAnswer(outcome: "replayed", version: version))
        case .conflict(let conflict):
            let pick = { (text: Bilingual) in language == .vi ? text.vi : text.en }
            let current = SyncAnswer.Current(
                state: conflict.currentState, stateLabel: conflict.currentStateLabel.map(pick), version: conflict.currentVersion,
                changedBy: conflict.lastChangedBy, event: conflict.lastEvent, changedAt: conflict.lastChangedAt,
                changedAtText: conflict.lastChangedAt.map(WebRoutes.time))
            return EditedResponse(
                status: .conflict,
                response: SyncAnswer(outcome: "conflict", version: conflict.currentVersion, code: conflict.code, message: pick(conflict.message), current: current))
        }
    }

    /// `2026-12-02T09:15:00+07:00`, with or without fractional seconds, or with `Z`.
    static func instant(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    // MARK: - The session for the sync

    /// Before the sync route: the session of the cookie (none: 401 as JSON, so the queue says "sign in again" and
    /// keeps its entries — never a redirect to an HTML page), the site check and the CSRF token from `X-CSRF-Token`.
    static func guardSync(
        _ request: Request, context: AdminRequestContext, dependencies: ServerDependencies,
        next: (Request, AdminRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let cookie = request.cookies[WebSessionMiddleware.cookieName]?.value {
            context.session = try await dependencies.services.accounts.session(cookie: cookie, now: Date())
        }
        guard let session = context.session else {
            var problem = Problem.unauthorized(
                Bilingual(vi: "phiên đăng nhập đã hết hạn hoặc đã đăng xuất; hãy đăng nhập lại", en: "the session expired or was signed out; sign in again"))
            problem.extra["outcome"] = "signedOut"
            throw problem
        }
        context.holder = session.holder
        context.language = ServerLanguage(rawValue: session.holder.user.language) ?? context.language
        context.logger[metadataKey: "user"] = .string(session.holder.user.id)
        if request.method == .post {
            try WebSessionMiddleware.checkOrigin(request)
            guard let token = request.headers[csrfHeader], WebSessionMiddleware.constantTimeEqual(token, session.csrf) else {
                throw Problem.forbidden(
                    Bilingual(vi: "phiên biểu mẫu không hợp lệ (CSRF); hãy tải lại trang", en: "invalid form session (CSRF); reload the page"))
            }
        }
        return try await next(request, context)
    }
}
