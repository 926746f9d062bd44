import Foundation
import LibPQ
import TestSupport
import Testing

@Suite("Closure-scoped transactions")
struct TransactionTests {
    struct Refused: Error, Equatable { let reason: String }

    @Test func commitsWhenTheClosureReturns() throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        try connection.executeScript("CREATE TABLE t (v int)")
        let returned = try connection.transaction { conn in
            try conn.execute("INSERT INTO t VALUES (\(1))")
            return "done"
        }
        #expect(returned == "done")
        #expect(try connection.query("SELECT count(*) AS n FROM t").single().decode("n", as: Int.self) == 1)
        #expect(!connection.isInTransaction)
    }

    @Test func rollsBackWhenTheClosureThrowsAndRethrowsTheFirstError() throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        try connection.executeScript("CREATE TABLE t (v int)")
        #expect(throws: Refused(reason: "điểm 49.99 < 50")) {
            try connection.transaction { conn in
                try conn.execute("INSERT INTO t VALUES (\(1))")
                throw Refused(reason: "điểm 49.99 < 50")
            }
        }
        #expect(try connection.query("SELECT count(*) AS n FROM t").single().decode("n", as: Int.self) == 0)
        #expect(!connection.isInTransaction)
    }

    @Test func aFailedStatementRollsBackEverything() throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        try connection.executeScript("CREATE TABLE t (v int PRIMARY KEY)")
        do {
            try connection.transaction { conn in
                try conn.execute("INSERT INTO t VALUES (\(1))")
                try conn.execute("INSERT INTO t VALUES (\(1))")
            }
            Issue.record("duplicate key should fail")
        } catch let error as DatabaseError {
            #expect(error.sqlState == .uniqueViolation)
        }
        #expect(try connection.query("SELECT count(*) AS n FROM t").single().decode("n", as: Int.self) == 0)
    }

    @Test func nestedTransactionsAreRefused() throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        do {
            try connection.transaction { conn in
                try conn.transaction { _ in }
            }
            Issue.record("nested transaction should be refused")
        } catch let error as DatabaseError {
            #expect(error.code == .misuse)
        }
    }

    @Test(arguments: IsolationLevel.allCases)
    func isolationLevelIsApplied(level: IsolationLevel) throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        let seen = try connection.transaction(level) { conn in
            try conn.query("SHOW transaction_isolation").single().decode(at: 0, as: String.self)
        }
        #expect(seen == level.rawValue.lowercased())
        let readOnly = try connection.transaction(readOnly: true) { conn in
            try conn.query("SHOW transaction_read_only").single().decode(at: 0, as: String.self)
        }
        #expect(readOnly == "on")
    }

    /// Two serializable transactions each read the table, then insert: write skew. PostgreSQL aborts one with
    /// 40001; the transaction runs its closure again and both rows end up committed.
    @Test func serializationFailureIsRetried() async throws {
        let database = try await TestServer.shared.database()
        let setup = try database.connect()
        try setup.executeScript("CREATE TABLE duty (doctor text, on_call bool); INSERT INTO duty VALUES ('a', true), ('b', true)")
        let pool = database.pool(size: 2)
        defer { pool.shutdown() }
        let attempts = Counter()
        let bothRead = Barrier(parties: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for doctor in ["a", "b"] {
                group.addTask {
                    try await pool.write(.serializable) { conn in
                        let attempt = attempts.increment()
                        let onCall = try conn.query("SELECT count(*) AS n FROM duty WHERE on_call").single().decode("n", as: Int.self)
                        // Only the first round waits, so that both read before either writes.
                        if attempt <= 2 { bothRead.arriveAndWait() }
                        if onCall >= 1 {
                            try conn.execute("INSERT INTO duty VALUES (\(doctor + "-relief"), \(false))")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(attempts.value == 3)
        #expect(try setup.query("SELECT count(*) AS n FROM duty").single().decode("n", as: Int.self) == 4)
    }

    @Test func retriesAreBounded() async throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        let attempts = Counter()
        do {
            try connection.transaction(maxAttempts: 3) { conn in
                attempts.increment()
                try conn.executeScript("DO $$ BEGIN RAISE EXCEPTION 'giả lập' USING ERRCODE = '40001'; END $$")
            }
            Issue.record("a transaction that always fails must fail")
        } catch let error as DatabaseError {
            #expect(error.sqlState == .serializationFailure)
        }
        #expect(attempts.value == 3)
    }
}

/// A thread-safe counter for closures that run on pool threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    @discardableResult
    func increment() -> Int { lock.withLock { count += 1; return count } }
    var value: Int { lock.withLock { count } }
}

/// Blocks threads until `parties` of them have arrived.
final class Barrier: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting = 0
    private let parties: Int

    init(parties: Int) { self.parties = parties }

    func arriveAndWait() {
        condition.lock()
        waiting += 1
        if waiting >= parties {
            condition.broadcast()
        } else {
            let deadline = Date().addingTimeInterval(10)
            while waiting < parties && condition.wait(until: deadline) {}
        }
        condition.unlock()
    }
}
