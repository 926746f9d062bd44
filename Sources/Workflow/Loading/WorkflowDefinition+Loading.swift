import Foundation

/// Loading definitions from YAML.
extension WorkflowDefinition {
    /// Parses and checks a workflow file; throws every problem found, each with file, line and column.
    ///
    /// - Parameters:
    ///   - path: the path shown in errors and kept as `sourcePath`, e.g. `workflows/idea.yaml`.
    ///   - source: the file's bytes, hashed as they are for `contentHash`.
    ///   - guards: the guards references are checked against.
    public static func load(path: String, source: Data, guards: GuardRegistry) throws(DefinitionErrors) -> WorkflowDefinition {
        let hash = ContentHash.hex(source)
        guard let text = String(data: source, encoding: .utf8) else {
            throw DefinitionErrors([DefinitionError(
                code: .unreadableFile, location: SourceLocation(path: path, line: 1, column: 1),
                message: Bilingual(vi: "tệp không phải UTF-8", en: "the file is not UTF-8")
            )])
        }
        var parser = DefinitionParser(path: path, guards: guards)
        guard let definition = parser.parse(source: text, contentHash: hash) else {
            throw DefinitionErrors(parser.diagnostics.errors)
        }
        return definition
    }

    /// Parses and checks a workflow given as text (hashed as its UTF-8 bytes).
    public static func load(path: String, yaml: String, guards: GuardRegistry) throws(DefinitionErrors) -> WorkflowDefinition {
        try load(path: path, source: Data(yaml.utf8), guards: guards)
    }

    /// Reads a file and loads it; `displayPath` (default: the path given) is what errors show.
    public static func load(
        contentsOf url: URL, displayPath: String? = nil, guards: GuardRegistry
    ) throws(DefinitionErrors) -> WorkflowDefinition {
        let path = displayPath ?? url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DefinitionErrors([DefinitionError(
                code: .unreadableFile, location: SourceLocation(path: path, line: 1, column: 1),
                message: Bilingual(vi: "không đọc được tệp: \(error.localizedDescription)", en: "cannot read the file: \(error.localizedDescription)")
            )])
        }
        return try load(path: path, source: data, guards: guards)
    }
}
