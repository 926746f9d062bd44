import Foundation
import Hummingbird
import Workflow

/// An `application/x-www-form-urlencoded` body, read within the size limit.
enum WebForm {
    static func read(_ request: Request, limit: Int) async throws -> [String: String] {
        var body = request.body
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw Problem(
                .contentTooLarge, code: "body-too-large", title: Bilingual(vi: "Nội dung quá lớn", en: "Content too large"),
                detail: Bilingual(vi: "biểu mẫu vượt quá \(limit) byte", en: "the form exceeds \(limit) bytes"))
        }
        guard let text = String(validating: Array(buffer.readableBytesView), as: UTF8.self) else {
            throw Problem.badRequest(Bilingual(vi: "biểu mẫu không phải UTF-8 hợp lệ", en: "the form is not valid UTF-8"))
        }
        return parse(text)
    }

    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ") }
            guard let key = parts.first?.removingPercentEncoding else { continue }
            fields[key] = (parts.count > 1 ? parts[1] : "").removingPercentEncoding ?? ""
        }
        return fields
    }
}
