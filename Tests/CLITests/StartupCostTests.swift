import Foundation
import LibPQ
import TestSupport
import Testing

/// Issue 15, "a CLI that starts like psql": a read command opens one connection and writes nothing (no migration
/// check by checksums, no re-registration, no DDL); Ctrl-C and SIGTERM cancel the query it is running in the server.
@Suite("ocop starts like psql: one connection, no writes; signals cancel the running query")
struct StartupCostTests {
    /// This database's counters from the server's statistics: sessions opened, rows written, and the definition
    /// sequence — read until the statistics of backends that just ended have settled.
    static func counters(_ check: Connection) async throws -> [Int] {
        var last: [Int] = []
        for _ in 0..<60 {
            let row = try check.query(
                """
                SELECT sessions::int AS sessions, (tup_inserted + tup_updated + tup_deleted)::int AS writes,
                       (SELECT last_value FROM workflow_definition_id_seq)::int AS seq
                FROM pg_stat_database WHERE datname = current_database()
                """
            ).single()
            let now = [try row.decode("sessions", as: Int.self), try row.decode("writes", as: Int.self), try row.decode("seq", as: Int.self)]
            if now == last { return now }
            last = now
            try await Task.sleep(for: .milliseconds(700))
        }
        return last
    }

    @Test func twentyStatusCallsOpenTwentyConnectionsAndWriteNothing() async throws {
        let cli = try await CLIFixture.make()
        try await cli.addStaff()
        let id = try await cli.startReview()
        try await cli.ok(["status", "\(id)", "--as", "lan"])
        let check = try Connection(conninfo: cli.databaseURL)
        let before = try await Self.counters(check)
        for _ in 0..<20 {
            let output = try await cli.ok(["status", "\(id)", "--as", "lan"])
            #expect(output.contains("DRAFT"))
        }
        try await cli.ok(["history", "\(id)", "--as", "lan"])
        try await cli.ok(["list", "--as", "lan"])
        let after = try await Self.counters(check)
        #expect(after[0] - before[0] == 22, "sessions: one connection per command")
        #expect(after[1] == before[1], "rows written by read commands")
        #expect(after[2] == before[2], "workflow_definition ids taken")
    }

    @Test(arguments: [("TERM", Int32(143)), ("INT", Int32(130))])
    func aSignalCancelsTheRunningQuery(signal: String, status: Int32) async throws {
        let cli = try await CLIFixture.make()
        try await cli.addStaff()
        _ = try await cli.startReview()
        // Another session holds the table, so `ocop list` waits in the server until it is cancelled.
        let locker = try Connection(conninfo: cli.databaseURL)
        try locker.executeScript("BEGIN; LOCK TABLE workflow_instance IN ACCESS EXCLUSIVE MODE")
        let check = try Connection(conninfo: cli.databaseURL)
        let waiting = { () throws -> [Int] in
            try check.query(
                """
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
                """
            ).map { try $0.decode("pid", as: Int.self) }
        }
        let process = Process()
        process.executableURL = cli.runner.executable
        process.arguments = ["list", "--as", "lan", "--database-url", cli.databaseURL]
        process.environment = cli.runner.environment.merging(cli.environment) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var blocked: [Int] = []
        for _ in 0..<300 where blocked.isEmpty {
            blocked = try waiting()
            if blocked.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(blocked.count == 1, "ocop list is waiting on the lock")
        if signal == "TERM" { process.terminate() } else { process.interrupt() }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == status)
        #expect(String(decoding: message, as: UTF8.self).contains("đã hủy"))
        // The server-side query is gone while the lock is still held: it was cancelled, not left to wait.
        var left = try waiting()
        for _ in 0..<100 where !left.isEmpty {
            try await Task.sleep(for: .milliseconds(50))
            left = try waiting()
        }
        #expect(left.isEmpty)
        try locker.executeScript("ROLLBACK")
    }
}
