import Foundation
import Workflow

/// The workflow files of a folder: each top-level `*.yaml`, loaded and checked.
public struct WorkflowFiles: Sendable {
    /// A loaded file: the definition and its exact text (stored, so old versions can be reloaded).
    public struct File: Sendable {
        public let definition: WorkflowDefinition
        public let source: String
    }

    /// Loads every top-level `*.yaml` (subfolders hold rule sets and other data); all problems of all files are
    /// reported together, sorted by file and position.
    public static func load(directory: URL, guards: GuardRegistry) throws -> [File] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return try load(paths: names.map { directory.appendingPathComponent($0).path }, guards: guards)
    }

    /// Loads the given files.
    public static func load(paths: [String], guards: GuardRegistry) throws -> [File] {
        var files: [File] = []
        var problems: [DefinitionError] = []
        var names: [String: String] = [:]
        for path in paths {
            let display = relativePath(path)
            guard let data = FileManager.default.contents(atPath: path) else {
                problems.append(DefinitionError.unreadable(path: display))
                continue
            }
            do {
                let definition = try WorkflowDefinition.load(path: display, source: data, guards: guards)
                if let other = names[definition.name] {
                    problems.append(DefinitionError.duplicateWorkflow(definition.name, path: display, other: other))
                    continue
                }
                names[definition.name] = display
                files.append(File(definition: definition, source: String(decoding: data, as: UTF8.self)))
            } catch {
                problems += error.errors
            }
        }
        problems += WorkflowDefinition.reactionProblems(in: files.map(\.definition))
        guard problems.isEmpty else { throw DefinitionErrors(problems) }
        return files
    }

    /// `workflows/idea.yaml` rather than an absolute path, when the file is under the current directory.
    static func relativePath(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }
}

extension DefinitionError {
    static func unreadable(path: String) -> DefinitionError {
        DefinitionError(
            code: .unreadableFile, location: SourceLocation(path: path, line: 1, column: 1),
            message: Bilingual(vi: "không đọc được tệp", en: "file cannot be read"))
    }

    static func duplicateWorkflow(_ name: String, path: String, other: String) -> DefinitionError {
        DefinitionError(
            code: .duplicateName, location: SourceLocation(path: path, line: 1, column: 1),
            message: Bilingual(vi: "quy trình \"\(name)\" đã được khai báo trong \(other)", en: "workflow \"\(name)\" is already defined in \(other)"))
    }
}
