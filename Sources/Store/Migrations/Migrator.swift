import Foundation
import LibPQ
import Logging

/// Applies `sql/NNNN_*.sql` in order, each once and in its own transaction, recorded with a checksum.
///
/// Concurrent migrators (two ocop processes starting at once) serialize on a transaction-level advisory lock; the
/// second finds the work done. An applied file whose checksum changed is refused: shipped migrations are never edited.
public struct Migrator: Sendable {
    /// What the database holds compared with the files.
    public struct Status: Sendable, Equatable {
        /// The highest applied version, nil on an empty database.
        public var current: Int?
        /// The highest version among the files.
        public var latest: Int
        /// Versions not applied yet.
        public var pending: [Int]

        /// Creates a status.
        public init(current: Int?, latest: Int, pending: [Int]) {
            self.current = current
            self.latest = latest
            self.pending = pending
        }
    }

    /// The migrations, in order.
    public let migrations: [Migration]
    let logger: Logger

    /// Arbitrary but fixed: the advisory lock key all ocop migrators share.
    static let lockKey: Int64 = 0x0C0B_0001

    /// Uses the given migrations.
    public init(migrations: [Migration], logger: Logger = Logger(label: "ocop.migrate")) {
        self.migrations = migrations
        self.logger = logger
    }

    /// Loads the migrations of a folder (default: the shipped `sql/`).
    public init(directory: URL? = nil, logger: Logger = Logger(label: "ocop.migrate")) throws {
        self.init(migrations: try Migration.load(from: directory ?? ResourceLocator.sqlDirectory()), logger: logger)
    }

    /// The latest version the files define.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Applies what is pending; returns the versions applied now.
    ///
    /// Nothing here outlives a transaction (issue 15: PgBouncer in transaction mode hands each transaction to any server
    /// connection, so a session-level `pg_advisory_lock` could be taken on one backend and "released" on another, and
    /// stay held): the migrators serialize on a transaction-level lock (`pg_advisory_xact_lock`) taken first in the
    /// transaction that creates the bookkeeping table and in each migration's transaction, which looks again whether
    /// another migrator applied the version meanwhile.
    @discardableResult
    public func migrate(_ connection: Connection) throws -> [Int] {
        let applied = try connection.transaction { connection -> [Int: String] in
            try connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
            try connection.executeScript(
                """
                CREATE TABLE IF NOT EXISTS ocop_schema_migration (
                    version     integer PRIMARY KEY,
                    name        text NOT NULL,
                    checksum    text NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now(),
                    duration_ms integer NOT NULL
                )
                """)
            return try appliedChecksums(connection)
        }
        try verify(applied: applied, connection)
        var done: [Int] = []
        for migration in migrations where applied[migration.version] == nil {
            let started = ContinuousClock.now
            let ran: Bool
            do {
                ran = try connection.transaction { connection -> Bool in
                    try connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
                    let already = try connection.query("SELECT 1 AS present FROM ocop_schema_migration WHERE version = \(migration.version)")
                    guard already.first == nil else { return false }
                    try connection.executeScript(migration.sql)
                    let elapsed = ContinuousClock.now - started
                    let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
                    try connection.execute(
                        """
                        INSERT INTO ocop_schema_migration (version, name, checksum, duration_ms)
                        VALUES (\(migration.version), \(migration.name), \(try checksum(migration, connection)), \(milliseconds))
                        """)
                    return true
                }
            } catch let error as DatabaseError {
                throw StoreError(.migrationFailed, subject: migration.path, detail: error.description, underlying: error)
            }
            guard ran else { continue }
            logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            done.append(migration.version)
        }
        return done
    }

    /// Compares the database with the files without changing anything.
    public func status(_ connection: Connection) throws -> Status {
        let exists = try connection.query("SELECT to_regclass('ocop_schema_migration') IS NOT NULL AS present").single().decode("present", as: Bool.self)
        let applied = exists ? try appliedChecksums(connection) : [:]
        return Status(
            current: applied.keys.max(), latest: latestVersion,
            pending: migrations.map(\.version).filter { applied[$0] == nil })
    }

    /// Refuses to go on when the database does not match the files (changed or unknown migrations).
    func verify(applied: [Int: String], _ connection: Connection? = nil) throws {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for (version, recorded) in applied.sorted(by: { $0.key < $1.key }) {
            guard let migration = known[version] else { throw StoreError(.unknownMigration, subject: "\(version)") }
            let current = migration.checksum
            guard current == recorded else {
                throw StoreError(.migrationChanged, subject: migration.path, detail: "checksum \(current.prefix(12))… ≠ applied \(recorded.prefix(12))…")
            }
        }
    }

    private func appliedChecksums(_ connection: Connection) throws -> [Int: String] {
        var result: [Int: String] = [:]
        for row in try connection.query("SELECT version, checksum FROM ocop_schema_migration") {
            result[try row.decode("version", as: Int.self)] = try row.decode("checksum", as: String.self)
        }
        return result
    }

    /// The file's checksum (the same SHA-256 of its UTF-8 text the server computed for the migrations applied before
    /// issue 15, so recorded checksums still match).
    private func checksum(_ migration: Migration, _ connection: Connection) throws -> String { migration.checksum }

    /// What the database holds against the files, from the recorded `(version, checksum)` pairs (read by the caller in
    /// its own query): `pending` is empty when the schema is current; a changed or unknown migration throws.
    public func status(applied: [Int: String]) throws -> Status {
        try verify(applied: applied)
        return Status(current: applied.keys.max(), latest: latestVersion, pending: migrations.map(\.version).filter { applied[$0] == nil })
    }
}
