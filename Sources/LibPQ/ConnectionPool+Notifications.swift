import Foundation
import Logging

extension ConnectionPool {
    /// Notifications on `channels`, delivered by a dedicated connection on its own thread.
    ///
    /// The stream ends with an error if the first connection fails. A connection lost later is reopened and
    /// listens again; notifications sent while it was down are lost, so consumers should re-read state after
    /// a gap (the timer worker polls anyway). Ending the iteration stops the thread and closes the connection.
    public func notifications(on channels: [String]) -> AsyncThrowingStream<Notification, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Notification, any Error>.makeStream()
        let stop = StopFlag()
        continuation.onTermination = { _ in stop.set() }
        let conninfo = configuration.conninfo
        let logger = logger
        let thread = Thread {
            var connection: Connection?
            var everConnected = false
            while !stop.isSet {
                do {
                    if connection == nil || connection!.isBroken {
                        let fresh = try Connection(conninfo: conninfo, logger: logger)
                        for channel in channels { try fresh.listen(channel) }
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
}

/// A one-way flag set from any thread.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
