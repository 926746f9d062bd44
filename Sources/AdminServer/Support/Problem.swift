import Foundation
import HTTPTypes
import Hummingbird
import LibPQ
import Logging
import Store
import Workflow

/// An RFC 9457 problem: the one shape every API error takes.
public struct Problem: Error, Sendable {
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

    static func notFound(_ detail: Bilingual) -> Problem {
        Problem(.notFound, code: "not-found", title: Bilingual(vi: "Không tìm thấy", en: "Not found"), detail: detail)
    }

    static func badRequest(_ detail: Bilingual) -> Problem {
        Problem(.badRequest, code: "bad-request", title: Bilingual(vi: "Yêu cầu không hợp lệ", en: "Bad request"), detail: detail)
    }

    static func forbidden(_ detail: Bilingual) -> Problem {
        Problem(.forbidden, code: "forbidden", title: Bilingual(vi: "Không có quyền", en: "Forbidden"), detail: detail)
    }

    /// The problem+json response in `language`.
    func response(language: ServerLanguage, instance: String, requestID: String) -> Response {
        var body: [String: Any] = [
            "type": "https://ocop.vn/problems/\(code)", "title": language == .vi ? title.vi : title.en,
            "status": Int(status.code), "detail": language == .vi ? detail.vi : detail.en, "instance": instance, "requestId": requestID,
        ]
        if !reasons.isEmpty {
            body["reasons"] = reasons.map { reason in
                ["code": reason.code.rawValue, "subject": reason.subject ?? "", "message": language == .vi ? reason.message.vi : reason.message.en]
            }
        }
        for (key, value) in extra { body[key] = value }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        var fields = headers
        fields[.contentType] = "application/problem+json; charset=utf-8"
        fields[.contentLanguage] = language.rawValue
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Problem {
    /// Translates any error into a problem, once, at the edge (STYLE §4).
    static func from(_ error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as WorkflowStoreError:
            return from(error)
        case let error as UserStoreError:
            return error.code == .notFound ? .notFound(error.message) : .badRequest(error.message)
        case let error as OCOPError:
            return from(error)
        case let error as NTMError:
            return .badRequest(Bilingual.joined([error.message] + error.problems))
        case let error as DatabaseError where error.isConnectionError || error.code == .poolTimeout:
            logger.error("database unavailable", metadata: ["error": "\(error)"])
            var problem = Problem(
                .serviceUnavailable, code: "database-unavailable", title: Bilingual(vi: "Tạm thời không phục vụ được", en: "Service unavailable"),
                detail: Bilingual(vi: "cơ sở dữ liệu không truy cập được; hãy thử lại sau", en: "the database cannot be reached; try again later"))
            problem.headers[.retryAfter] = "5"
            return problem
        case let error as HTTPError:
            let text = error.body ?? error.status.reasonPhrase
            return Problem(error.status, code: "http-\(error.status.code)", title: Bilingual(vi: error.status.reasonPhrase, en: error.status.reasonPhrase), detail: Bilingual(vi: text, en: text))
        default:
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(
                .internalServerError, code: "internal", title: Bilingual(vi: "Lỗi hệ thống", en: "Internal error"),
                detail: Bilingual(vi: "đã ghi nhận lỗi; hãy báo quản trị viên kèm mã yêu cầu", en: "the error was logged; report it with the request id"))
        }
    }

    /// A service refusal: the same explanation as the CLI, with a status by kind.
    private static func from(_ error: OCOPError) -> Problem {
        let detail = Bilingual.joined([error.message] + error.details)
        switch error.code {
        case .notFound: return .notFound(detail)
        case .badInput: return .badRequest(detail)
        case .forbidden:
            return Problem(.forbidden, code: "forbidden", title: Bilingual(vi: "Không có quyền", en: "Forbidden"), detail: detail)
        case .duplicate:
            return Problem(.conflict, code: "duplicate", title: Bilingual(vi: "Đã có hồ sơ này", en: "Duplicate"), detail: detail)
        case .wrongStage:
            return Problem(
                .unprocessableContent, code: "wrong-stage", title: Bilingual(vi: "Không thực hiện được ở giai đoạn này", en: "Not possible at this stage"),
                detail: detail)
        }
    }

    private static func from(_ error: WorkflowStoreError) -> Problem {
        switch error.code {
        case .instanceNotFound, .workflowNotFound:
            return .notFound(error.message)
        case .rejected:
            var problem = Problem(
                .unprocessableContent, code: "transition-rejected", title: Bilingual(vi: "Không thực hiện được bước này", en: "Transition rejected"),
                detail: error.message)
            problem.reasons = error.rejection?.reasons ?? []
            return problem
        case .conflict:
            var problem = Problem(
                .preconditionFailed, code: "stale-version", title: Bilingual(vi: "Hồ sơ đã thay đổi", en: "Stale version"), detail: error.message)
            problem.extra = ["currentState": error.currentState ?? "", "currentVersion": String(error.currentVersion ?? 0)]
            problem.headers[.eTag] = "\"\(error.currentVersion ?? 0)\""
            return problem
        case .idempotencyKeyReused:
            return Problem(.conflict, code: "idempotency-key-reused", title: Bilingual(vi: "Khóa chống lặp đã dùng", en: "Idempotency key reused"), detail: error.message)
        case .badInput:
            return .badRequest(error.message)
        case .definitionUnavailable:
            return Problem(.internalServerError, code: "definition-unavailable", title: Bilingual(vi: "Lỗi quy trình", en: "Workflow error"), detail: error.message)
        }
    }
}
