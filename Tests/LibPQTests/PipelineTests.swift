import Foundation
import LibPQ
import TestSupport
import Testing

/// `Connection.executeDeferred`: writes queued in a transaction go with the next statement (or the COMMIT) in one
/// libpq pipeline, with the same outcome as running each at once.
@Suite("Deferred writes through libpq's pipeline mode")
struct PipelineTests {
    @Test func deferredWritesRunInOrderBeforeTheNextQueryAndCommitWithTheTransaction() async throws {
        let database = try await TestServer.shared.database()
        let conn = try database.connect()
        try conn.executeScript("CREATE TABLE ledger (n int PRIMARY KEY, note text)")
        let seen = try conn.transaction { conn in
            try conn.executeDeferred("INSERT INTO ledger VALUES (\(1), \("một"))")
            try conn.executeDeferred("UPDATE ledger SET note = note || \(" hai") WHERE n = \(1)")
            // The query sees both writes: they ran first, in order, in the same round trip.
            let note = try conn.query("SELECT note FROM ledger WHERE n = \(1)").single().decode("note", as: String.self)
            try conn.executeDeferred("INSERT INTO ledger VALUES (\(2), \("ba"))")
            return note
        }
        #expect(seen == "một hai")
        let rows = try conn.query("SELECT n, note FROM ledger ORDER BY n").map { try "\($0.decode("n", as: Int.self)):\($0.decode("note", as: String.self))" }
        #expect(rows == ["1:một hai", "2:ba"])
        #expect(!conn.isInTransaction)
    }

    @Test func aFailingDeferredWriteIsThrownByTheCommitWithItsSQLAndNothingIsKept() async throws {
        let database = try await TestServer.shared.database()
        let conn = try database.connect()
        try conn.executeScript("CREATE TABLE ledger (n int PRIMARY KEY, note text); CREATE TABLE after_failure (n int)")
        var caught: DatabaseError?
        do {
            try conn.transaction(maxAttempts: 1) { conn in
                try conn.executeDeferred("INSERT INTO ledger VALUES (\(1), \("a"))")
                try conn.executeDeferred("INSERT INTO ledger VALUES (\(1), \("trùng"))")
                try conn.executeDeferred("INSERT INTO after_failure VALUES (\(1))")
            }
        } catch let error as DatabaseError {
            caught = error
        }
        #expect(caught?.sqlState == .uniqueViolation)
        #expect(caught?.query?.contains("INSERT INTO ledger") == true)
        #expect(try conn.query("SELECT count(*)::int AS c FROM ledger").single().decode("c", as: Int.self) == 0)
        #expect(try conn.query("SELECT count(*)::int AS c FROM after_failure").single().decode("c", as: Int.self) == 0)
        #expect(!conn.isInTransaction)
        // The connection goes on, in and out of pipelines.
        try conn.transaction { conn in try conn.executeDeferred("INSERT INTO ledger VALUES (\(7), \("bảy"))") }
        #expect(try conn.query("SELECT note FROM ledger").single().decode("note", as: String.self) == "bảy")
    }

    @Test func aQueryAfterAFailedDeferredWriteThrowsThatWriteError() async throws {
        let database = try await TestServer.shared.database()
        let conn = try database.connect()
        try conn.executeScript("CREATE TABLE ledger (n int PRIMARY KEY CHECK (n > 0))")
        var caught: DatabaseError?
        do {
            try conn.transaction(maxAttempts: 1) { conn in
                try conn.executeDeferred("INSERT INTO ledger VALUES (\(-1))")
                _ = try conn.query("SELECT count(*) AS c FROM ledger")
                Issue.record("the query must not run after the failed write")
            }
        } catch let error as DatabaseError {
            caught = error
        }
        #expect(caught?.sqlState == .checkViolation)
        #expect(caught?.query?.contains("INSERT INTO ledger") == true)
        #expect(try conn.query("SELECT count(*)::int AS c FROM ledger").single().decode("c", as: Int.self) == 0)
    }

    @Test func aBodyThatThrowsAfterDeferringSendsNothingAndOutsideATransactionAWriteRunsAtOnce() async throws {
        let database = try await TestServer.shared.database()
        let conn = try database.connect()
        try conn.executeScript("CREATE TABLE ledger (n int PRIMARY KEY)")
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try conn.transaction { conn in
                try conn.executeDeferred("INSERT INTO ledger VALUES (\(1))")
                throw Refused()
            }
        }
        #expect(try conn.query("SELECT count(*)::int AS c FROM ledger").single().decode("c", as: Int.self) == 0)
        try conn.executeDeferred("INSERT INTO ledger VALUES (\(2))")
        let other = try database.connect()
        #expect(try other.query("SELECT count(*)::int AS c FROM ledger").single().decode("c", as: Int.self) == 1)
    }

    @Test func thePoolCommitsDeferredWritesAndRetriesASerializationFailureWholly() async throws {
        let database = try await TestServer.shared.database()
        let setup = try database.connect()
        try setup.executeScript("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 0)")
        let pool = ConnectionPool(configuration: .init(conninfo: database.conninfo, size: 4))
        defer { pool.shutdown() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await pool.write(.serializable, maxAttempts: 50) { conn in
                        let n = try conn.query("SELECT n FROM counter WHERE id = 1").single().decode("n", as: Int.self)
                        try conn.executeDeferred("UPDATE counter SET n = \(n + 1) WHERE id = 1")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try setup.query("SELECT n FROM counter WHERE id = 1").single().decode("n", as: Int.self) == 40)
    }
}
