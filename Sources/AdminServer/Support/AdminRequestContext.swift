import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Store

/// The per-request context: who is calling (after authentication) and in which language to answer.
public struct AdminRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The token's holder, once the auth middleware accepted it.
    public var holder: TokenStore.Holder?
    /// From Accept-Language: Vietnamese unless the client prefers English.
    public var language: ServerLanguage = .vi
    /// The request id, echoed in `X-Request-ID` and every log line.
    public var requestID: String = ""
    /// The dashboard session, once the web middleware found one.
    public var session: SessionStore.Session?
    /// A POSTed form, read (and CSRF-checked) by the web middleware.
    public var form: [String: String] = [:]
    /// The files of a POSTed multipart form (dossier uploads), read with it by the web middleware.
    var uploads: [MultipartForm.File] = []
    /// Set instead of reading an upload too large to read (the body is left unread, no form, no CSRF check): the upload
    /// page renders this refusal and does nothing else.
    var uploadRefused: ServiceError?
    /// Set by the server from its configuration.
    public var bodyLimit: Int = 64 * 1024
    /// The socket peer's IP address (nil in router tests without a socket).
    public let peerAddress: String?
    /// The client's address for throttling: the peer, or from `X-Forwarded-For` when the peer is a trusted proxy (set by
    /// the edge middleware).
    public var clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
        clientAddress = peerAddress
    }

    public var maxUploadSize: Int { bodyLimit }

    /// Request bodies: within the body limit, refused with a problem that says what is wrong.
    public var requestDecoder: some RequestDecoder { APIRequestDecoder() }

    /// Responses: stable key order, ISO 8601 dates.
    public var responseEncoder: JSONEncoder { JSONResponse.encoder }
}

/// The two languages the API answers in.
public enum ServerLanguage: String, Sendable {
    case vi, en

    /// The first of vi/en the Accept-Language header names (by order, ignoring weights); vi by default.
    static func negotiate(_ header: String?) -> ServerLanguage {
        guard let header else { return .vi }
        for part in header.split(separator: ",") {
            let tag = part.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            if tag.hasPrefix("vi") { return .vi }
            if tag.hasPrefix("en") { return .en }
        }
        return .vi
    }
}
