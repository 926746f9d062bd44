import Foundation
import Store

/// Reads a file given to an import command (`ocop ntm import`, `ocop score import`): the same answers for both — a
/// missing or unreadable file is "not found" (exit 3); one above the size or row limit, or not UTF-8, is bad input
/// (exit 6), as is a file with bad rows — and the size is checked before the file is read.
enum ImportFile {
    static func text(_ path: String) throws -> String {
        let unreadable = CommandError.notFound(vi: "không đọc được tệp \(path)", en: "cannot read \(path)")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), (attributes[.type] as? FileAttributeType) != .typeDirectory,
            let size = attributes[.size] as? Int
        else { throw unreadable }
        if let problem = ImportLimits.problem(bytes: size, name: path) { throw problem }
        guard let data = FileManager.default.contents(atPath: path) else { throw unreadable }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandError.badInput(vi: "\(path): tệp không phải UTF-8 (lưu lại dạng CSV UTF-8)", en: "\(path): not UTF-8 (save it as CSV UTF-8)")
        }
        try ImportLimits.check(text, name: path)
        return text
    }
}
