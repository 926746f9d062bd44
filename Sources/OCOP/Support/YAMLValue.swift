import Foundation
import Yams

/// A YAML node together with the file it came from and its path in the document.
///
/// Hand-written decoding over Yams nodes rather than `Codable`: it keeps the mark of every node, so
/// each error names file:line:column, and numbers are read from their text straight into `Decimal`
/// (a `Codable` round trip through `Double` would turn 29.99 into 29.989999…).
struct YAMLValue {
    let node: Node
    let file: String
    let path: String
    /// For a block mapping or list under a key, the key's mark: libyaml marks such a node at its first child,
    /// one line below the key a reader would look for.
    var keyMark: Mark?

    init(node: Node, file: String, path: String, keyMark: Mark? = nil) {
        self.node = node
        self.file = file
        self.path = path
        self.keyMark = keyMark
    }

    /// Where this node starts (or its key, for a collection under a key).
    var location: SourceLocation {
        let mark = keyMark ?? node.mark
        return SourceLocation(path: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }

    /// Parses one YAML document; syntax errors keep libyaml's position.
    static func parse(yaml: String, file: String) throws -> YAMLValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw DataFileError(
                code: .invalidYAML,
                location: Self.location(of: error, file: file),
                message: Bilingual(vi: "YAML không hợp lệ: \(error)", en: "invalid YAML: \(error)")
            )
        }
        guard let node else {
            throw DataFileError(
                code: .emptyDocument,
                location: SourceLocation(path: file, line: 1, column: 1),
                message: Bilingual(vi: "tệp không có nội dung YAML", en: "the file holds no YAML document")
            )
        }
        return YAMLValue(node: node, file: file, path: "")
    }

    /// Reads a file from disk and parses it; the file path becomes the location's file.
    static func load(contentsOf url: URL) throws -> YAMLValue {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DataFileError(
                code: .unreadableFile,
                location: SourceLocation(path: url.path, line: 0, column: 0),
                message: Bilingual(
                    vi: "không đọc được tệp: \(error.localizedDescription)",
                    en: "cannot read the file: \(error.localizedDescription)"
                )
            )
        }
        return try parse(yaml: text, file: url.path)
    }

    private static func location(of error: YamlError, file: String) -> SourceLocation {
        let mark: Mark?
        switch error {
        case .scanner(_, _, let m, _), .parser(_, _, let m, _), .composer(_, _, let m, _):
            mark = m
        case .duplicatedKeysInMapping(_, let context):
            mark = context.mark
        default:
            mark = nil
        }
        return SourceLocation(path: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }

    // MARK: - Errors

    /// An error located at this node; the path is added so the message is useful without the file open.
    func error(_ code: DataFileError.Code, vi: String, en: String) -> DataFileError {
        let suffix = path.isEmpty ? "" : " (\(path))"
        return DataFileError(code: code, location: location, message: Bilingual(vi: vi + suffix, en: en + suffix))
    }

    /// A shape error: "expected a number".
    func wrongType(expectedVI: String, expectedEN: String) -> DataFileError {
        error(.wrongType, vi: "cần \(expectedVI)", en: "expected \(expectedEN)")
    }

    /// True for `~`, `null` and an empty plain scalar, which YAML reads as "no value".
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    // MARK: - Collections

    /// This node as a mapping with string keys.
    func mapping() throws -> YAMLMapping {
        guard case .mapping(let mapping) = node else {
            throw wrongType(expectedVI: "một ánh xạ (khóa: giá trị)", expectedEN: "a mapping (key: value)")
        }
        var entries: [YAMLMapping.Entry] = []
        for (keyNode, valueNode) in mapping {
            let keyValue = YAMLValue(node: keyNode, file: file, path: path)
            guard case .scalar(let scalar) = keyNode else {
                throw keyValue.wrongType(expectedVI: "khóa dạng chữ", expectedEN: "a text key")
            }
            let childPath = path.isEmpty ? scalar.string : "\(path).\(scalar.string)"
            entries.append(
                YAMLMapping.Entry(
                    key: scalar.string,
                    keyValue: YAMLValue(node: keyNode, file: file, path: childPath),
                    value: YAMLValue(
                        node: valueNode,
                        file: file,
                        path: childPath,
                        keyMark: valueNode.scalar == nil ? keyNode.mark : nil
                    )
                )
            )
        }
        return YAMLMapping(owner: self, entries: entries)
    }

    /// This node as a list; `null` reads as an empty list so optional lists can be written `[]` or left empty.
    func sequence() throws -> [YAMLValue] {
        if isNull { return [] }
        guard case .sequence(let sequence) = node else {
            throw wrongType(expectedVI: "một danh sách", expectedEN: "a list")
        }
        return sequence.enumerated().map { index, child in
            YAMLValue(node: child, file: file, path: "\(path)[\(index)]")
        }
    }
}

/// A YAML mapping with string keys, in document order.
struct YAMLMapping {
    /// One key and its value, both with their marks.
    struct Entry {
        let key: String
        let keyValue: YAMLValue
        let value: YAMLValue
    }

    let owner: YAMLValue
    let entries: [Entry]

    /// The value for a key that must be present and not null.
    func required(_ key: String) throws -> YAMLValue {
        guard let value = optional(key) else {
            throw owner.error(.missingKey, vi: "thiếu khóa bắt buộc '\(key)'", en: "missing required key '\(key)'")
        }
        return value
    }

    /// The value for a key, or nil when absent or written as null.
    func optional(_ key: String) -> YAMLValue? {
        guard let entry = entries.first(where: { $0.key == key }), !entry.value.isNull else { return nil }
        return entry.value
    }

    /// Rejects keys outside the format, which are nearly always typos that would silently lose a value.
    func allowOnly(_ keys: Set<String>) throws {
        for entry in entries where !keys.contains(entry.key) {
            let known = keys.sorted().joined(separator: ", ")
            throw entry.keyValue.error(
                .unknownKey,
                vi: "khóa không hợp lệ '\(entry.key)'; các khóa hợp lệ: \(known)",
                en: "unknown key '\(entry.key)'; allowed keys: \(known)"
            )
        }
    }
}
