import Foundation
import Logging
import HTTPTypes
import Hummingbird
import Store
import Workflow

/// Requires a valid `Authorization: Bearer` token on every `/api/v1` path — whether or not a route exists there,
/// so that an unauthenticated caller learns nothing about what exists. Failed tokens are throttled per client address
/// (``AuthThrottle``): 429 with `Retry-After` once an address failed too often.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AdminRequestContext
    let dependencies: ServerDependencies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == "/api/v1" || path.hasPrefix("/api/v1/") else { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw Problem.unauthorized(Bilingual(vi: "cần mã truy cập (Authorization: Bearer …)", en: "a token is required (Authorization: Bearer …)"))
        }
        let secret = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        // An address that failed too often is refused before the database is asked: guessing stays slow and cheap.
        let throttle = dependencies.authThrottle
        if case .throttled(let seconds) = throttle.check(address: context.clientAddress, user: nil) {
            throw Problem.tooManyFailures(retryAfter: seconds)
        }
        // Token lifetimes are wall-clock time, whatever business time the server runs at.
        let now = Date()
        let holder = try await dependencies.services.accounts.authenticate(secret: secret, now: now)
        guard let holder else {
            throttle.recordFailure(address: context.clientAddress, user: nil)
            throw Problem.unauthorized(Bilingual(vi: "mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi", en: "the token is invalid, expired or revoked"))
        }
        throttle.recordSuccess(address: context.clientAddress, user: holder.user.id)
        var context = context
        context.holder = holder
        context.logger[metadataKey: "user"] = .string(holder.user.id)
        return try await next(request, context)
    }
}
