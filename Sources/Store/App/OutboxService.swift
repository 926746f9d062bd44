import Foundation
import LibPQ
import Workflow

/// The outbox and how people are reached, as use cases: run the relay, list rows, retry a parked one (an
/// administrator's act), and each person's contact and opt-outs (set by themself or an administrator).
public struct OutboxService: Sendable {
    /// The relay these use cases run.
    public let relay: OutboxRelay
    let pool: ConnectionPool
    let users = UserStore()
    /// Where LISTEN goes (see ``Services/listening``).
    let listening: ListenRoute

    init(relay: OutboxRelay, pool: ConnectionPool, listening: ListenRoute = .pool) {
        self.relay = relay
        self.pool = pool
        self.listening = listening
    }

    // MARK: - The relay

    /// The relay's configuration (from the environment unless set otherwise).
    public var configuration: OutboxRelay.Configuration { relay.configuration }

    /// Delivers what is due (batches until none is left, at most `limit` rows), with `configuration` instead of the
    /// relay's own when given (the CLI's `--batch`, `--max-attempts`, `--backoff-base`, `--backoff-cap`).
    public func runDue(
        now: @escaping @Sendable () -> Date = Date.init, limit: Int = 10_000, configuration: OutboxRelay.Configuration? = nil
    ) async throws(ServiceError) -> OutboxRelay.Pass {
        let chosen = configuration.map { self.relay.reconfigured($0) } ?? self.relay
        return try await ServiceError.translating { try await chosen.runDue(now: now, limit: limit) }
    }

    /// When the next row is due (nil: nothing waits).
    public func nextDue() async throws(ServiceError) -> Date? {
        try await read { connection in
            try connection.query("SELECT min(next_attempt_at) AS due FROM workflow_outbox WHERE delivered_at IS NULL AND parked_at IS NULL")
                .single().decode("due", as: Date?.self)
        }
    }

    /// Wakes whenever a transition commits (each writes an outbox row), until the task is cancelled.
    public func wakeUps() -> AsyncThrowingStream<Void, any Error> {
        pool.wakeUps(on: [WorkflowStore.transitionChannel], route: listening)
    }

    // MARK: - Rows

    /// One outbox row as `ocop outbox list` shows it.
    public struct Entry: Sendable, Hashable {
        public var id: Int64
        public var kind: String
        public var instanceID: Int64
        public var recipient: String?
        public var channel: String?
        public var template: String?
        public var subject: String?
        public var attempts: Int
        public var createdAt: Date
        public var nextAttemptAt: Date
        public var deliveredAt: Date?
        public var parkedAt: Date?
        public var lastError: String?
        public var deliveryID: UUID

        /// `delivered`, `parked`, `failed` (will be retried) or `pending`.
        public var status: String {
            if deliveredAt != nil { return "delivered" }
            if parkedAt != nil { return "parked" }
            return attempts > 0 ? "failed" : "pending"
        }
    }

    /// Rows not yet delivered (with `failedOnly`, those that failed at least once or were parked), oldest first.
    public func list(failedOnly: Bool = false, limit: Int = 50) async throws(ServiceError) -> [Entry] {
        guard (1...10_000).contains(limit) else {
            throw ServiceError.badInput(vi: "--limit phải từ 1 đến 10000", en: "--limit must be between 1 and 10000")
        }
        return try await read { connection in
            try connection.query(
                """
                SELECT id, kind, instance_id, recipient, channel, payload->>'template' AS template, payload->>'subject' AS subject, attempts,
                    created_at, next_attempt_at, delivered_at, parked_at, last_error, delivery_id
                FROM workflow_outbox
                WHERE delivered_at IS NULL AND (NOT \(failedOnly) OR attempts > 0 OR parked_at IS NOT NULL)
                ORDER BY parked_at IS NULL, id LIMIT \(limit)
                """
            ).map(Self.entry)
        }
    }

    /// The messages sent (or still to be sent) to a user, newest first.
    public func messages(to userID: String, limit: Int = 20) async throws(ServiceError) -> [Entry] {
        try await read { connection in
            try connection.query(
                """
                SELECT id, kind, instance_id, recipient, channel, payload->>'template' AS template, payload->>'subject' AS subject, attempts,
                    created_at, next_attempt_at, delivered_at, parked_at, last_error, delivery_id
                FROM workflow_outbox WHERE kind = 'message' AND recipient = \(userID)
                ORDER BY id DESC LIMIT \(limit)
                """
            ).map(Self.entry)
        }
    }

    /// Every attempt of a row, in order.
    public func attempts(of id: Int64) async throws(ServiceError) -> [(attempt: Int, outcome: String, relay: String, at: Date, error: String?)] {
        try await read { connection in
            try connection.query(
                "SELECT attempt, outcome, relay, finished_at, error FROM workflow_outbox_attempt WHERE outbox_id = \(id) ORDER BY id"
            ).map { row in
                (try row.decode("attempt"), try row.decode("outcome"), try row.decode("relay"), try row.decode("finished_at"), try row.decode("error"))
            }
        }
    }

