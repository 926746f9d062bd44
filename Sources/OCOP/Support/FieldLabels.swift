import Foundation

/// How record fields are named on screens, read from `workflows/labels/fields.yaml`: field → Vietnamese and English,
/// and, for fields that hold codes, each code's name (`values: { district: { vi: Cấp huyện, en: District } }`).
public struct FieldLabels: Sendable, Hashable {
    public var labels: [String: Bilingual]
    /// Field → code → name.
    public var values: [String: [String: Bilingual]]

    public init(_ labels: [String: Bilingual] = [:], values: [String: [String: Bilingual]] = [:]) {
        self.labels = labels
        self.values = values
    }

    /// The label of a field, if one is given.
    public subscript(field: String) -> Bilingual? { labels[field] }

    /// The name of a code a field holds, if the file gives one.
    public func value(_ code: String, of field: String) -> Bilingual? { values[field]?[code] }

    /// Loads the file; every entry needs `vi` and `en`, and errors name the file, line and column.
    public static func load(contentsOf url: URL) throws -> FieldLabels {
        try decode(from: try YAMLValue.load(contentsOf: url))
    }

    /// Decodes labels from YAML text; `file` labels error locations.
    public static func decode(yaml: String, file: String = "<memory>") throws -> FieldLabels {
        try decode(from: try YAMLValue.parse(yaml: yaml, file: file))
    }

    static func decode(from root: YAMLValue) throws -> FieldLabels {
        var labels: [String: Bilingual] = [:]
        var values: [String: [String: Bilingual]] = [:]
        for entry in try root.mapping().entries {
            let map = try entry.value.mapping()
            try map.allowOnly(["vi", "en", "values"])
            labels[entry.key] = Bilingual(vi: try map.required("vi").string(), en: try map.required("en").string())
            if let codes = map.optional("values") {
                var named: [String: Bilingual] = [:]
                for code in try codes.mapping().entries { named[code.key] = try code.value.localized() }
                values[entry.key] = named
            }
        }
        return FieldLabels(labels, values: values)
    }
}
