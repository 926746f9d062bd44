import Foundation
import HTTPTypes
import Hummingbird
import Workflow

/// Encodes API values as JSON responses, and decodes request bodies strictly.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// Reads the whole body within the limit; invalid UTF-8 or JSON, or a non-object, is a 400 saying which.
    static func object(from request: Request, limit: Int) async throws -> [String: JSONValue] {
        var body = request.body
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw Problem(
                .contentTooLarge, code: "body-too-large", title: Bilingual(vi: "Nội dung quá lớn", en: "Content too large"),
                detail: Bilingual(vi: "nội dung yêu cầu vượt quá \(limit) byte", en: "the request body exceeds \(limit) bytes"))
        }
        let bytes = Array(buffer.readableBytesView)
        if bytes.isEmpty { return [:] }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw Problem.badRequest(Bilingual(vi: "nội dung không phải UTF-8 hợp lệ", en: "the body is not valid UTF-8"))
        }
        do {
            return try JSONDecoder().decode([String: JSONValue].self, from: Data(bytes))
        } catch {
            throw Problem.badRequest(
                Bilingual(vi: "nội dung không phải một đối tượng JSON hợp lệ: \(error.localizedDescription)", en: "the body is not a valid JSON object: \(error.localizedDescription)"))
        }
    }

    /// The fire body: `input` (object), `comment`, `legalRef`, `onBehalfOf` (strings); anything else is refused.
    static func fireBody(_ object: [String: JSONValue]) throws -> API.FireBody {
        let known: Set<String> = ["input", "comment", "legalRef", "onBehalfOf"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem.badRequest(Bilingual(vi: "trường không hỗ trợ: \"\(unknown)\"", en: "unknown field: \"\(unknown)\""))
        }
        var body = API.FireBody()
        switch object["input"] {
        case .object(let input)?: body.input = input
        case nil, .null?: break
        default: throw Problem.badRequest(Bilingual(vi: "\"input\" phải là một đối tượng", en: "\"input\" must be an object"))
        }
        func string(_ key: String) throws -> String? {
            switch object[key] {
            case .string(let value)?: return value
            case nil, .null?: return nil
            default: throw Problem.badRequest(Bilingual(vi: "\"\(key)\" phải là chuỗi", en: "\"\(key)\" must be a string"))
            }
        }
        body.comment = try string("comment")
        body.legalRef = try string("legalRef")
        body.onBehalfOf = try string("onBehalfOf")
        return body
    }
}
