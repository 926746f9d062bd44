import Foundation
import LibPQ
import Logging
import Metrics
import Workflow

/// Delivers the outbox: claims due rows with `FOR UPDATE SKIP LOCKED` in small batches, turns events into messages
/// for the people concerned, hands each message to its channel, and records every attempt.
///
/// - **At least once.** A row is marked delivered in the transaction that holds its lock, after the channel accepted
///   it. A relay killed mid-batch commits nothing: its rows are delivered again, under the same `delivery_id`.
/// - **Never concurrently.** The row lock is held while the channel runs, so two relays never work on one row; any
///   number of relays may run against one database.
/// - **Backoff.** A failure waits `base × 2^(attempts−1)` (at most `cap`) before the next try; after `maxAttempts`
///   failures the row is parked until an administrator retries it (`ocop outbox retry ID`).
public struct OutboxRelay: Sendable {
    /// How the relay behaves; every field has a default and an environment variable.
    public struct Configuration: Sendable, Hashable {
        /// Rows claimed per transaction (`OCOP_OUTBOX_BATCH`, default 10).
        public var batchSize: Int = 10
        /// Failed attempts before a row is parked (`OCOP_OUTBOX_MAX_ATTEMPTS`, default 8).
        public var maxAttempts: Int = 8
        /// The first retry's delay (`OCOP_OUTBOX_BACKOFF_BASE`, seconds, default 30).
        public var backoffBase: TimeInterval = 30
        /// The longest delay between retries (`OCOP_OUTBOX_BACKOFF_CAP`, seconds, default 6 hours).
        public var backoffCap: TimeInterval = 6 * 3600
        /// The sendmail command (`OCOP_SENDMAIL`, default `/usr/sbin/sendmail -t -i`).
        public var sendmail: String = SendmailChannel.defaultCommand
        /// The e-mail sender (`OCOP_MAIL_FROM`, default `ocop@localhost`).
        public var mailFrom: String = "ocop@localhost"
        /// The hour (Asia/Ho_Chi_Minh) daily digests go out (`OCOP_DIGEST_HOUR`, 0–23, default 7).
        public var digestHour: Int = 7
        /// This relay's name in the attempt records (host and process id by default).
        public var relayName: String = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"

        /// The defaults.
        public init() {}

        /// The defaults, overridden by `OCOP_OUTBOX_*`, `OCOP_SENDMAIL` and `OCOP_MAIL_FROM` where set.
        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Configuration {
            var configuration = Configuration()
            if let value = environment["OCOP_OUTBOX_BATCH"].flatMap(Int.init), value > 0 { configuration.batchSize = value }
            if let value = environment["OCOP_OUTBOX_MAX_ATTEMPTS"].flatMap(Int.init), value > 0 { configuration.maxAttempts = value }
            if let value = environment["OCOP_OUTBOX_BACKOFF_BASE"].flatMap(Double.init), value >= 0 { configuration.backoffBase = value }
            if let value = environment["OCOP_OUTBOX_BACKOFF_CAP"].flatMap(Double.init), value >= 0 { configuration.backoffCap = value }
            if let value = environment["OCOP_SENDMAIL"], !value.isEmpty { configuration.sendmail = value }
            if let value = environment["OCOP_MAIL_FROM"], !value.isEmpty { configuration.mailFrom = value }
            if let value = environment["OCOP_DIGEST_HOUR"].flatMap(Int.init), (0...23).contains(value) { configuration.digestHour = value }
            return configuration
        }

        /// The first digest hour strictly after `instant`.
        public func nextDigest(after instant: Date) -> Date {
            let day = VietnamTime.date(of: instant)
            let today = VietnamTime.startOfDay(day).addingTimeInterval(TimeInterval(digestHour * 3600))
            return today > instant ? today : VietnamTime.startOfDay(day.adding(days: 1)).addingTimeInterval(TimeInterval(digestHour * 3600))
        }

        /// The delay before attempt `attempts + 1`, after `attempts` failures.
        public func backoff(afterFailures attempts: Int) -> TimeInterval {
            min(backoffCap, backoffBase * pow(2, Double(max(attempts - 1, 0))))
        }
    }

    /// What one pass did.
    public struct Pass: Sendable, Hashable {
        /// Messages the channels accepted.
        public var delivered = 0
        /// Messages that failed and will be retried.
        public var failed = 0
        /// Messages parked after their last failure.
        public var parked = 0
        /// Events turned into messages (or found to concern nobody).
        public var expanded = 0
        /// Messages dropped because the person opted out or removed the address meanwhile.
        public var skipped = 0