    /// Puts a parked or failing row back in line now, with its attempts counted afresh; recorded as an attempt of
    /// kind `retry` naming the administrator.
    public func retry(_ id: Int64, by userID: String, now: Date) async throws(ServiceError) {
        try await write { connection in
            try self.requireAdministrator(userID, on: connection)
            guard let row = try connection.query("SELECT delivered_at, attempts, coalesce(channel, kind) AS channel FROM workflow_outbox WHERE id = \(id) FOR UPDATE").first
            else { throw ServiceError.notFound(vi: "không có dòng hộp thư đi số \(id)", en: "no outbox row \(id)") }
            if try row.decode("delivered_at", as: Date?.self) != nil {
                throw ServiceError(.conflict, vi: "dòng \(id) đã được gửi; không gửi lại", en: "row \(id) was already delivered; it is not sent again")
            }
            try connection.execute(
                """
                INSERT INTO workflow_outbox_attempt (outbox_id, attempt, channel, relay, started_at, finished_at, outcome, error)
                VALUES (\(id), \(try row.decode("attempts", as: Int.self)), \(try row.decode("channel", as: String.self)), \(userID), \(now), \(now), 'retry', NULL)
                """)
            try connection.execute("UPDATE workflow_outbox SET parked_at = NULL, attempts = 0, next_attempt_at = \(now) WHERE id = \(id)")
        }
    }

    static func entry(_ row: Row) throws -> Entry {
        Entry(
            id: try row.decode("id"), kind: try row.decode("kind"), instanceID: try row.decode("instance_id"), recipient: try row.decode("recipient"),
            channel: try row.decode("channel"), template: try row.decode("template"), subject: try row.decode("subject"),
            attempts: try row.decode("attempts"), createdAt: try row.decode("created_at"), nextAttemptAt: try row.decode("next_attempt_at"),
            deliveredAt: try row.decode("delivered_at"), parkedAt: try row.decode("parked_at"), lastError: try row.decode("last_error"),
            deliveryID: try row.decode("delivery_id"))
    }

    // MARK: - Contacts

    /// How a person is reached.
    public struct Contact: Sendable, Hashable {
        public var userID: String
        public var email: String?
        public var phone: String?
        public var webhookURL: String?
        /// Whether a webhook secret is set (the secret itself is shown once, when set).
        public var hasWebhookSecret: Bool
        public var optOut: [String]
        public var digest: Bool

        /// No address at all.
        public static func none(_ userID: String) -> Contact {
            Contact(userID: userID, email: nil, phone: nil, webhookURL: nil, hasWebhookSecret: false, optOut: [], digest: false)
        }
    }

    /// A change to a contact: nil leaves a field as it is, "" clears it.
    public struct ContactChange: Sendable, Hashable {
        public var email: String?
        public var phone: String?
        public var webhookURL: String?
        public var webhookSecret: String?
        public var optOut: [String] = []
        public var optIn: [String] = []
        /// One e-mail a day summing up the day's notifications instead of one per event (nil: unchanged).
        public var digest: Bool? = nil

        /// Creates a change.
        public init(
            email: String? = nil, phone: String? = nil, webhookURL: String? = nil, webhookSecret: String? = nil, optOut: [String] = [],
            optIn: [String] = [], digest: Bool? = nil
        ) {
            self.digest = digest
            self.email = email
            self.phone = phone
            self.webhookURL = webhookURL
            self.webhookSecret = webhookSecret
            self.optOut = optOut
            self.optIn = optIn
        }
    }

    /// The channels a person may opt out of.
    public static let channels = ["email", "webhook"]

    /// A person's contact, as seen by themself or an administrator.
    public func contact(of userID: String, by actor: String) async throws(ServiceError) -> Contact {
        try await read { connection in
            try self.requireSelfOrAdministrator(userID, actor: actor, on: connection)
            return try Self.contact(userID, on: connection)
        }
    }

