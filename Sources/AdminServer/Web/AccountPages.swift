import Foundation
import HTTPTypes
import Hummingbird
import Store
import Workflow

/// Signing in and out (user name and password; a token for those who have one), changing one's password and saved
/// language, and an officer's page of the producers whose passwords they may reset. The rules are AccountService's.
struct AccountPages {
    let dependencies: ServerDependencies

    func register(on router: Router<AdminRequestContext>) {
        router.get("/sign-in") { request, context in signInPage(request, context) }
        router.post("/sign-in") { request, context in try await signIn(request, context) }
        router.post("/sign-out") { request, context in try await signOut(request, context) }
        router.get("/account") { request, context in try await account(request, context) }
        router.post("/account/password") { request, context in try await changePassword(request, context) }
        router.post("/account/language") { request, context in try await changeLanguage(request, context) }
        router.get("/users") { request, context in try await users(request, context) }
        router.post("/users/:id/password-reset") { request, context in try await reset(request, context) }
    }

    private var web: WebRoutes { WebRoutes(dependencies: dependencies) }

    // MARK: - Sign in and out

    func signInPage(_ request: Request, _ context: AdminRequestContext, flash: [String: String]? = nil, user: String = "") -> Response {
        web.page("signIn", title: WebText.table(context.language)["signIn"] ?? "OCOP", body: ["userName": user], request: request, context: context, flash: flash)
    }

