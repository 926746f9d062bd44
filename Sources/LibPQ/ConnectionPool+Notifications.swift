import Foundation
import Logging

extension ConnectionPool {
    /// Notifications on `channels`, delivered by a dedicated connection on its own thread — to `conninfo` when given
    /// (a direct URL when the pool goes through PgBouncer in transaction mode, where LISTEN does not work), else to the
    /// pool's.
    ///
    /// The first connection checks that notifications reach it: it listens, a second short-lived connection sends a
    /// probe, and the probe must arrive within `probeTimeout` (behind a transaction pooler it arrives elsewhere or
    /// nowhere). The stream ends with an error if the first connection fails or the probe does not arrive — the
    /// consumer then polls. A connection lost later is reopened and listens again; notifications sent while it was
    /// down are lost, so consumers should re-read state after a gap (the timer worker polls anyway). Ending the
    /// iteration stops the thread and closes the connection.
    public func notifications(
        on channels: [String], conninfo listenConninfo: String? = nil, probeTimeout: Duration = .seconds(2)
    ) -> AsyncThrowingStream<Notification, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Notification, any Error>.makeStream()
        let stop = StopFlag()
        continuation.onTermination = { _ in stop.set() }
        let conninfo = listenConninfo ?? configuration.conninfo
        let logger = logger
        let thread = Thread {
            var connection: Connection?
            var everConnected = false
            while !stop.isSet {
                do {
                    if connection == nil || connection!.isBroken {
                        let fresh = try Connection(conninfo: conninfo, logger: logger)
                        for channel in channels { try fresh.listen(channel) }
                        if !everConnected {
                            for early in try Self.probe(fresh, conninfo: conninfo, timeout: probeTimeout, logger: logger) {
                                continuation.yield(early)
                            }
                        }
                        connection = fresh
                        everConnected = true
                    }
                    for notification in try connection!.waitForNotifications(timeout: .milliseconds(200)) {
                        continuation.yield(notification)
                    }
                } catch {
                    connection = nil
                    guard everConnected else {
                        continuation.finish(throwing: error)
                        return
                    }
                    logger.warning("notification connection lost; reconnecting", metadata: ["error": "\(error)"])
                    Thread.sleep(forTimeInterval: 0.5)
                }
            }
            continuation.finish()
        }
        thread.name = "ocop-db-listen"
        thread.start()
        return stream
    }

    /// The channel of the probe that checks a listening connection receives what another session sends.
    static let probeChannel = "ocop_listen_probe"

    /// Sends a probe from a second connection and waits for it on `listening`; returns the other notifications that
    /// arrived meanwhile, or throws when the probe does not come (LISTEN through a transaction pooler).
    static func probe(_ listening: Connection, conninfo: String, timeout: Duration, logger: Logger) throws -> [Notification] {
        try listening.listen(probeChannel)
        defer { _ = try? listening.unlisten(probeChannel) }
        let token = UUID().uuidString
        do {
            let sender = try Connection(conninfo: conninfo, options: .init(preparedStatements: false), logger: logger)
            try sender.notify(probeChannel, payload: token)
        }
        var others: [Notification] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            for notification in try listening.waitForNotifications(timeout: .milliseconds(100)) {
                if notification.channel == probeChannel {
                    if notification.payload == token { return others }
                } else {
                    others.append(notification)
                }
            }
        }
        throw DatabaseError(
            code: .misuse,
            message:
                "LISTEN does not receive notifications on this connection (a transaction-mode pooler such as PgBouncer?): "
                + "give a direct URL with --listen-database-url / OCOP_LISTEN_DATABASE_URL")
    }
}

/// A one-way flag set from any thread.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
