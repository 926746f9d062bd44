import Foundation
import HTTPTypes
import Hummingbird
import Workflow

/// A `multipart/form-data` body (RFC 7578): its text fields and its files, read within a size limit that is checked on
/// `Content-Length` before anything is read.
struct MultipartForm: Sendable {
    /// One uploaded file.
    struct File: Sendable {
        /// The form field's name.
        var field: String
        /// The file name the client sent (folders stripped by the document service).
        var fileName: String
        var content: [UInt8]
    }

    var fields: [String: String] = [:]
    var files: [File] = []

    /// Whether the request carries a multipart form.
    static func isMultipart(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
    }

    /// Reads the body; `tooLarge` makes the error for a body over `limit` (from Content-Length, or while reading).
    static func read(_ request: Request, limit: Int, tooLarge: (Int?) -> any Error) async throws -> MultipartForm {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit { throw tooLarge(declared) }
        guard let boundary = boundary(request.headers[.contentType] ?? "") else {
            throw Problem.badRequest(Bilingual(vi: "thiếu boundary của multipart/form-data", en: "multipart/form-data without a boundary"))
        }
        var body = request.body
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw tooLarge(nil)
        }
        guard let form = parse(Array(buffer.readableBytesView), boundary: boundary) else {
            throw Problem.badRequest(Bilingual(vi: "nội dung multipart/form-data không đọc được", en: "the multipart/form-data body cannot be read"))
        }
        return form
    }

    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    /// Splits the body at the boundary lines; nil when it is not a multipart body with that boundary.
    static func parse(_ bytes: [UInt8], boundary: String) -> MultipartForm? {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n\r\n".utf8)
        var form = MultipartForm()
        guard var start = find(delimiter, in: bytes, from: 0) else { return nil }
        while true {
            var cursor = start + delimiter.count
            // "--" after the delimiter ends the body.
            if cursor + 1 < bytes.count, bytes[cursor] == 0x2D, bytes[cursor + 1] == 0x2D { return form }
            guard cursor + 1 < bytes.count, bytes[cursor] == 0x0D, bytes[cursor + 1] == 0x0A else { return nil }
            cursor += 2
            guard let headerEnd = find(separator, in: bytes, from: cursor),
                let next = find(Array("\r\n".utf8) + delimiter, in: bytes, from: headerEnd + separator.count)
            else { return nil }
            let headers = String(decoding: bytes[cursor..<headerEnd], as: UTF8.self)
            let content = Array(bytes[(headerEnd + separator.count)..<next])
            var name: String?
            var fileName: String?
            for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: line)
                fileName = parameter("filename", in: line)
            }
            if let name {
                if let fileName {
                    form.files.append(File(field: name, fileName: fileName, content: content))
                } else {
                    form.fields[name] = String(decoding: content, as: UTF8.self)
                }
            }
            start = next + 2
        }
    }

    /// A `name="value"` parameter of a Content-Disposition line (quoted, with \" escapes, or bare).
    static func parameter(_ key: String, in line: String) -> String? {
        let scalars = Array(line)
        var index = 0
        while index < scalars.count {
            // Find `; key=` (the key must be a whole parameter name: "name" must not match "filename").
            if scalars[index] == ";" {
                var cursor = index + 1
                while cursor < scalars.count, scalars[cursor] == " " { cursor += 1 }
                let candidate = String(scalars[cursor..<min(scalars.count, cursor + key.count)])
                let after = cursor + key.count
                if candidate.lowercased() == key, after < scalars.count, scalars[after] == "=" {
                    cursor = after + 1
                    if cursor < scalars.count, scalars[cursor] == "\"" {
                        var value = ""
                        cursor += 1
                        while cursor < scalars.count, scalars[cursor] != "\"" {
                            if scalars[cursor] == "\\", cursor + 1 < scalars.count { cursor += 1 }
                            value.append(scalars[cursor])
                            cursor += 1
                        }
                        return value
                    }
                    var value = ""
                    while cursor < scalars.count, scalars[cursor] != ";" {
                        value.append(scalars[cursor])
                        cursor += 1
                    }
                    return value.trimmingCharacters(in: .whitespaces)
                }
            }
            index += 1
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
