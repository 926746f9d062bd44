import Foundation
import LibPQ
import TestSupport
import Testing

@Suite("LISTEN / NOTIFY")
struct NotificationTests {
    @Test func committedNotificationsArriveRolledBackOnesDoNot() async throws {
        let database = try await TestServer.shared.database()
        let pool = database.pool(size: 2)
        defer { pool.shutdown() }
        let stream = pool.notifications(on: ["ocop_transition", "other"])
        var iterator = stream.makeAsyncIterator()
        // Give the listener a moment to LISTEN before sending.
        try await Task.sleep(for: .milliseconds(300))

        struct Abort: Error {}
        _ = try? await pool.write { conn -> Void in
            try conn.notify("ocop_transition", payload: "rolled back")
            throw Abort()
        }
        try await pool.write { conn in try conn.notify("ocop_transition", payload: "sản phẩm 42") }
        try await pool.write { conn in try conn.notify("ignored_channel", payload: "x") }
        try await pool.write { conn in try conn.notify("other", payload: "") }

        let first = try await iterator.next()
        #expect(first?.channel == "ocop_transition")
        #expect(first?.payload == "sản phẩm 42")
        let second = try await iterator.next()
        #expect(second?.channel == "other")
    }

    @Test func aConnectionWaitsAndTimesOut() throws {
        let database = try TestServer.shared.makeDatabase()
        let listener = try database.connect()
        try listener.listen("timers")
        let started = ContinuousClock.now
        #expect(try listener.waitForNotifications(timeout: .milliseconds(200)).isEmpty)
        #expect(ContinuousClock.now - started >= .milliseconds(150))
        try database.connect().notify("timers", payload: "due")
        let received = try listener.waitForNotifications(timeout: .seconds(5))
        #expect(received.map(\.payload) == ["due"])
    }
}
