import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store
import Workflow

/// An RFC 9457 problem: the one shape every API error takes — Hummingbird's `HTTPResponseError`, answered in the
/// request's language with its id.
public struct Problem: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable code, also the last part of `type`.
    public var code: String
    /// A short title in both languages.
    public var title: Bilingual
    /// What happened to this request, in both languages.
    public var detail: Bilingual
    /// Each unmet condition of a rejected event.
    public var reasons: [Rejection.Reason] = []
    /// Extra members (current state and version of a conflict).
    public var extra: [String: String] = [:]
    /// Extra response headers.
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, code: String, title: Bilingual, detail: Bilingual) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
    }

    static func unauthorized(_ detail: Bilingual) -> Problem {
        var problem = Problem(.unauthorized, code: "unauthorized", title: Bilingual(vi: "Chưa xác thực", en: "Unauthorized"), detail: detail)
        problem.headers[.wwwAuthenticate] = "Bearer realm=\"ocop\""
        return problem
    }

    /// 429 with `Retry-After`: too many failed authentications from this address (or for this user name).
    static func tooManyFailures(retryAfter seconds: Int) -> Problem {
        var problem = Problem(
            .tooManyRequests, code: "too-many-failed-authentications", title: Bilingual(vi: "Quá nhiều lần xác thực sai", en: "Too many failed authentications"),
            detail: Bilingual(
                vi: "quá nhiều lần xác thực không thành công; hãy thử lại sau \(seconds) giây", en: "too many failed authentications; try again in \(seconds) seconds"))
        problem.headers[.retryAfter] = String(seconds)
        return problem
    }

    static func notFound(_ detail: Bilingual) -> Problem {
        Problem(.notFound, code: "not-found", title: Bilingual(vi: "Không tìm thấy", en: "Not found"), detail: detail)
    }

    static func badRequest(_ detail: Bilingual) -> Problem {
        Problem(.badRequest, code: "bad-request", title: Bilingual(vi: "Yêu cầu không hợp lệ", en: "Bad request"), detail: detail)
    }

    static func forbidden(_ detail: Bilingual) -> Problem {
        Problem(.forbidden, code: "forbidden", title: Bilingual(vi: "Không có quyền", en: "Forbidden"), detail: detail)
    }

    /// The problem+json response for a request (its language and id from the ``AdminRequestContext``).
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let admin = context as? AdminRequestContext
        return response(language: admin?.language ?? .vi, instance: request.uri.path, requestID: admin?.requestID ?? "")
    }

    /// The problem+json response in `language`.
    func response(language: ServerLanguage, instance: String, requestID: String) -> Response {
        var fields = headers
        fields[.contentType] = "application/problem+json; charset=utf-8"
        fields[.contentLanguage] = language.rawValue
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: json(language: language, instance: instance, requestID: requestID))))
    }

    /// The body, keys sorted, written directly: error answers are the cheap path under a flood of bad requests, and
    /// `JSONSerialization` costs more than the rest of such an answer.
    func json(language: ServerLanguage, instance: String, requestID: String) -> String {
        var members: [(String, String)] = [
            ("type", Self.quoted("https://ocop.vn/problems/\(code)")), ("title", Self.quoted(language == .vi ? title.vi : title.en)),
            ("status", String(status.code)), ("detail", Self.quoted(language == .vi ? detail.vi : detail.en)),
            ("instance", Self.quoted(instance)), ("requestId", Self.quoted(requestID)),
        ]
        if !reasons.isEmpty {
            let items = reasons.map { reason in
                "{\"code\":\(Self.quoted(reason.code.rawValue)),\"message\":\(Self.quoted(language == .vi ? reason.message.vi : reason.message.en)),"
                    + "\"subject\":\(Self.quoted(reason.subject ?? ""))}"
            }
            members.append(("reasons", "[" + items.joined(separator: ",") + "]"))
        }
        for (key, value) in extra where !members.contains(where: { $0.0 == key }) { members.append((key, Self.quoted(value))) }
        return "{" + members.sorted { $0.0 < $1.0 }.map { "\(Self.quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A JSON string literal (RFC 8259 escapes; `/` left as is).
    static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension Problem {
    /// Translates any error into a problem, once, at the edge (STYLE §4): the service's one error type by its kind.
    static func from(_ error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as HTTPError:
            let text = error.body ?? error.status.reasonPhrase
            return Problem(error.status, code: "http-\(error.status.code)", title: Bilingual(vi: error.status.reasonPhrase, en: error.status.reasonPhrase), detail: Bilingual(vi: text, en: text))
        default:
            return from(ServiceError(error), logger: logger)
        }
    }

    /// The status and title of each kind of service error — the API's half of the one mapping table.
    static func from(_ error: ServiceError, logger: Logger) -> Problem {
        let (status, title): (HTTPResponse.Status, Bilingual) =
            switch error.kind {
            case .badInput: (.badRequest, Bilingual(vi: "Yêu cầu không hợp lệ", en: "Bad request"))
            case .unauthenticated: (.unauthorized, Bilingual(vi: "Chưa xác thực", en: "Unauthorized"))
            case .forbidden: (.forbidden, Bilingual(vi: "Không có quyền", en: "Forbidden"))
            case .notFound: (.notFound, Bilingual(vi: "Không tìm thấy", en: "Not found"))
            case .rejected: (.unprocessableContent, Bilingual(vi: "Không thực hiện được bước này", en: "Transition rejected"))
            case .staleVersion: (.preconditionFailed, Bilingual(vi: "Hồ sơ đã thay đổi", en: "Stale version"))
            case .conflict: (.conflict, Bilingual(vi: "Xung đột", en: "Conflict"))
            case .unavailable: (.serviceUnavailable, Bilingual(vi: "Tạm thời không phục vụ được", en: "Service unavailable"))
            case .internal: (.internalServerError, Bilingual(vi: "Lỗi hệ thống", en: "Internal error"))
            }
        // An oversized upload is bad input everywhere, and 413 over HTTP.
        let tooLarge = error.code == DocumentService.tooLargeCode
        var detail = error.fullMessage
        switch error.kind {
        case .unavailable:
            logger.error("database unavailable", metadata: ["error": "\(error.underlying ?? error.description)"])
        case .internal:
            logger.error("unexpected error", metadata: ["error": "\(error.underlying ?? error.description)"])
            detail = Bilingual(vi: "đã ghi nhận lỗi; hãy báo quản trị viên kèm mã yêu cầu", en: "the error was logged; report it with the request id")
        default:
            break
        }
        if let rejection = error.rejection { detail = rejection.message }
        var problem = Problem(
            tooLarge ? .contentTooLarge : status, code: error.code,
            title: tooLarge ? Bilingual(vi: "Tệp quá lớn", en: "File too large") : title, detail: detail)
        problem.reasons = error.reasons
        if let parameter = error.parameter { problem.extra["parameter"] = parameter }
        switch error.kind {
        case .unauthenticated:
            problem.headers[.wwwAuthenticate] = "Bearer realm=\"ocop\""
        case .staleVersion:
            problem.extra["currentState"] = error.currentState ?? ""
            problem.extra["currentVersion"] = String(error.currentVersion ?? 0)
            problem.headers[.eTag] = "\"\(error.currentVersion ?? 0)\""
        case .unavailable:
            problem.headers[.retryAfter] = "5"
        default:
            break
        }
        return problem
    }
}