    /// Changes a person's contact (by themself or an administrator). A new webhook without a secret gets a random one,
    /// returned here once: the receiver needs it to check signatures.
    public func setContact(of userID: String, _ change: ContactChange, by actor: String, now: Date) async throws(ServiceError) -> (contact: Contact, newSecret: String?) {
        for channel in change.optOut + change.optIn where !Self.channels.contains(channel) {
            throw ServiceError.badInput(vi: "kênh không biết: \"\(channel)\" (có: email, webhook)", en: "unknown channel \"\(channel)\" (known: email, webhook)")
        }
        if let email = change.email, !email.isEmpty, email.range(of: "^[^@\\s<>]+@[^@\\s<>]+$", options: .regularExpression) == nil {
            throw ServiceError.badInput(vi: "--email \"\(email)\": không phải địa chỉ e-mail", en: "--email \"\(email)\": not an e-mail address")
        }
        if let phone = change.phone, !phone.isEmpty, phone.range(of: "^\\+?[0-9 .-]{6,20}$", options: .regularExpression) == nil {
            throw ServiceError.badInput(vi: "--phone \"\(phone)\": không phải số điện thoại", en: "--phone \"\(phone)\": not a phone number")
        }
        if let url = change.webhookURL, !url.isEmpty, URL(string: url)?.host == nil || !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ServiceError.badInput(vi: "--webhook \"\(url)\": cần địa chỉ http:// hoặc https://", en: "--webhook \"\(url)\": needs an http:// or https:// URL")
        }
        return try await write { connection in
            try self.requireSelfOrAdministrator(userID, actor: actor, on: connection)
            let current = try connection.query("SELECT webhook_secret FROM user_contact WHERE user_id = \(userID)").first
            let currentSecret = try current?.decode("webhook_secret", as: String?.self)
            var newSecret: String?
            if let secret = change.webhookSecret, !secret.isEmpty {
                newSecret = secret
            } else if let url = change.webhookURL, !url.isEmpty, currentSecret == nil {
                newSecret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
            }
            func value(_ field: String?) -> String? { field.flatMap { $0.isEmpty ? nil : $0 } }
            try connection.execute(
                """
                INSERT INTO user_contact AS c (user_id, email, phone, webhook_url, webhook_secret, opt_out, updated_at, updated_by)
                VALUES (\(userID), \(value(change.email)), \(value(change.phone)), \(value(change.webhookURL)), \(newSecret),
                    ARRAY(SELECT DISTINCT unnest(\(change.optOut)::text[]) ORDER BY 1), \(now), \(actor))
                ON CONFLICT (user_id) DO UPDATE SET
                    email = CASE WHEN \(change.email == nil) THEN c.email ELSE excluded.email END,
                    phone = CASE WHEN \(change.phone == nil) THEN c.phone ELSE excluded.phone END,
                    webhook_url = CASE WHEN \(change.webhookURL == nil) THEN c.webhook_url ELSE excluded.webhook_url END,
                    webhook_secret = CASE WHEN \(change.webhookURL == "") THEN NULL ELSE coalesce(excluded.webhook_secret, c.webhook_secret) END,
                    opt_out = ARRAY(SELECT DISTINCT x FROM unnest(c.opt_out || excluded.opt_out) x WHERE x <> ALL (\(change.optIn)::text[]) ORDER BY 1),
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """)
            if let digest = change.digest {
                try connection.execute("UPDATE user_contact SET digest = \(digest) WHERE user_id = \(userID)")
            }
            return (try Self.contact(userID, on: connection), newSecret)
        }
    }

    static func contact(_ userID: String, on connection: Connection) throws -> Contact {
        guard
            let row = try connection.query(
                "SELECT email, phone, webhook_url, webhook_secret IS NOT NULL AS has_secret, opt_out, digest FROM user_contact WHERE user_id = \(userID)"
            ).first
        else { return .none(userID) }
        return Contact(
            userID: userID, email: try row.decode("email"), phone: try row.decode("phone"), webhookURL: try row.decode("webhook_url"),
            hasWebhookSecret: try row.decode("has_secret"), optOut: try row.decode("opt_out"), digest: try row.decode("digest"))
    }

    // MARK: - Who may

    private func requireAdministrator(_ userID: String, on connection: Connection) throws {
        let user = try users.user(userID, on: connection)
        guard user.active, user.grants.contains(where: { $0.role == "ADMIN" }) else {
            throw ServiceError(
                .forbidden, vi: "người dùng \"\(userID)\" không có vai trò ADMIN nên không thể gửi lại", en: "user \"\(userID)\" does not hold ADMIN, so cannot retry")
        }
    }

    private func requireSelfOrAdministrator(_ userID: String, actor: String, on connection: Connection) throws {
        let person = try users.user(actor, on: connection)
        guard person.active else { throw UserStoreError(.inactive, user: actor) }
        do {
            _ = try users.user(userID, on: connection)
        } catch let error as UserStoreError where error.code == .notFound {
            throw ServiceError(.notFound, code: "user-not-found", message: error.message)
        }
        guard actor == userID || person.grants.contains(where: { $0.role == "ADMIN" }) else {
            throw ServiceError(
                .forbidden, vi: "chỉ chính người dùng \"\(userID)\" hoặc quản trị viên (ADMIN) được xem và sửa thông tin liên hệ",
                en: "only \"\(userID)\" themself or an administrator (ADMIN) may see and change this contact")
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(ServiceError) -> T {
        let pool = pool
        return try await ServiceError.translating { try await pool.withConnection(body) }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(ServiceError) -> T {
        let pool = pool
        return try await ServiceError.translating { try await pool.write(.readCommitted, maxAttempts: 5, body) }
    }
}
