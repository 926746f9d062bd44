import Foundation
import OCOP
import Workflow
import Yams

/// The notification templates of `workflows/notifications/*.yaml`: for each message a workflow's `notify:` effect or
/// a reminder names, a subject and a body in Vietnamese and English with `{placeholders}`.
///
/// ```yaml
/// templates:
///   certificate_expiring:
///     subject: { vi: "Giấy chứng nhận OCOP của {product} sắp hết hiệu lực", en: "…" }
///     body: { vi: "… hết hiệu lực ngày {data.expires_on} …", en: "…" }
/// ```
///
/// Checked when loaded: both languages present, placeholders known, no unknown keys; errors name file:line:column.
/// A `default` template is used for a message with none of its own.
public struct NotificationCatalog: Sendable {
    /// One message's texts.
    public struct Template: Sendable, Hashable {
        /// The message name (`certificate_expiring`).
        public var name: String
        /// The subject (e-mail subject, the first line of an SMS).
        public var subject: Bilingual
        /// The body.
        public var body: Bilingual
        /// Where it was defined.
        public var location: SourceLocation
    }

    /// The templates by message name.
    public private(set) var templates: [String: Template]

    /// No templates: every message uses the built-in default.
    public static let empty = NotificationCatalog(templates: [:])

    /// The placeholders a template may use, besides `data.KEY` (a value of the record's data; ISO dates as dd/mm/yyyy).
    public static let placeholders: Set<String> = ["product", "subject", "record", "workflow", "state", "event", "date", "deadline", "user"]

    /// The text used when neither the message nor `default` has a template.
    static let builtInDefault = Template(
        name: "default",
        subject: Bilingual(vi: "[OCOP] {workflow} số {record}: {state}", en: "[OCOP] {workflow} {record}: {state}"),
        body: Bilingual(
            vi: "Hồ sơ {record} ({product}) chuyển sang \"{state}\" ngày {date}.", en: "Record {record} ({product}) moved to \"{state}\" on {date}."),
        location: SourceLocation(path: "(built in)", line: 1, column: 1))

    /// The template of a message: its own, else `default`, else the built-in one.
    public func template(for message: String) -> Template {
        templates[message] ?? templates["default"] ?? Self.builtInDefault
    }

