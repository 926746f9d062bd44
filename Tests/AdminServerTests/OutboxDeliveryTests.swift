import Foundation
import LibPQ
import Store
import TestSupport
import Testing
import Workflow

/// The outbox relay against real receivers: an SMTP server through the sendmail interface, an HTTP webhook receiver;
/// retries, parking, concurrent relays and a relay killed mid-batch.
@Suite("Outbox delivery", .serialized)
struct OutboxDeliveryTests {
    @Test("A notify effect reaches the producers by e-mail through sendmail, each in their language, Vietnamese intact")
    func emailThroughSendmail() async throws {
        let fixture = try await OutboxFixture.make()
        let smtp = try SMTPReceiver()
        defer { smtp.stop() }
        try smtp.start()
        let now = Date()
        _ = try await fixture.services.outbox.setContact(of: "ct-a", .init(email: "thanh.mai@example.vn"), by: "ct-a", now: now)
        _ = try await fixture.services.outbox.setContact(of: "ct-en", .init(email: "en@example.vn"), by: "admin", now: now)
        _ = try await fixture.services.outbox.setContact(of: "ct-b", .init(email: "other@example.vn"), by: "ct-b", now: now)
        _ = try await fixture.services.outbox.setContact(of: "huyen", .init(email: "huyen@example.vn"), by: "huyen", now: now)
        try await fixture.notices(1)

        let pass = try await fixture.relay { $0.sendmail = smtp.sendmailCommand }.runDue()
        #expect(pass.delivered == 2)
        #expect(pass.failed == 0)
        var messages: [[String: Any]] = []
        for _ in 0..<50 where messages.count < 2 {
            try await Task.sleep(for: .milliseconds(100))
            messages = smtp.messages()
        }
        #expect(messages.count == 2)
        let vi = try #require(messages.first { ($0["to"] as? [String]) == ["thanh.mai@example.vn"] })
        #expect(vi["subject"] as? String == "[OCOP] Giấy chứng nhận OCOP của \"Nước mắm Nhật Lệ\" sắp hết hiệu lực (21/02/2025)")
        let body = try #require(vi["body"] as? String)
        #expect(body.contains("Kính gửi Người ct-a,"))
        #expect(body.contains("Giấy chứng nhận sản phẩm OCOP 4 sao của \"Nước mắm Nhật Lệ\" (HTX Thủy sản Quảng Phúc) hết hiệu lực ngày 21/02/2025."))
        #expect(body.contains("xin nộp hồ sơ đánh giá lại trước ngày đó"))
        let raw = try #require(vi["rawSubject"] as? String)
        let ascii = raw.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(ascii)
        #expect(raw.contains("=?UTF-8?B?"))
        #expect(vi["contentType"] as? String == "text/plain; charset=utf-8")
        #expect(vi["transferEncoding"] as? String == "base64")
        let en = try #require(messages.first { ($0["to"] as? [String]) == ["en@example.vn"] })
        #expect(en["subject"] as? String == "[OCOP] The OCOP certificate of \"Nước mắm Nhật Lệ\" expires soon (21/02/2025)")
        // The other producer's subject and the officer (not among the effect's roles) hear nothing.
        #expect(!messages.contains { ($0["to"] as? [String]) == ["other@example.vn"] || ($0["to"] as? [String]) == ["huyen@example.vn"] })
        #expect(try fixture.count("SELECT count(*) FROM workflow_outbox_attempt WHERE outcome = 'delivered' AND channel = 'email'") == 2)
        #expect(try fixture.count("SELECT count(*) FROM workflow_outbox WHERE delivered_at IS NULL") == 0)
    }

    @Test("A broken sendmail fails with its exit status recorded, then parks after the configured attempts; an ADMIN retries")
    func sendmailFailureParks() async throws {
        let fixture = try await OutboxFixture.make()
        _ = try await fixture.services.outbox.setContact(of: "ct-a", .init(email: "a@example.vn"), by: "ct-a", now: Date())
        try await fixture.notices(1)
        let pass = try await fixture.relay {
            $0.sendmail = "/bin/false"
            $0.maxAttempts = 3
        }.runDue()
        #expect(pass.failed == 2)
        #expect(pass.parked == 1)
        let parked = try await fixture.services.outbox.list(failedOnly: true)
        #expect(parked.count == 1)
        #expect(parked.first?.status == "parked")
        #expect(parked.first?.lastError?.contains("exited with status 1") == true)
        await #expect(throws: ServiceError.self) { try await fixture.services.outbox.retry(parked[0].id, by: "ct-a", now: Date()) }
        try await fixture.services.outbox.retry(parked[0].id, by: "admin", now: Date())
        let again = try await fixture.services.outbox.list(failedOnly: false)
        #expect(again.first?.status == "pending")
        let attempts = try await fixture.services.outbox.attempts(of: parked[0].id).map(\.outcome)
        #expect(attempts == ["failed", "failed", "parked", "retry"])
    }

