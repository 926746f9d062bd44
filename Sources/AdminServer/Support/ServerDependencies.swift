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
    /// Failed authentications throttled per client address and user name (API tokens, dashboard sign-in).
    public var authThrottle: AuthThrottle

    /// Creates the dependencies.
    public init(
        services: Services, now: @escaping @Sendable () -> Date = { Date() }, fieldLabels: FieldLabels = FieldLabels(),
        authThrottle: AuthThrottle = AuthThrottle()
    ) {
        self.services = services
        self.now = now
        self.fieldLabels = fieldLabels
        self.authThrottle = authThrottle
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
    /// Which requests are logged (one line each): all, only failures, one in N, or none.
    public var requestLog: RequestLog = .all
    /// Whether (and how often, where) the server anchors the history in a signed checkpoint file; nil: never.
    public var anchoring: AnchorSchedule?
    /// Proxies whose `X-Forwarded-For` is believed (their socket addresses); none by default, so the client address is
    /// the socket peer and a client cannot pick its own address for throttling.
    public var trustedProxies: Set<String> = []

    /// Loopback on 8080, 64 KiB bodies, timers and outbox relay on.
    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodySize: Int = 64 * 1024, runsTimers: Bool = true, runsOutbox: Bool = true) {
        self.host = host
        self.port = port
        self.maxBodySize = maxBodySize
        self.runsTimers = runsTimers
        self.runsOutbox = runsOutbox
    }
}

/// Which requests the server logs, one line each (`ocop serve --request-log`, `OCOP_REQUEST_LOG`): under load a line per
/// request is hundreds of MB an hour, so a production server usually logs failures and a sample.
public enum RequestLog: Sendable, Hashable {
    /// Every request.
    case all
    /// Responses with status 400 or above (always logged whatever the mode, except `off`).
    case errors
    /// Failures, and one successful request in N.
    case sample(Int)
    /// None.
    case off

    /// `all`, `errors`, `off` or `sample:N` (N ≥ 1); nil for anything else.
    public init?(text: String) {
        switch text.lowercased() {
        case "all": self = .all
        case "errors": self = .errors
        case "off", "none": self = .off
        default:
            let parts = text.lowercased().split(separator: ":")
            guard parts.count == 2, parts[0] == "sample", let n = Int(parts[1]), n >= 1 else { return nil }
            self = .sample(n)
        }
    }

    /// Whether to log the `sequence`-th request (counted by the server), answered with `status`.
    public func logs(status: Int, sequence: UInt64) -> Bool {
        switch self {
        case .all: true
        case .off: false
        case .errors: status >= 400
        case .sample(let n): status >= 400 || sequence % UInt64(n) == 0
        }
    }
}
