import Foundation
import Workflow

/// One numbered SQL file of `sql/`, applied once, in its own transaction.
public struct Migration: Sendable, Equatable {
    /// The number in the file name (`0003_timers.sql` → 3).
    public let version: Int
    /// The rest of the file name, without `.sql`.
    public let name: String
    /// The file's path, for messages.
    public let path: String
    /// The SQL text.
    public let sql: String

    /// SHA-256 of the text's UTF-8 bytes, as recorded in `ocop_schema_migration.checksum`.
    public var checksum: String { ContentHash.hex(Data(sql.utf8)) }

    /// Reads and sorts the migrations of a folder; refuses badly named or duplicate files.
    public static func load(from directory: URL) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }
        } catch {
            throw StoreError(.resourcesNotFound, subject: directory.path, detail: error.localizedDescription)
        }
        var migrations: [Migration] = []
        var seen: [Int: String] = [:]
        for fileName in names.sorted() {
            let path = directory.appendingPathComponent(fileName).path
            let stem = fileName.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0,
                stem[..<underscore].count == 4, stem.index(after: underscore) < stem.endIndex
            else { throw StoreError(.badMigrationName, subject: path) }
            if let other = seen[version] { throw StoreError(.duplicateMigration, subject: "\(other), \(path)") }
            seen[version] = path
            guard let sql = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw StoreError(.resourcesNotFound, subject: path, detail: "not readable as UTF-8")
            }
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), path: path, sql: sql))
        }
        return migrations.sorted { $0.version < $1.version }
    }
}
