internal import CLibPQ
import Foundation

/// A message sent with `NOTIFY channel, 'payload'`.
public struct Notification: Sendable, Equatable {
    /// The channel it was sent on.
    public var channel: String
    /// The payload, possibly empty.
    public var payload: String
    /// The server process that sent it.
    public var senderPID: Int32
}

extension Connection {
    /// Starts listening on a channel.
    public func listen(_ channel: String) throws {
        try queryUnprepared("LISTEN \(identifier: channel)")
    }

    /// Stops listening on a channel.
    public func unlisten(_ channel: String) throws {
        try queryUnprepared("UNLISTEN \(identifier: channel)")
    }

    /// Sends a notification (`pg_notify`), delivered when the surrounding transaction commits.
    public func notify(_ channel: String, payload: String = "") throws {
        try query("SELECT pg_notify(\(channel), \(payload))")
    }

    /// Waits up to `timeout` for notifications on the channels this connection listens to.
    ///
    /// Returns at once with those already received; an empty array means the time ran out.
    public func waitForNotifications(timeout: Duration) throws -> [Notification] {
        var received = try drainNotifications()
        guard received.isEmpty else { return received }
        let socket = PQsocket(handle)
        guard socket >= 0 else { throw DatabaseError(code: .connectionLost, message: "connection has no socket") }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        let ready = poll(&descriptor, 1, milliseconds)
        if ready < 0, errno != EINTR {
            throw DatabaseError(code: .connectionLost, message: "poll failed: \(String(cString: strerror(errno)))")
        }
        received = try drainNotifications()
        return received
    }

    /// For an idle connection: whether the server has closed it (a terminated backend, a restarted server).
    ///
    /// A socket that is readable while no query runs holds either notifications or the server's goodbye; reading
    /// it tells which, without a round trip. Costs one `poll` when nothing is pending.
    public func hasBeenClosedByServer() -> Bool {
        if isBroken { return true }
        let socket = PQsocket(handle)
        guard socket >= 0 else { return true }
        // The server's goodbye is an error message followed by end-of-file: reading the message may leave the EOF
        // for the next read, so keep reading while the socket stays readable.
        for _ in 0..<4 {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { return isBroken }
            if descriptor.revents & Int16(POLLHUP | POLLERR) != 0 { return true }
            if PQconsumeInput(handle) == 0 { return true }
            if isBroken { return true }
        }
        return isBroken
    }

    private func drainNotifications() throws -> [Notification] {
        guard PQconsumeInput(handle) == 1 else {
            throw DatabaseError(code: .connectionLost, message: Self.trimmed(PQerrorMessage(handle)))
        }
        var received: [Notification] = []
        while let notice = PQnotifies(handle) {
            received.append(
                Notification(
                    channel: String(cString: notice.pointee.relname), payload: String(cString: notice.pointee.extra),
                    senderPID: notice.pointee.be_pid))
            PQfreemem(notice)
        }
        return received
    }
}
