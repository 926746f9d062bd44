import Foundation

/// Finds the data folders that ship beside the code: `sql/` (migrations) and `workflows/` (definitions, rule sets).
///
/// Looked up in order: `$OCOP_HOME` (a folder holding both), the folders above the running executable (a
/// `swift build` tree keeps it at `.build/<config>/ocop`), `<prefix>/share/ocop` beside an installed binary,
/// and last the source tree this module was compiled from.
public enum ResourceLocator {
    /// The folder that holds `sql/` and `workflows/`; nil if none is found.
    public static func home(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        candidates(environment: environment).first { isHome($0) }
    }

    /// The migrations folder.
    public static func sqlDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        guard let home = home(environment: environment) else { throw notFound("sql", environment: environment) }
        return home.appendingPathComponent("sql", isDirectory: true)
    }

    /// The workflow definitions folder.
    public static func workflowsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        guard let home = home(environment: environment) else { throw notFound("workflows", environment: environment) }
        return home.appendingPathComponent("workflows", isDirectory: true)
    }

    private static func candidates(environment: [String: String]) -> [URL] {
        var result: [URL] = []
        if let explicit = environment["OCOP_HOME"], !explicit.isEmpty { result.append(URL(fileURLWithPath: explicit)) }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            result.append(directory)
            result.append(directory.appendingPathComponent("share/ocop"))
            directory = directory.deletingLastPathComponent()
        }
        // Sources/Store/ResourceLocator.swift → the package root.
        result.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
        return result
    }

    private static func isHome(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("sql").path, isDirectory: &isDirectory) && isDirectory.boolValue
            && FileManager.default.fileExists(atPath: url.appendingPathComponent("workflows").path)
    }

    private static func notFound(_ folder: String, environment: [String: String]) -> StoreError {
        StoreError(.resourcesNotFound, subject: folder, detail: "set OCOP_HOME to the folder that holds sql/ and workflows/")
    }
}
