import Yams

/// Collects every problem found while reading one file; loaders keep going after an error so the author sees all of
/// them in one run.
struct Diagnostics {
    /// The file path used in every location.
    let path: String
    /// What has been found so far.
    private(set) var errors: [DefinitionError] = []

    init(path: String) {
        self.path = path
    }

    /// The location of a node, or 1:1 when libyaml gave none.
    func location(of node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(path: path, line: 1, column: 1) }
        return SourceLocation(path: path, line: mark.line, column: mark.column)
    }

    mutating func add(_ code: DefinitionError.Code, at node: Node?, vi: String, en: String) {
        errors.append(DefinitionError(code: code, location: location(of: node), message: Bilingual(vi: vi, en: en)))
    }

    mutating func add(_ code: DefinitionError.Code, at location: SourceLocation, vi: String, en: String) {
        errors.append(DefinitionError(code: code, location: location, message: Bilingual(vi: vi, en: en)))
    }

    /// Parses YAML into a node tree, recording a `yamlSyntax` error at libyaml's position on failure.
    mutating func compose(_ source: String) -> Node? {
        do {
            return try Yams.compose(yaml: source)
        } catch let error as YamlError {
            var mark: Mark?
            var problem = "\(error)"
            switch error {
            case .scanner(_, let text, let at, _), .parser(_, let text, let at, _), .composer(_, let text, let at, _):
                mark = at
                problem = text
            case .duplicatedKeysInMapping(let duplicates, let context):
                mark = context.mark
                problem = "duplicated keys: " + duplicates.joined(separator: ", ")
            default:
                break
            }
            let location = SourceLocation(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
            add(.yamlSyntax, at: location, vi: "YAML không hợp lệ: \(problem)", en: "invalid YAML: \(problem)")
            return nil
        } catch {
            add(.yamlSyntax, at: SourceLocation(path: path, line: 1, column: 1), vi: "YAML không hợp lệ: \(error)", en: "invalid YAML: \(error)")
            return nil
        }
    }

    // MARK: - Shapes

    /// The node as a mapping reader, or an error when it is something else.
    mutating func mapping(_ node: Node, what: String, allowed: Set<String>) -> MappingReader? {
        guard case .mapping(let mapping) = node else {
            add(.wrongType, at: node, vi: "\(what) phải là một ánh xạ (khóa: giá trị)", en: "\(what) must be a mapping (key: value)")
            return nil
        }
        var fields: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                add(.wrongType, at: keyNode, vi: "khóa phải là chuỗi", en: "keys must be plain strings")
                continue
            }
            if !allowed.contains(key) {
                add(.unknownKey, at: keyNode, vi: "khóa không được hỗ trợ \"\(key)\" trong \(what)",
                    en: "unknown key \"\(key)\" in \(what); allowed: \(allowed.sorted().joined(separator: ", "))")
                continue
            }
            fields.append((key, keyNode, value))
        }
        return MappingReader(node: node, fields: fields)
    }

    /// The node's items when it is a sequence; a lone scalar counts as a list of one, which keeps `from: DRAFT` short.
    mutating func list(_ node: Node, what: String) -> [Node] {
        switch node {
        case .sequence(let sequence): return Array(sequence)
        case .scalar: return [node]
        default:
            add(.wrongType, at: node, vi: "\(what) phải là một danh sách", en: "\(what) must be a list")
            return []
        }
    }

    /// The node's text when it is a non-empty scalar.
    mutating func string(_ node: Node, what: String) -> String? {
        guard let scalar = node.scalar, !scalar.string.isEmpty else {
            add(.wrongType, at: node, vi: "\(what) phải là một chuỗi không rỗng", en: "\(what) must be a non-empty string")
            return nil
        }
        return scalar.string
    }

    /// A required key of a mapping, reporting `missingKey` at the mapping when absent.
    mutating func required(_ key: String, in reader: MappingReader, what: String) -> Node? {
        if let node = reader[key] { return node }
        add(.missingKey, at: reader.node, vi: "\(what) thiếu khóa bắt buộc \"\(key)\"", en: "\(what) is missing the required key \"\(key)\"")
        return nil
    }
}

/// The known keys of one YAML mapping, in file order.
struct MappingReader {
    let node: Node
    let fields: [(key: String, keyNode: Node, value: Node)]

    subscript(key: String) -> Node? {
        fields.first { $0.key == key }?.value
    }
}
