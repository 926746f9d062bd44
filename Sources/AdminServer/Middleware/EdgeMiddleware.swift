import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The outermost layer: gives each request an id (echoed in `X-Request-ID` and put in every log line), picks the
/// answer language, applies the body limit, and turns every error into a problem+json response — once, here.
struct EdgeMiddleware: RouterMiddleware {
    typealias Context = AdminRequestContext
    let bodyLimit: Int
    var requestLog: RequestLog = .all
    /// Proxies whose `X-Forwarded-For` names the client (``ClientAddress``).
    var trustedProxies: Set<String> = []
    /// Requests seen, for sampling.
    let sequence = RequestCounter()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let incoming = request.headers[.requestID].flatMap { $0.count <= 64 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } ? $0 : nil }
        context.requestID = incoming ?? UUID().uuidString.lowercased()
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        context.language = ServerLanguage.negotiate(request.headers[.acceptLanguage])
        context.bodyLimit = bodyLimit
        context.clientAddress = ClientAddress.resolve(
            peer: context.peerAddress, forwardedFor: request.headers[.xForwardedFor], trusted: trustedProxies)
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = try Problem.from(error, logger: context.logger).response(from: request, context: context)
        }
        response.headers[.requestID] = context.requestID
        // CONNECT would turn the connection into a tunnel: answered, then closed (``ConnectCloser``).
        if request.method == .connect { response.headers[.connection] = "close" }
        let elapsed = ContinuousClock.now - started
        // A server error is always logged, at error level, whatever the request log mode; the rest as the mode says.
        let status = response.status.code
        if status >= 500 || requestLog.logs(status: status, sequence: sequence.next()) {
            context.logger.log(
                level: status >= 500 ? .error : .info, "request",
                metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(response.status.code)", "duration": "\(elapsed)"])
        }
        return response
    }
}

/// A counter shared by the server's request handlers.
final class RequestCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value: UInt64 = 0
    func next() -> UInt64 { lock.withLock { value &+= 1; return value } }
}

extension HTTPField.Name {
    /// `X-Request-ID`.
    static let requestID = HTTPField.Name("X-Request-ID")!
    /// `Idempotency-Key`.
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    /// `X-Forwarded-For`.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
