import Foundation
import LibPQ
import Workflow

/// The workflow files of a folder as they are on disk — read and hashed, not parsed — so a command can tell with one
/// query whether they are registered already (issue 15: a read command writes nothing and parses no YAML it does not
/// use).
public struct WorkflowFileSet: Sendable {
    /// One top-level `*.yaml`: its bytes and their SHA-256 (the definition's `content_hash`).
    public struct Entry: Sendable {
        /// The absolute path.
        public let path: String
        /// The file's bytes.
        public let data: Data
        /// SHA-256 of the bytes, hex.
        public let hash: String
    }

    /// The readable files, sorted by name.
    public let entries: [Entry]
    /// False when a file could not be read: only a full registration reports that properly.
    public let isComplete: Bool
    /// The folder the files came from.
    public let directory: URL
    /// One hash for the whole set and the guards it is checked against: a changed, added or removed file, or a build
    /// with other guards, gives another set.
    public let setHash: String

    /// What the database already holds of a set: each known file's definition id and name, and whether the set itself
    /// was registered.
    public struct Known: Sendable {
        /// Definition id and workflow name by content hash.
        public var definitions: [String: (id: Int64, name: String)]
        /// Whether `workflow_file_set` has the set.
        public var setRegistered: Bool

        /// Creates what a lookup found.
        public init(definitions: [String: (id: Int64, name: String)], setRegistered: Bool) {
            self.definitions = definitions
            self.setRegistered = setRegistered
        }
    }

    /// Reads (without parsing) every top-level `*.yaml` of a folder.
    public static func read(directory: URL, guards: GuardRegistry) -> WorkflowFileSet {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var entries: [Entry] = []
        var complete = true
        for name in names {
            let path = directory.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path) else {
                complete = false
                continue
            }
            entries.append(Entry(path: path, data: data, hash: ContentHash.hex(data)))
        }
        let fingerprint = (entries.map(\.hash).sorted() + ["guards:"] + guards.names).joined(separator: "\n")
        return WorkflowFileSet(entries: entries, isComplete: complete, directory: directory, setHash: ContentHash.hex(Data(fingerprint.utf8)))
    }

    /// The content hashes, for the lookup query.
    public var hashes: [String] { entries.map(\.hash) }

    /// Whether `known` covers the set: every file stored, the set registered as a whole, one file per workflow.
    public func isRegistered(in known: Known) -> Bool {
        guard isComplete, known.setRegistered else { return false }
        let names = entries.compactMap { known.definitions[$0.hash]?.name }
        return names.count == entries.count && Set(names).count == names.count
    }

    /// Looks the set up with one query (used where no startup check did it already).
    public func lookup(on connection: Connection) throws -> Known {
        var known = Known(definitions: [:], setRegistered: false)
        let rows = try connection.queryUnprepared(
            """
            SELECT 'w' AS kind, id, content_hash AS hash, name FROM workflow_definition WHERE content_hash = ANY(\(hashes))
            UNION ALL
            SELECT 's', 0, set_hash, NULL FROM workflow_file_set WHERE set_hash = \(setHash)
            """)
        for row in rows {
            let kind = try row.decode("kind", as: String.self)
            if kind == "s" {
                known.setRegistered = true
            } else {
                known.definitions[try row.decode("hash", as: String.self)] = (id: try row.decode("id", as: Int64.self), name: try row.decode("name", as: String.self))
            }
        }
        return known
    }
}
