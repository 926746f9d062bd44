import Foundation
import OCOP
import Store

/// What the server works with; built by the composition root (`ocop serve`) or by tests.
public struct ServerDependencies: Sendable {
    /// The application core: every use case, with its scope and errors.
    public var services: Services
    /// The clock: business time for events fired over HTTP.
    public var now: @Sendable () -> Date
    /// How record fields are named on the dashboard (`workflows/labels/fields.yaml`).
    public var fieldLabels: FieldLabels

    /// Creates the dependencies.
    public init(services: Services, now: @escaping @Sendable () -> Date = { Date() }, fieldLabels: FieldLabels = FieldLabels()) {
        self.services = services
        self.now = now
        self.fieldLabels = fieldLabels
    }
}

/// Settings of the HTTP server.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The largest request body accepted (bytes); larger → 413.
    public var maxBodySize: Int
    /// Whether the server runs the timer worker in the background.
    public var runsTimers: Bool
    /// Whether the server runs the outbox relay (notifications by e-mail and webhook) in the background.
    public var runsOutbox: Bool

    /// Loopback on 8080, 64 KiB bodies, timers and outbox relay on.
    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodySize: Int = 64 * 1024, runsTimers: Bool = true, runsOutbox: Bool = true) {
        self.host = host
        self.port = port
        self.maxBodySize = maxBodySize
        self.runsTimers = runsTimers
        self.runsOutbox = runsOutbox
    }
}
