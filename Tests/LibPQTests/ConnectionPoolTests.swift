import Foundation
import LibPQ
import TestSupport
import Testing

@Suite("Connection pool under concurrency, timeouts, cancellation and dead backends")
struct ConnectionPoolTests {
    @Test func thirtyTwoTasksShareFourConnections() async throws {
        let database = try await TestServer.shared.database()
        try database.connect().executeScript("CREATE TABLE hit (task int, backend int)")
        let pool = database.pool(size: 4)
        defer { pool.shutdown() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<32 {
                group.addTask {
                    try await pool.write { conn in
                        try conn.execute("INSERT INTO hit VALUES (\(task), pg_backend_pid())")
                        try conn.query("SELECT pg_sleep(0.02)")
                    }
                    #expect(pool.statistics.inUse <= 4)
                }
            }
            try await group.waitForAll()
        }
        let check = try database.connect()
        #expect(try check.query("SELECT count(DISTINCT task) AS n FROM hit").single().decode("n", as: Int.self) == 32)
        let backends = try check.query("SELECT count(DISTINCT backend) AS n FROM hit").single().decode("n", as: Int.self)
        #expect(backends <= 4)
        #expect(backends >= 2)
        #expect(pool.statistics.connectionsOpened == backends)
        #expect(pool.statistics.inUse == 0)
        #expect(pool.statistics.waiting == 0)
    }

    @Test func aWaitingCallerTimesOut() async throws {
        let database = try await TestServer.shared.database()
        let pool = database.pool(size: 1, acquireTimeout: .milliseconds(300))
        defer { pool.shutdown() }
        // The blocker holds the only connection far longer than the wait limit, so a caller that got through at
        // all must have been served after it, not timed out; even a loaded machine tells the two apart.
        // 20 s against a 300 ms wait: on a loaded 2-core CI machine the waiter's timeout has been seen to fire 6 s late,
        // so the margin is wide; a caller served only when the blocker ends would still take 20 s.
        let blocker = Task { try await pool.withConnection { conn in try conn.query("SELECT pg_sleep(20)") } }
        try await waitUntil { pool.statistics.inUse == 1 }
        let started = ContinuousClock.now
        do {
            _ = try await pool.withConnection { conn in try conn.query("SELECT 1") }
            Issue.record("the second caller should time out")
        } catch let error as DatabaseError {
            #expect(error.code == .poolTimeout)
        }
        #expect(ContinuousClock.now - started < .seconds(15))
        blocker.cancel()
        _ = await blocker.result
    }

    @Test func cancellingTheTaskCancelsTheQuery() async throws {
        let database = try await TestServer.shared.database()
        let pool = database.pool(size: 1)
        defer { pool.shutdown() }
        let sleeper = Task { try await pool.withConnection { conn in try conn.query("SELECT pg_sleep(30)") } }
        try await waitUntil { pool.statistics.inUse == 1 }
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        sleeper.cancel()
        let result = await sleeper.result
        #expect(throws: CancellationError.self) { try result.get() }
        // Far less than the 30 s the query would have taken, even on a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(15))
        // The connection is healthy and reused afterwards.
        let value = try await pool.withConnection { conn in try conn.query("SELECT 7 AS v").single().decode("v", as: Int.self) }
        #expect(value == 7)
        #expect(pool.statistics.connectionsOpened == 1)
    }

    @Test func cancellingAQueuedCallerRemovesIt() async throws {
        let database = try await TestServer.shared.database()
        let pool = database.pool(size: 1)
        defer { pool.shutdown() }
        let ran = Counter()
        let blocker = Task { try await pool.withConnection { conn in try conn.query("SELECT pg_sleep(30)") } }
        try await waitUntil { pool.statistics.inUse == 1 }
        let queued = Task { try await pool.withConnection { _ in ran.increment() } }
        try await waitUntil { pool.statistics.waiting == 1 }
        queued.cancel()
        let outcome = await queued.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        blocker.cancel()
        _ = await blocker.result
        #expect(ran.value == 0)
    }

    @Test func terminatedBackendsAreReplacedWithoutHangingCallers() async throws {
        let database = try await TestServer.shared.database()
        let pool = database.pool(size: 4)
        defer { pool.shutdown() }
        // Open all four connections.
        let pids = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await pool.withConnection { conn in
                        try conn.query("SELECT pg_backend_pid() AS pid, pg_sleep(0.2)").single().decode("pid", as: Int.self)
                    }
                }
            }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(pids.count == 4)
        let admin = try database.connect()
        for pid in pids { try admin.query("SELECT pg_terminate_backend(\(Int32(pid)))") }

        // Every caller returns (none hangs); transactions start over on a fresh connection, so they succeed.
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        return try await pool.write { conn in try conn.query("SELECT 1 AS one").single().decode("one", as: Int.self) == 1 }
                    } catch let error as DatabaseError where error.isConnectionError {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 })
        // Plain (non-transaction) work also recovers once the broken connection is replaced.
        for _ in 0..<4 {
            let pid = try await pool.withConnection { conn in try conn.query("SELECT pg_backend_pid() AS pid").single().decode("pid", as: Int.self) }
            #expect(!pids.contains(pid))
        }
        #expect(pool.statistics.connectionsOpened >= 8)
    }

    @Test func shutdownFailsWaitingCallersAndLaterOnes() async throws {
        let database = try await TestServer.shared.database()
        let pool = database.pool(size: 1)
        pool.shutdown()
        do {
            _ = try await pool.withConnection { _ in 1 }
            Issue.record("a closed pool should refuse work")
        } catch let error as DatabaseError {
            #expect(error.code == .poolClosed)
        }
    }
}

/// Polls `condition` until it holds; fails the test after `limit`.
func waitUntil(limit: Duration = .seconds(30), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not reached within \(limit)")
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
