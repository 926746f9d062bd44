import Foundation
import LibPQ
import TestSupport
import Testing

/// Issue 15: `ocop serve` grew ≈ 1.9 KB per GET — each pool job was kept alive by the closure it stored, which held
/// the job. A finished job must be freed, whether it ran at once, waited in the queue (with its timeout timer), or
/// failed.
@Suite("Connection pool frees its jobs; cancelAll stops running queries")
struct ConnectionPoolMemoryTests {
    @Test func finishedJobsAreFreed() async throws {
        let database = try await TestServer.shared.database()
        let pool = database.pool(size: 2)
        defer { pool.shutdown() }
        // One after another: no job ever waits.
        for value in 0..<200 {
            let read = try await pool.withConnection { conn in try conn.query("SELECT \(value)::int AS v").single().decode("v", as: Int.self) }
            #expect(read == value)
        }
        try await waitUntil(limit: .seconds(10)) { pool.liveJobs == 0 }
        #expect(pool.liveJobs == 0)
        // Forty at once on two connections: most wait in the queue with a timeout timer; some fail.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<40 {
                group.addTask { () async throws -> Void in
                    if task % 5 == 0 {
                        do {
                            _ = try await pool.withConnection { conn in try conn.query("SELECT 1/0") }
                            Issue.record("division by zero should fail")
                        } catch is DatabaseError {}
                    } else {
                        _ = try await pool.write { conn in try conn.query("SELECT pg_sleep(0.005)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        try await waitUntil(limit: .seconds(10)) { pool.liveJobs == 0 }
        #expect(pool.liveJobs == 0)
    }

    @Test func cancelAllStopsTheRunningQueryInTheServer() async throws {
        let database = try await TestServer.shared.database()
        let pool = database.pool(size: 1)
        defer { pool.shutdown() }
        let sleeper = Task { try await pool.withConnection { conn in try conn.query("SELECT pg_sleep(60)") } }
        let check = try database.connect()
        let sleeping = { () throws -> Int in
            try check.query(
                "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep(60)%' AND state = 'active'"
            ).single().decode("n", as: Int.self)
        }
        try await waitUntil { (try? sleeping()) == 1 }
        let started = ContinuousClock.now
        pool.cancelAll()
        let result = await sleeper.result
        #expect(throws: (any Error).self) { try result.get() }
        #expect(try sleeping() == 0)
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}
