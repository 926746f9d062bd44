import Foundation

/// One message to one person on one channel, as the relay hands it to the channel.
public struct OutboxMessage: Sendable, Hashable {
    /// The outbox row.
    public var outboxID: Int64
    /// The same on every attempt, so the receiver can drop a repeat (`X-OCOP-Delivery`, the e-mail's Message-ID).
    public var deliveryID: UUID
    /// The user it is for.
    public var recipient: String
    /// `vi` or `en`: the recipient's language, the language of subject and body.
    public var language: String
    /// The e-mail address, or the webhook URL.
    public var address: String
    /// The recipient's phone, for an SMS or Zalo gateway behind a webhook.
    public var phone: String?
    /// The webhook's signing secret.
    public var secret: String?
    /// The subject line.
    public var subject: String
    /// The body text.
    public var body: String
    /// The template's name.
    public var template: String
    /// The record it concerns.
    public var instanceID: Int64
    /// When the event happened.
    public var createdAt: Date
}

/// Why a delivery failed, in words for `ocop outbox list` (never personal data beyond the address).
public struct OutboxDeliveryError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var reason: String

    /// Creates an error.
    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

/// A way of reaching people: e-mail, webhook. `deliver` blocks until the message is accepted or refused (it runs on a
/// database worker thread, inside the transaction that holds the row's lock), and throws ``OutboxDeliveryError``.
public protocol OutboxChannel: Sendable {
    /// The channel's name as stored (`email`, `webhook`).
    var name: String { get }
    /// Hands the message over; returns when the other side has accepted it.
    func deliver(_ message: OutboxMessage) throws
}
