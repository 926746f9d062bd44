import Foundation

/// Where the PostgreSQL server programs (`initdb`, `pg_ctl`, `postgres`) live.
public struct PostgresBinaries: Sendable, Equatable {
    /// The directory holding all three programs.
    public let directory: String

    /// Finds the programs: `$OCOP_PG_BIN`, then PATH (following symlinks, so that `postgres` is found beside
    /// `pg_ctl`), then the newest `/usr/lib/postgresql/*/bin` (Debian), then `/usr/pgsql-*/bin`.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresBinaries {
        var candidates: [String] = []
        if let explicit = environment["OCOP_PG_BIN"], !explicit.isEmpty { candidates.append(explicit) }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let pgCtl = "\(directory)/pg_ctl"
            guard access(pgCtl, X_OK) == 0 else { continue }
            let resolved = URL(fileURLWithPath: pgCtl).resolvingSymlinksInPath().deletingLastPathComponent().path
            candidates.append(resolved)
        }
        candidates += versionedDirectories("/usr/lib/postgresql", suffix: "bin")
        candidates += versionedDirectories("/usr", prefix: "pgsql-", suffix: "bin")
        for directory in candidates where ["initdb", "pg_ctl", "postgres"].allSatisfy({ access("\(directory)/\($0)", X_OK) == 0 }) {
            return PostgresBinaries(directory: directory)
        }
        throw LocalClusterError(.binariesNotFound, path: candidates.first ?? "/usr/lib/postgresql")
    }

    /// The path of one program.
    public func path(_ program: String) -> String { "\(directory)/\(program)" }

    /// `postgres --version`, e.g. "postgres (PostgreSQL) 15.18".
    public func version() -> String? {
        guard let outcome = try? Subprocess.run([path("postgres"), "--version"]), outcome.succeeded else { return nil }
        return outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Subdirectories like `/usr/lib/postgresql/15/bin`, newest version first.
    private static func versionedDirectories(_ parent: String, prefix: String = "", suffix: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return [] }
        return names.filter { $0.hasPrefix(prefix) }
            .compactMap { name -> (Double, String)? in
                guard let version = Double(name.dropFirst(prefix.count)) else { return nil }
                return (version, "\(parent)/\(name)/\(suffix)")
            }
            .sorted { $0.0 > $1.0 }
            .map(\.1)
    }
}
