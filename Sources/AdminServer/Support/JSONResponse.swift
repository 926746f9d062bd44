import Foundation
import HTTPTypes
import Hummingbird
import Workflow

/// The API's JSON coding, as Hummingbird's request decoder and response encoder: stable key order and ISO 8601 dates
/// out; in, bodies read within the size limit and refused with a problem that says what is wrong (not UTF-8, not a
/// JSON object, a field of the wrong type or unknown).
enum JSONResponse {
    /// The response encoder (`AdminRequestContext.responseEncoder`).
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

/// Decodes request bodies for `request.decode(as:context:)`: an empty body reads as `{}`; a body that says it is not
/// JSON (`Content-Type` other than `application/json` or `…+json`) is refused with 415 before it is read.
struct APIRequestDecoder: RequestDecoder {
    func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        if let contentType = request.headers[.contentType], !Self.isJSON(contentType) {
            var problem = Problem(
                .unsupportedMediaType, code: "unsupported-media-type", title: Bilingual(vi: "Kiểu nội dung không được hỗ trợ", en: "Unsupported media type"),
                detail: Bilingual(
                    vi: "nội dung phải là JSON (Content-Type: application/json), không phải \"\(contentType.prefix(60))\"",
                    en: "the body must be JSON (Content-Type: application/json), not \"\(contentType.prefix(60))\""))
            throw problem
        }
        let limit = context.maxUploadSize
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw Problem(
                .contentTooLarge, code: "body-too-large", title: Bilingual(vi: "Nội dung quá lớn", en: "Content too large"),
                detail: Bilingual(vi: "nội dung yêu cầu vượt quá \(limit) byte", en: "the request body exceeds \(limit) bytes"))
        }
        var bytes = Array(buffer.readableBytesView)
        if bytes.isEmpty { bytes = Array("{}".utf8) }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw Problem.badRequest(Bilingual(vi: "nội dung không phải UTF-8 hợp lệ", en: "the body is not valid UTF-8"))
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw Problem.badRequest(
                Bilingual(
                    vi: "nội dung không phải một đối tượng JSON hợp lệ: \(error.localizedDescription)",
                    en: "the body is not a valid JSON object: \(error.localizedDescription)"))
        }
    }
}

extension APIRequestDecoder {
    /// `application/json`, or a `+json` type, with any parameters (`; charset=utf-8`).
    static func isJSON(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }
}

extension API.FireBody: Decodable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// `input` (object), `comment`, `legalRef`, `onBehalfOf` (strings); anything else is refused by name.
    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: Key.self)
        let known: Set<String> = ["input", "comment", "legalRef", "onBehalfOf"]
        if let unknown = object.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            throw Problem.badRequest(Bilingual(vi: "trường không hỗ trợ: \"\(unknown)\"", en: "unknown field: \"\(unknown)\""))
        }
        switch try object.decodeIfPresent(JSONValue.self, forKey: Key(stringValue: "input")) {
        case .object(let input)?: self.input = input
        case nil, .null?: self.input = [:]
        default: throw Problem.badRequest(Bilingual(vi: "\"input\" phải là một đối tượng", en: "\"input\" must be an object"))
        }
        func string(_ key: String) throws -> String? {
            switch try object.decodeIfPresent(JSONValue.self, forKey: Key(stringValue: key)) {
            case .string(let value)?: return value
            case nil, .null?: return nil
            default: throw Problem.badRequest(Bilingual(vi: "\"\(key)\" phải là chuỗi", en: "\"\(key)\" must be a string"))
            }
        }
        comment = try string("comment")
        legalRef = try string("legalRef")
        onBehalfOf = try string("onBehalfOf")
    }
}

extension API.Instance: ResponseEncodable {}
extension API.Page: ResponseEncodable {}
extension API.Fired: ResponseEncodable {}