    /// Loads every `*.yaml` of a folder (none: an empty catalog); a message defined twice is an error.
    public static func load(directory: URL) throws -> NotificationCatalog {
        let files = ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }.sorted { $0.path < $1.path }
        var catalog = NotificationCatalog.empty
        for file in files {
            let text: String
            do {
                text = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw DataFileError(
                    code: .unreadableFile, location: SourceLocation(path: file.path, line: 1, column: 1),
                    message: Bilingual(vi: "không đọc được tệp", en: "cannot read the file"))
            }
            for template in try parse(yaml: text, path: file.path) {
                if let earlier = catalog.templates[template.name] {
                    throw DataFileError(
                        code: .duplicateCode, location: template.location,
                        message: Bilingual(
                            vi: "mẫu thông báo \"\(template.name)\" đã có ở \(earlier.location)",
                            en: "notification template \"\(template.name)\" is already defined at \(earlier.location)"))
                }
                catalog.templates[template.name] = template
            }
        }
        return catalog
    }

    /// Parses one file's templates.
    public static func parse(yaml: String, path: String) throws -> [Template] {
        func location(_ node: Node?) -> SourceLocation {
            SourceLocation(path: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
        }
        func fail(_ node: Node?, _ code: DataFileError.Code, vi: String, en: String) -> DataFileError {
            DataFileError(code: code, location: location(node), message: Bilingual(vi: vi, en: en))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw fail(nil, .invalidYAML, vi: "YAML không hợp lệ: \(error)", en: "invalid YAML: \(error)")
        }
        guard let root, let top = root.mapping else {
            throw fail(root, .wrongType, vi: "cần một bảng có khóa \"templates\"", en: "expected a mapping with a \"templates\" key")
        }
        for (key, _) in top where key.string != "templates" {
            throw fail(key, .unknownKey, vi: "khóa không biết: \"\(key.string ?? "")\"", en: "unknown key \"\(key.string ?? "")\"")
        }
        guard let list = top["templates"]?.mapping else {
            throw fail(top["templates"] ?? root, .missingKey, vi: "thiếu bảng \"templates\"", en: "missing the \"templates\" mapping")
        }
        var result: [Template] = []
        for (key, value) in list {
            guard let name = key.string, name.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil else {
                throw fail(key, .invalidValue, vi: "tên mẫu phải là chữ thường, số, _", en: "a template name is lower case letters, digits and _")
            }
            guard let fields = value.mapping else {
                throw fail(value, .wrongType, vi: "mẫu \"\(name)\": cần subject và body", en: "template \"\(name)\": expected subject and body")
            }
            for (field, _) in fields where !["subject", "body"].contains(field.string ?? "") {
                throw fail(field, .unknownKey, vi: "mẫu \"\(name)\": khóa không biết \"\(field.string ?? "")\"", en: "template \"\(name)\": unknown key \"\(field.string ?? "")\"")
            }
            func text(_ field: String) throws -> Bilingual {
                guard let node = fields[field] else {
                    throw fail(key, .missingKey, vi: "mẫu \"\(name)\": thiếu \(field)", en: "template \"\(name)\": missing \(field)")
                }
                guard let languages = node.mapping else {
                    throw fail(node, .wrongType, vi: "mẫu \"\(name)\".\(field): cần vi và en", en: "template \"\(name)\".\(field): expected vi and en")
                }
                var texts: [String: String] = [:]
                for (language, content) in languages {
                    guard let code = language.string, ["vi", "en"].contains(code) else {
                        throw fail(language, .unknownKey, vi: "chỉ có vi và en", en: "only vi and en")
                    }
                    guard let string = content.string, !string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                        throw fail(content, .invalidValue, vi: "mẫu \"\(name)\".\(field).\(code) trống", en: "template \"\(name)\".\(field).\(code) is empty")
                    }
                    for placeholder in Self.placeholderNames(in: string) where !Self.isKnown(placeholder) {
                        throw fail(
                            content, .invalidValue,
                            vi: "mẫu \"\(name)\".\(field).\(code): không có chỗ điền {\(placeholder)} (có: \(Self.placeholders.sorted().joined(separator: ", ")), data.KHÓA)",
                            en: "template \"\(name)\".\(field).\(code): unknown placeholder {\(placeholder)} (known: \(Self.placeholders.sorted().joined(separator: ", ")), data.KEY)")
                    }
                    texts[code] = string
                }
                guard let vi = texts["vi"], let en = texts["en"] else {
                    throw fail(node, .missingKey, vi: "mẫu \"\(name)\".\(field): cần cả vi và en", en: "template \"\(name)\".\(field): needs both vi and en")
                }
                return Bilingual(vi: vi, en: en)
            }
            let subject = try text("subject")
            guard !subject.vi.contains("\n"), !subject.en.contains("\n") else {
                throw fail(fields["subject"], .invalidValue, vi: "mẫu \"\(name)\": tiêu đề chỉ một dòng", en: "template \"\(name)\": the subject is one line")
            }
            result.append(Template(name: name, subject: subject, body: try text("body"), location: location(key)))
        }
        return result
    }

    static func isKnown(_ placeholder: String) -> Bool {
        placeholders.contains(placeholder) || placeholder.range(of: "^data\\.[a-z][a-z0-9_]*$", options: .regularExpression) != nil
    }

    /// The names between braces, in order.
    static func placeholderNames(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// Fills the placeholders of a text; an unknown `data.KEY` becomes "—".
    static func fill(_ text: String, values: [String: String]) -> String {
        var output = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            output += rest[..<open]
            output += values[String(rest[rest.index(after: open)..<close])] ?? "—"
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }
}
