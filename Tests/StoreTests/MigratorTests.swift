import Foundation
import LibPQ
import Store
import TestSupport
import Testing

@Suite("Migrations")
struct MigratorTests {
    /// A folder of migration files for one test.
    final class Folder {
        let url: URL
        init(_ files: [String: String]) throws {
            url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("ocop-mig-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for (name, sql) in files { try write(name, sql) }
        }
        func write(_ name: String, _ sql: String) throws {
            try sql.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    /// An empty database (not the migrated template), so these tests control every file.
    func emptyDatabase() throws -> Connection {
        let connection = try TestServer.shared.makeDatabase().connect()
        try connection.executeScript("DROP TABLE ocop_schema_migration; DROP TABLE ocop_setting")
        return connection
    }

    @Test func appliesInOrderOnceEach() throws {
        let folder = try Folder([
            "0002_b.sql": "INSERT INTO log VALUES ('b')",
            "0001_a.sql": "CREATE TABLE log (name text); INSERT INTO log VALUES ('a')",
        ])
        let connection = try emptyDatabase()
        let migrator = try Migrator(directory: folder.url)
        #expect(try migrator.status(connection) == .init(current: nil, latest: 2, pending: [1, 2]))
        #expect(try migrator.migrate(connection) == [1, 2])
        #expect(try migrator.migrate(connection) == [])
        let names = try connection.query("SELECT name FROM log").map { try $0.decode("name", as: String.self) }
        #expect(names == ["a", "b"])
        let recorded = try connection.query("SELECT version, name, length(checksum) AS len FROM ocop_schema_migration ORDER BY version")
        #expect(try recorded.map { try $0.decode("name", as: String.self) } == ["a", "b"])
        #expect(try recorded.map { try $0.decode("len", as: Int.self) } == [64, 64])

        try folder.write("0003_c.sql", "INSERT INTO log VALUES ('c')")
        #expect(try Migrator(directory: folder.url).migrate(connection) == [3])
        #expect(try Migrator(directory: folder.url).status(connection) == .init(current: 3, latest: 3, pending: []))
    }

    @Test func aChangedAppliedFileIsRefused() throws {
        let folder = try Folder(["0001_a.sql": "CREATE TABLE a (id int)"])
        let connection = try emptyDatabase()
        try Migrator(directory: folder.url).migrate(connection)
        try folder.write("0001_a.sql", "CREATE TABLE a (id bigint)")
        try folder.write("0002_b.sql", "CREATE TABLE b (id int)")
        do {
            try Migrator(directory: folder.url).migrate(connection)
            Issue.record("an edited migration must be refused")
        } catch let error as StoreError {
            #expect(error.code == .migrationChanged)
            #expect(error.subject.hasSuffix("0001_a.sql"))
        }
        // Nothing after it was applied either.
        #expect(try connection.query("SELECT to_regclass('b') IS NULL AS absent").single().decode("absent", as: Bool.self))
    }

    @Test func aFailingMigrationLeavesNothingBehind() throws {
        let folder = try Folder([
            "0001_a.sql": "CREATE TABLE a (id int)",
            "0002_bad.sql": "CREATE TABLE half (id int); INSERT INTO a VALUES ('không phải số')",
        ])
        let connection = try emptyDatabase()
        do {
            try Migrator(directory: folder.url).migrate(connection)
            Issue.record("a failing migration must fail")
        } catch let error as StoreError {
            #expect(error.code == .migrationFailed)
            #expect(error.subject.hasSuffix("0002_bad.sql"))
        }
        #expect(try connection.query("SELECT to_regclass('half') IS NULL AS absent").single().decode("absent", as: Bool.self))
        #expect(try Migrator(directory: folder.url).status(connection).pending == [2])
    }

    @Test(arguments: ["1_a.sql", "0001.sql", "00x1_a.sql", "0001_.sql"])
    func badFileNamesAreRefused(name: String) throws {
        let folder = try Folder([name: "SELECT 1"])
        #expect(throws: StoreError.self) { try Migrator(directory: folder.url) }
    }

    @Test func duplicateNumbersAreRefused() throws {
        let folder = try Folder(["0001_a.sql": "SELECT 1", "0001_b.sql": "SELECT 2"])
        do {
            _ = try Migrator(directory: folder.url)
            Issue.record("duplicate numbers must be refused")
        } catch let error as StoreError {
            #expect(error.code == .duplicateMigration)
        }
    }

    @Test func aDatabaseAheadOfTheFilesIsRefused() throws {
        let folder = try Folder(["0001_a.sql": "CREATE TABLE a (id int)", "0002_b.sql": "CREATE TABLE b (id int)"])
        let connection = try emptyDatabase()
        try Migrator(directory: folder.url).migrate(connection)
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("0002_b.sql"))
        #expect(throws: StoreError.self) { try Migrator(directory: folder.url).migrate(connection) }
    }

    @Test func concurrentMigratorsSerialize() async throws {
        let folder = try Folder([
            "0001_a.sql": "CREATE TABLE log (name text)",
            "0002_slow.sql": "SELECT pg_sleep(0.3); INSERT INTO log VALUES ('slow')",
        ])
        let database = try await TestServer.shared.database()
        try database.connect().executeScript("DROP TABLE ocop_schema_migration; DROP TABLE ocop_setting")
        let url = folder.url
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await blocking { try Migrator(directory: url).migrate(try database.connect()) }
                }
            }
            return try await group.reduce(into: [[Int]]()) { $0.append($1) }
        }
        #expect(applied.flatMap { $0 }.sorted() == [1, 2])
        let rows = try database.connect().query("SELECT count(*) AS n FROM log").single().decode("n", as: Int.self)
        #expect(rows == 1)
    }

    @Test func theShippedMigrationsApply() throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        let migrator = try Migrator()
        #expect(migrator.latestVersion >= 1)
        #expect(try migrator.status(connection).pending.isEmpty)
        let id = try connection.query("SELECT value->>0 AS id FROM ocop_setting WHERE key = 'installation.id'").count
        #expect(id == 1)
    }
}