    func signIn(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try WebSessionMiddleware.checkOrigin(request)
        let form = try await WebForm.read(request, limit: context.bodyLimit)
        let words = WebText.table(context.language)
        // Sessions and lockouts run on the wall clock (as the session middleware reads them), not on business time.
        let now = Date()
        let cookie: String
        let session: SessionStore.Session
        // Failed sign-ins are throttled per client address (the server's AuthThrottle), before any database work; per
        // user name, the account's own lockout (AccountService) holds — across servers, and an officer's reset lifts it.
        let throttle = dependencies.authThrottle
        let typedUser: String? = nil
        if case .throttled(let seconds) = throttle.check(address: context.clientAddress, user: typedUser) {
            let minutes = (seconds + 59) / 60
            let text = context.language == .vi
                ? "Đăng nhập sai quá nhiều lần; đã tạm khóa. Hãy thử lại sau \(minutes) phút."
                : "Too many failed sign-ins; locked for now. Try again in \(minutes) minute(s)."
            var response = refused(request, context, text: text, user: form["user"] ?? "")
            response.status = .tooManyRequests
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        if let secret = form["token"]?.trimmingCharacters(in: .whitespacesAndNewlines), !secret.isEmpty {
            guard let opened = try await dependencies.services.accounts.openSession(secret: secret, lifetime: WebRoutes.sessionLifetime, now: now) else {
                throttle.recordFailure(address: context.clientAddress, user: nil)
                return refused(request, context, text: words["badSignIn"] ?? "", user: "")
            }
            (cookie, session) = opened
        } else {
            let name = form["user"] ?? ""
            switch try await dependencies.services.accounts.signIn(
                user: name, password: form["password"] ?? "", lifetime: WebRoutes.sessionLifetime, now: now)
            {
            case .refused:
                throttle.recordFailure(address: context.clientAddress, user: typedUser)
                return refused(request, context, text: words["badPassword"] ?? "", user: name)
            case .locked(let until):
                let text = (words["locked"] ?? "").replacingOccurrences(of: "{time}", with: WebRoutes.time(until))
                var response = refused(request, context, text: text, user: name)
                response.status = .tooManyRequests
                response.headers[.retryAfter] = String(max(1, Int(until.timeIntervalSince(now).rounded(.up))))
                return response
            case .opened(let value, let opened):
                throttle.recordSuccess(address: context.clientAddress, user: typedUser)
                (cookie, session) = (value, opened)
            }
        }
        let target = session.mustChangePassword ? "/account" : "/pipeline"
        return Response(status: .seeOther, headers: [.location: target, .setCookie: Self.cookie(cookie, request: request)])
    }

    private func refused(_ request: Request, _ context: AdminRequestContext, text: String, user: String) -> Response {
        var response = signInPage(request, context, flash: ["kind": "error", "text": text], user: user)
        response.status = .unauthorized
        return response
    }

    func signOut(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        if let cookie = request.cookies[WebSessionMiddleware.cookieName]?.value {
            try await dependencies.services.accounts.closeSession(cookie: cookie, now: Date())
        }
        return Response(status: .seeOther, headers: [.location: "/sign-in", .setCookie: Self.cookie("", request: request, maxAge: 0)])
    }

    /// The session cookie: HttpOnly, SameSite=Strict, and Secure when the page was reached over HTTPS (directly or
    /// through a proxy that says so with `X-Forwarded-Proto: https` or `Forwarded: proto=https`).
    static func cookie(_ value: String, request: Request, maxAge: Int64 = WebRoutes.sessionLifetime.components.seconds) -> String {
        var cookie = "\(WebSessionMiddleware.cookieName)=\(value); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)"
        if isHTTPS(request) { cookie += "; Secure" }
        return cookie
    }

    static func isHTTPS(_ request: Request) -> Bool {
        if request.head.scheme == "https" { return true }
        if let proto = request.headers[HTTPField.Name("X-Forwarded-Proto")!], proto.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https" {
            return true
        }
        if let forwarded = request.headers[HTTPField.Name("Forwarded")!] {
            let first = forwarded.split(separator: ",").first ?? ""
            return first.split(separator: ";").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "proto=https" }
        }
        return false
    }

    // MARK: - One's account

    func account(_ request: Request, _ context: AdminRequestContext, flash: [String: String]? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let session = try web.session(context)
        let user = session.holder.user
        let words = WebText.table(context.language)
        let changes = try await dependencies.services.accounts.passwordChanges(of: user.id, by: user.id).suffix(5).reversed().map { entry -> [String: String] in
            ["when": WebRoutes.time(entry.at), "what": words["pw_" + entry.change] ?? entry.change, "by": entry.by]
        }
        var notice = flash
        if notice == nil, session.mustChangePassword { notice = ["kind": "error", "text": words["mustChange"] ?? ""] }
        var response = web.page(
            "account", title: words["account"] ?? "",
            body: [
                "userID": user.id, "name": user.name, "vi": user.language == "vi", "en": user.language == "en", "changes": changes,
                "hasChanges": !changes.isEmpty, "viaToken": session.holder.tokenID != nil,
            ], request: request, context: context, flash: notice)
        response.status = status
        return response
    }

    func changePassword(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try web.session(context)
        let form = context.form
        let words = WebText.table(context.language)
        let new = form["new"] ?? ""
        guard new == (form["repeat"] ?? "") else {
            return try await account(request, context, flash: ["kind": "error", "text": words["notSame"] ?? ""], status: .badRequest)
        }
        let refusal: ServiceError?
        do {
            try await dependencies.services.accounts.changePassword(
                of: session.holder.user.id, current: form["current"] ?? "", new: new, keepingSession: session.idHash, now: Date())
            refusal = nil
        } catch {
            guard error.kind == .badInput || error.kind == .forbidden else { throw error }
            refusal = error
        }
        if let refusal {
            let text = context.language == .vi ? refusal.message.vi : refusal.message.en
            return try await account(request, context, flash: ["kind": "error", "text": text], status: refusal.kind == .badInput ? .badRequest : .forbidden)
        }
        var context = context
        context.session?.mustChangePassword = false
        return try await account(request, context, flash: ["kind": "ok", "text": words["passwordChanged"] ?? ""])
    }

    func changeLanguage(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try web.session(context)
        let language = context.form["language"] ?? ""
        try await dependencies.services.accounts.setLanguage(of: session.holder.user.id, to: language, by: session.holder.user.id)
        return Response(status: .seeOther, headers: [.location: "/account"])
    }

    // MARK: - Officers: the producers whose passwords they reset

    func users(_ request: Request, _ context: AdminRequestContext, flash: [String: String]? = nil) async throws -> Response {
        let session = try web.session(context)
        let words = WebText.table(context.language)
        let rows = try await dependencies.services.accounts.passwordManaged(by: session.holder.user.id).map { entry -> [String: Any] in
            [
                "id": entry.user.id, "name": entry.user.name,
                "state": entry.lockedUntil.map { (words["lockedUntil"] ?? "") + " " + WebRoutes.time($0) }
                    ?? (entry.hasPassword ? words["hasPassword"] ?? "" : words["noPassword"] ?? ""),
            ]
        }
        return web.page("users", title: words["users"] ?? "", body: ["users": rows, "hasUsers": !rows.isEmpty], request: request, context: context, flash: flash)
    }

    func reset(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try web.session(context)
        guard let userID = context.parameters.get("id") else { throw Problem.notFound(Bilingual(vi: "không có người dùng", en: "no such user")) }
        let temporary = try await dependencies.services.accounts.resetPassword(of: userID, by: session.holder.user.id, now: Date())
        let words = WebText.table(context.language)
        let text = (words["resetDone"] ?? "").replacingOccurrences(of: "{user}", with: userID).replacingOccurrences(of: "{password}", with: temporary)
        return try await users(request, context, flash: ["kind": "ok", "text": text])
    }
}
