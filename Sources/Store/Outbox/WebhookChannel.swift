import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// A webhook: the message as JSON, POSTed to the person's URL (an SMS or Zalo gateway, a chat bot), signed so the
/// receiver can tell it came from us.
///
/// Headers: `X-OCOP-Signature: sha256=<hex HMAC-SHA256 of the body with the webhook's secret>`, `X-OCOP-Delivery: <id>`
/// (the same on every attempt: the receiver keeps the ids it has seen and drops repeats). Any 2xx answer is success.
public struct WebhookChannel: OutboxChannel {
    /// How long one call may take.
    public var timeout: TimeAmount

    public var name: String { "webhook" }

    /// Creates the channel.
    public init(timeout: Duration = .seconds(10)) {
        self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
    }

    /// What the receiver gets.
    struct Body: Encodable {
        var deliveryId: String
        var user: String
        var phone: String?
        var language: String
        var template: String
        var subject: String
        var text: String
        var record: Int64
        var createdAt: String
    }

    /// The JSON body of a message (keys sorted, so a signature can be checked on the bytes as received).
    static func body(_ message: OutboxMessage) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        return try encoder.encode(
            Body(
                deliveryId: message.deliveryID.uuidString.lowercased(), user: message.recipient, phone: message.phone, language: message.language,
                template: message.template, subject: message.subject, text: message.body, record: message.instanceID,
                createdAt: formatter.string(from: message.createdAt)))
    }

    /// `sha256=<hex>`: the HMAC-SHA256 of the body with the secret.
    public static func signature(body: Data, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    public func deliver(_ message: OutboxMessage) throws {
        guard let secret = message.secret else { throw OutboxDeliveryError("the webhook has no secret") }
        let data = try Self.body(message)
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(
                url: message.address, method: .POST,
                headers: HTTPHeaders([
                    ("Content-Type", "application/json; charset=utf-8"), ("User-Agent", "ocop-outbox"),
                    ("X-OCOP-Delivery", message.deliveryID.uuidString.lowercased()),
                    ("X-OCOP-Signature", Self.signature(body: data, secret: secret)),
                ]),
                body: .data(data))
        } catch {
            throw OutboxDeliveryError("bad webhook URL: \(error)")
        }
        let response: HTTPClient.Response
        do {
            // Blocking is right here: this runs on a database worker thread, never on the concurrency pool or an event loop.
            response = try HTTPClient.shared.execute(request: request, deadline: .now() + timeout).wait()
        } catch {
            throw OutboxDeliveryError("webhook call failed: \(error)")
        }
        guard (200..<300).contains(response.status.code) else {
            throw OutboxDeliveryError("webhook answered HTTP \(response.status.code)")
        }
    }
}
