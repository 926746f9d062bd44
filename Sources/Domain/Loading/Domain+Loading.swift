import Foundation
import OCOP
import Workflow

/// Loading the real workflow files with the domain guards.
extension Domain {
    /// Loads every top-level `*.yaml` of `directory` (the repository's `workflows/`; subfolders hold rule sets,
    /// criteria and policies, not workflows) with `registry`, in name order, and checks the domain guards' parameters.
    ///
    /// Throws every problem of every file at once, each at `workflows/<file>:line:column`.
    public static func loadWorkflows(directory: URL) throws(DefinitionErrors) -> [WorkflowDefinition] {
        try loadWorkflows(directory: directory, guards: registry)
    }

    /// Loads every top-level `*.yaml` of `directory` with the given guards (e.g. `registry(ruleSets:)`).
    public static func loadWorkflows(directory: URL, guards: GuardRegistry) throws(DefinitionErrors) -> [WorkflowDefinition] {
        let folder = directory.lastPathComponent
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        } catch {
            throw DefinitionErrors([DefinitionError(
                code: .unreadableFile, location: Workflow.SourceLocation(path: folder, line: 1, column: 1),
                message: Bilingual(vi: "không đọc được thư mục: \(error.localizedDescription)",
                                   en: "cannot read the directory: \(error.localizedDescription)")
            )])
        }
        var definitions: [WorkflowDefinition] = []
        var errors: [DefinitionError] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            do {
                let definition = try WorkflowDefinition.load(contentsOf: url, displayPath: "\(folder)/\(name)", guards: guards)
                let problems = GuardParameterCheck.problems(in: definition)
                if problems.isEmpty { definitions.append(definition) } else { errors += problems }
            } catch {
                errors += error.errors
            }
        }
        errors += WorkflowDefinition.reactionProblems(in: definitions)
        guard errors.isEmpty else { throw DefinitionErrors(errors) }
        return definitions
    }
}

extension Domain {
    /// The domain's own checks of a loaded definition beyond the engine's: guard parameter values outside their allowed
    /// lists, guards reading undeclared inputs, decision events without the `legal_reference` guard.
    public static func problems(in definition: WorkflowDefinition) -> [DefinitionError] {
        GuardParameterCheck.problems(in: definition)
    }
}
