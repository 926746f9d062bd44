import Foundation

/// How record fields are named on screens, read from `workflows/labels/fields.yaml`: field → Vietnamese and English.
public struct FieldLabels: Sendable, Hashable {
    public var labels: [String: Bilingual]

    public init(_ labels: [String: Bilingual] = [:]) { self.labels = labels }

    /// The label of a field, if one is given.
    public subscript(field: String) -> Bilingual? { labels[field] }

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
        for entry in try root.mapping().entries { labels[entry.key] = try entry.value.localized() }
        return FieldLabels(labels)
    }
}