    @Test("Webhooks are signed; a receiver failing 3 times then succeeding gets exactly one success, every attempt recorded")
    func webhookRetriesThenSucceeds() async throws {
        let fixture = try await OutboxFixture.make()
        let receiver = WebhookReceiver(failures: 3)
        try await receiver.start()
        defer { receiver.stop() }
        let set = try await fixture.services.outbox.setContact(of: "ct-a", .init(phone: "0912 345 678", webhookURL: receiver.url), by: "ct-a", now: Date())
        let secret = try #require(set.newSecret)
        try await fixture.notices(1)

        let pass = try await fixture.relay().runDue()
        #expect(pass.delivered == 1)
        #expect(pass.failed == 3)
        let calls = receiver.received
        #expect(calls.count == 4)
        #expect(calls.filter { $0.status == 200 }.count == 1)
        #expect(Set(calls.map(\.deliveryID)).count == 1)
        #expect(calls.allSatisfy { WebhookReceiver.verify($0, secret: secret) })
        #expect(!WebhookReceiver.verify(calls[0], secret: "wrong"))
        let json = try #require(try JSONSerialization.jsonObject(with: calls[3].body) as? [String: Any])
        #expect(json["subject"] as? String == "[OCOP] Giấy chứng nhận OCOP của \"Nước mắm Nhật Lệ\" sắp hết hiệu lực (21/02/2025)")
        #expect(json["phone"] as? String == "0912 345 678")
        #expect(json["deliveryId"] as? String == calls[0].deliveryID)
        let row = try fixture.count("SELECT id FROM workflow_outbox WHERE kind = 'message'")
        let outcomes = try await fixture.services.outbox.attempts(of: Int64(row)).map(\.outcome)
        #expect(outcomes == ["failed", "failed", "failed", "delivered"])
    }

    @Test("An opt-out stops a channel; the other channel still delivers")
    func optOut() async throws {
        let fixture = try await OutboxFixture.make()
        let receiver = WebhookReceiver()
        try await receiver.start()
        defer { receiver.stop() }
        _ = try await fixture.services.outbox.setContact(
            of: "ct-a", .init(email: "a@example.vn", webhookURL: receiver.url, webhookSecret: "s3cret", optOut: ["email"]), by: "admin", now: Date())
        await #expect(throws: ServiceError.self) {
            _ = try await fixture.services.outbox.setContact(of: "ct-a", .init(email: "x@example.vn"), by: "ct-b", now: Date())
        }
        try await fixture.notices(1)
        let pass = try await fixture.relay { $0.sendmail = "/bin/false" }.runDue()
        #expect(pass.delivered == 1)
        #expect(pass.failed == 0)
        #expect(receiver.received.count == 1)
        #expect(WebhookReceiver.verify(receiver.received[0], secret: "s3cret"))
    }

    @Test("Two relays on one database deliver N messages exactly once between them")
    func twoRelaysExactlyOnce() async throws {
        let fixture = try await OutboxFixture.make()
        let receiver = WebhookReceiver(delay: .milliseconds(5))
        try await receiver.start()
        defer { receiver.stop() }
        _ = try await fixture.services.outbox.setContact(of: "ct-a", .init(webhookURL: receiver.url, webhookSecret: "k"), by: "ct-a", now: Date())
        let count = 40
        try await fixture.notices(count)
        let one = fixture.relay({ $0.batchSize = 3 }, name: "relay-1")
        let two = fixture.relay({ $0.batchSize = 3 }, name: "relay-2")
        async let first = one.runDue()
        async let second = two.runDue()
        let (a, b) = try await (first, second)
        #expect(a.delivered + b.delivered == count)
        let calls = receiver.received
        #expect(calls.count == count)
        #expect(Set(calls.map(\.deliveryID)).count == count)
        #expect(try fixture.count("SELECT count(DISTINCT relay) FROM workflow_outbox_attempt WHERE outcome = 'delivered'") >= 1)
        #expect(try fixture.count("SELECT count(*) FROM workflow_outbox WHERE delivered_at IS NULL") == 0)
    }

    @Test("kill -9 of `ocop outbox run` mid-batch loses nothing; what came twice carries the same delivery id")
    func killedRelayLosesNothing() async throws {
        let fixture = try await OutboxFixture.make()
        let receiver = WebhookReceiver(delay: .milliseconds(150))
        try await receiver.start()
        defer { receiver.stop() }
        _ = try await fixture.services.outbox.setContact(of: "ct-a", .init(webhookURL: receiver.url, webhookSecret: "k"), by: "ct-a", now: Date())
        let count = 12
        try await fixture.notices(count)
        let runner = CommandRunner()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-kill-\(UUID().uuidString.prefix(8))")
        let environment = runner.environment.merging(
            ["OCOP_HOME": OutboxFixture.repository.path, "HOME": home.path, "XDG_DATA_HOME": "", "OCOP_OUTBOX_BATCH": "4"]) { $1 }
        let process = Process()
        process.executableURL = runner.executable
        process.arguments = ["outbox", "run", "--once", "--database-url", fixture.database.appConninfo]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Mid-batch: some calls answered, the relay's transaction still open on the current batch.
        for _ in 0..<400 where receiver.received.count < 6 { try await Task.sleep(for: .milliseconds(25)) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let beforeRestart = receiver.received.count
        #expect(beforeRestart >= 6 && beforeRestart < count)

        let result = try await runner.run(["outbox", "run", "--once", "--database-url", fixture.database.appConninfo], environment: environment)
        #expect(result.status == 0, "\(result.errors)")
        #expect(try fixture.count("SELECT count(*) FROM workflow_outbox WHERE delivered_at IS NULL") == 0)
        let calls = receiver.received
        let ids = try fixture.database.connect().query("SELECT delivery_id::text AS id FROM workflow_outbox WHERE kind = 'message'")
            .map { try $0.decode("id", as: String.self) }
        #expect(ids.count == count)
        // Every message arrived; a repeat is one the killed relay sent but could not record, under the same id.
        #expect(Set(calls.map(\.deliveryID)) == Set(ids))
        #expect(calls.count >= count)
        #expect(calls.count - count <= 4)
    }
}