        /// Nothing was due.
        public var isEmpty: Bool { delivered + failed + parked + expanded + skipped == 0 }

        static func + (a: Pass, b: Pass) -> Pass {
            Pass(
                delivered: a.delivered + b.delivered, failed: a.failed + b.failed, parked: a.parked + b.parked, expanded: a.expanded + b.expanded,
                skipped: a.skipped + b.skipped)
        }
    }

    let pool: ConnectionPool
    let store: WorkflowStore
    let templates: NotificationCatalog
    /// The channels by name.
    let channels: [String: any OutboxChannel]
    /// The configuration.
    public let configuration: Configuration
    let logger: Logger

    /// Creates a relay; without `channels`, e-mail through sendmail and webhooks as configured.
    public init(
        pool: ConnectionPool, store: WorkflowStore, templates: NotificationCatalog, configuration: Configuration = .fromEnvironment(),
        channels: [any OutboxChannel]? = nil, logger: Logger = Logger(label: "ocop.outbox")
    ) {
        self.pool = pool
        self.store = store
        self.templates = templates
        self.configuration = configuration
        let list = channels ?? [SendmailChannel(command: configuration.sendmail, from: configuration.mailFrom), WebhookChannel()]
        self.channels = Dictionary(list.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.logger = logger
    }

    /// The same relay with another configuration (channels built from it unless given explicitly before).
    public func reconfigured(_ configuration: Configuration) -> OutboxRelay {
        var channels = Array(self.channels.values)
        if channels.contains(where: { $0 is SendmailChannel }) {
            channels.removeAll { $0 is SendmailChannel }
            channels.append(SendmailChannel(command: configuration.sendmail, from: configuration.mailFrom))
        }
        return OutboxRelay(pool: pool, store: store, templates: templates, configuration: configuration, channels: channels, logger: logger)
    }

    /// Delivers batches until nothing is due at `now()` or `limit` rows were handled.
    public func runDue(now: @escaping @Sendable () -> Date = Date.init, limit: Int = 10_000) async throws -> Pass {
        var total = Pass()
        var handled = 0
        while handled < limit {
            let pass = try await pool.write(.readCommitted, maxAttempts: 1) { connection in
                try self.deliverBatch(now: now, on: connection)
            }
            if pass.isEmpty { break }
            total = total + pass
            handled += pass.delivered + pass.failed + pass.parked + pass.expanded + pass.skipped
        }
        try? await recordLag(now: now())
        return total
    }

    /// Claims up to `batchSize` due rows in the caller's transaction and handles each; the caller commits.
    public func deliverBatch(now: @Sendable () -> Date, on connection: Connection) throws -> Pass {
        let rows = try connection.query(
            """
            SELECT o.id, o.instance_id, o.seq, o.kind, o.payload, o.attempts, o.delivery_id, o.recipient, o.channel, o.created_at,
                u.language, c.email, c.phone, c.webhook_url, c.webhook_secret, coalesce(c.opt_out, '{}') AS opt_out
            FROM workflow_outbox o
            LEFT JOIN app_user u ON u.id = o.recipient
            LEFT JOIN user_contact c ON c.user_id = o.recipient
            WHERE o.delivered_at IS NULL AND o.parked_at IS NULL AND o.next_attempt_at <= \(now())
            ORDER BY o.next_attempt_at, o.id
            LIMIT \(configuration.batchSize)
            FOR UPDATE OF o SKIP LOCKED
            """)
        var pass = Pass()
        var digested: Set<String> = []
        for row in rows {
            let id = try row.decode("id", as: Int64.self)
            let kind = try row.decode("kind", as: String.self)
            if kind == "digest_item" {
                let recipient = try row.decode("recipient", as: String.self)
                let channel = try row.decode("channel", as: String.self)
                // The first due item of a person composes their digest with every other due item of theirs.
                if digested.insert("\(recipient)/\(channel)").inserted {
                    pass.expanded += try composeDigest(recipient: recipient, channel: channel, now: now, on: connection)
                }
                continue
            }
            guard kind == "message" else {
                try expand(row, id: id, kind: kind, now: now(), on: connection)
                try connection.execute("UPDATE workflow_outbox SET delivered_at = \(now()), processed_at = \(now()) WHERE id = \(id)")
                pass.expanded += 1
                continue
            }
            pass = pass + (try deliverMessage(row, id: id, now: now, on: connection))
        }
        return pass
    }

    /// One message: to its channel, then the outcome and the attempt recorded.
    private func deliverMessage(_ row: Row, id: Int64, now: @Sendable () -> Date, on connection: Connection) throws -> Pass {
        let channelName = try row.decode("channel", as: String.self)
        let attempt = try row.decode("attempts", as: Int.self) + 1
        let payload = try row.decode("payload", as: JSONB<[String: JSONValue]>.self).value
        let optOut = try row.decode("opt_out", as: [String].self)
        let address: String? = channelName == "email" ? try row.decode("email", as: String?.self) : try row.decode("webhook_url", as: String?.self)
        let started = now()
        func record(_ outcome: String, error: String?) throws {
            try connection.execute(
                """
                INSERT INTO workflow_outbox_attempt (outbox_id, attempt, channel, relay, started_at, finished_at, outcome, error)
                VALUES (\(id), \(attempt), \(channelName), \(configuration.relayName), \(started), \(now()), \(outcome), \(error))
                """)
        }
        guard let address, !optOut.contains(channelName) else {
            // The person opted out or removed the address after the message was written: nothing to send.
            try record("skipped", error: nil)
            try connection.execute("UPDATE workflow_outbox SET delivered_at = \(now()), processed_at = \(now()) WHERE id = \(id)")
            return Pass(skipped: 1)
        }
        let message = OutboxMessage(
            outboxID: id, deliveryID: try row.decode("delivery_id", as: UUID.self), recipient: try row.decode("recipient", as: String.self),
            language: try row.decode("language", as: String?.self) ?? "vi", address: address, phone: try row.decode("phone", as: String?.self),
            secret: try row.decode("webhook_secret", as: String?.self), subject: payload["subject"]?.stringValue ?? "",
            body: payload["body"]?.stringValue ?? "", template: payload["template"]?.stringValue ?? "",
            instanceID: try row.decode("instance_id", as: Int64.self), createdAt: try row.decode("created_at", as: Date.self))
        do {
            guard let channel = channels[channelName] else { throw OutboxDeliveryError("no channel \(channelName) in this relay") }
            try channel.deliver(message)
        } catch {
            let reason = (error as? OutboxDeliveryError)?.reason ?? "\(error)"
            if attempt >= configuration.maxAttempts {
                try record("parked", error: reason)
                try connection.execute(
                    "UPDATE workflow_outbox SET attempts = \(attempt), last_error = \(reason), parked_at = \(now()) WHERE id = \(id)")
                Counter(label: "ocop_outbox_parked_total", dimensions: [("channel", channelName)]).increment()
                logger.warning("outbox message parked", metadata: ["outbox": "\(id)", "attempts": "\(attempt)", "error": "\(reason)"])
                return Pass(parked: 1)
            }
            let next = now().addingTimeInterval(configuration.backoff(afterFailures: attempt))
            try record("failed", error: reason)
            try connection.execute(
                "UPDATE workflow_outbox SET attempts = \(attempt), last_error = \(reason), next_attempt_at = \(next) WHERE id = \(id)")
            Counter(label: "ocop_outbox_failed_total", dimensions: [("channel", channelName)]).increment()
            logger.info("outbox message failed; will retry", metadata: ["outbox": "\(id)", "attempt": "\(attempt)", "error": "\(reason)"])
            return Pass(failed: 1)
        }
        try record("delivered", error: nil)
        try connection.execute(
            "UPDATE workflow_outbox SET attempts = \(attempt), delivered_at = \(now()), processed_at = \(now()), last_error = NULL WHERE id = \(id)")
        Counter(label: "ocop_outbox_delivered_total", dimensions: [("channel", channelName)]).increment()
        return Pass(delivered: 1)
    }

    /// Sets the lag gauge: the age of the oldest row not yet delivered nor parked.
    func recordLag(now: Date) async throws {
        let (lag, pending) = try await pool.withConnection { connection in
            let row = try connection.query(
                """
                SELECT coalesce(extract(epoch FROM \(now) - min(created_at)), 0)::float8 AS lag, count(*)::int8 AS pending
                FROM workflow_outbox WHERE delivered_at IS NULL AND parked_at IS NULL
                """
            ).single()
            return (try row.decode("lag", as: Double.self), try row.decode("pending", as: Int64.self))
        }
        Gauge(label: "ocop_outbox_lag_seconds").record(max(lag, 0))
        Gauge(label: "ocop_outbox_pending").record(Double(pending))
    }
}
