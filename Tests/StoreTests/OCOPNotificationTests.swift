import Foundation
import LibPQ
import OCOP
import Store
import Testing
import Workflow

/// Deadline reminders that reach people (issue 11 item 4): the real workflows' `notify:` effects, the real templates,
/// recipients from roles and the record's subject, each in their own language.
@Suite("OCOP notifications")
struct OCOPNotificationTests {
    typealias F = OCOPFixture

    /// A channel that keeps what it was given.
    final class Recorder: OutboxChannel, @unchecked Sendable {
        let name: String
        private let lock = NSLock()
        private var kept: [OutboxMessage] = []
        init(_ name: String) { self.name = name }
        var messages: [OutboxMessage] { lock.withLock { kept } }
        func deliver(_ message: OutboxMessage) throws { lock.withLock { kept.append(message) } }
    }

    static func relay(_ f: OCOPFixture, _ channel: Recorder) throws -> OutboxRelay {
        var configuration = OutboxRelay.Configuration()
        configuration.backoffBase = 0
        return OutboxRelay(
            pool: f.pool, store: f.store,
            templates: try NotificationCatalog.load(directory: F.repository.appendingPathComponent("workflows/notifications")),
            configuration: configuration, channels: [channel])
    }

    static func contact(_ f: OCOPFixture, _ users: [String]) async throws {
        try await f.pool.write { c in
            for user in users {
                try c.execute(
                    "INSERT INTO user_contact (user_id, email, updated_at, updated_by) VALUES (\(user), \(user + "@example.vn"), now(), 'test')")
            }
            try c.execute("UPDATE app_user SET language = 'en' WHERE id = 'xa'")
        }
    }

    @Test("The 30-day expiry notice reaches the certificate's producer and commune, not another producer")
    func expiryNoticeReachesProducer() async throws {
        let f = try await F.make()
        try await Self.contact(f, ["ct", "ct2", "xa", "huyen"])
        let id = try await f.fieldCheckedProduct()
        try await f.score(id, members: ["m1"], parts: [(30, 20, 25)], by: "huyen", on: "2022-09-20")
        _ = try await f.write { s, c in
            try s.rate(
                id, dossierSentOn: F.day("2022-09-15"), mandatory: .allMet, minutesRef: "BB", letterRef: "3/TTr-UBND", by: "huyen",
                now: F.at("2022-09-20"), on: c)
        }
        try await f.score(id, members: ["t1"], parts: [(30, 20, 25)], by: "tinh", on: "2022-10-01")
        _ = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2022-09-27"), mandatory: .allMet, minutesRef: "BB", by: "tinh", now: F.at("2022-10-01"), on: c)
        }
        _ = try await f.write { s, c in
            try s.certify(id, decision: Decision(number: "4/QĐ-UBND", date: F.day("2022-10-10")), by: "tinh", now: F.at("2022-10-10"), on: c)
        }
        let channel = Recorder("email")
        let relay = try Self.relay(f, channel)
        _ = try await relay.runDue()
        let before = channel.messages.count
        #expect(try await f.store.runDueTimers(now: F.at("2025-09-10", hour: 0)).map(\.event) == ["send_expiry_notice"])
        _ = try await relay.runDue()
        let notices = channel.messages.dropFirst(before).filter { $0.template == "certificate_expiring" }
        #expect(Set(notices.map(\.recipient)) == ["ct", "xa"])
        let producer = try #require(notices.first { $0.recipient == "ct" })
        #expect(producer.subject == "[OCOP] Giấy chứng nhận OCOP của \"Chè xanh 2022\" sắp hết hiệu lực (10/10/2025)")
        #expect(producer.body.contains("hết hiệu lực ngày 10/10/2025"))
        #expect(producer.address == "ct@example.vn")
        let commune = try #require(notices.first { $0.recipient == "xa" })
        #expect(commune.language == "en")
        #expect(commune.subject == "[OCOP] The OCOP certificate of \"Chè xanh 2022\" expires soon (10/10/2025)")
        // Expanding is exactly once: a second pass sends nothing more.
        let after = channel.messages.count
        _ = try await relay.runDue()
        #expect(channel.messages.count == after)
    }

    @Test("A returned idea: the producer is told at once, and again when the resubmission window opens")
    func resubmissionWindow() async throws {
        let f = try await F.make()
        try await Self.contact(f, ["ct", "ct2"])
        let idea = try await f.write { s, c in
            let idea = try s.registerIdea(
                IdeaForm(subjectID: "htx-a", name: "Mật ong Sơn Kim", form: "01", productGroup: "thuc-pham"), by: "ct", now: F.at("2022-03-01"), on: c)
            try s.surveyIdea(idea, surveyRef: "BB-KS-01", by: "huyen", now: F.at("2022-03-10"), on: c)
            try s.returnIdea(idea, reason: "Bổ sung phiếu đăng ký", by: "huyen", now: F.at("2022-03-11"), on: c)
            return idea
        }
        let channel = Recorder("email")
        let relay = try Self.relay(f, channel)
        _ = try await relay.runDue()
        let returned = try #require(channel.messages.first { $0.template == "idea_returned" })
        #expect(returned.recipient == "ct")
        #expect(returned.body.contains("Nội dung cần bổ sung: Bổ sung phiếu đăng ký"))
        #expect(returned.body.contains("Được nộp lại từ ngày 18/03/2022."))
        #expect(try await f.store.runDueTimers(now: F.at("2022-03-18", hour: 1)).map(\.instanceID) == [idea])
        _ = try await relay.runDue()
        let window = try #require(channel.messages.first { $0.template == "idea_may_resubmit" })
        #expect(window.recipient == "ct")
        #expect(window.subject == "[OCOP] Đã có thể nộp lại ý tưởng \"Mật ong Sơn Kim\"")
        #expect(!channel.messages.contains { $0.recipient == "ct2" })
    }

    @Test("Templates are checked when loaded: unknown placeholders, a missing language, unknown keys, with file:line")
    func templateValidation() throws {
        let bad: [(String, String)] = [
            ("templates:\n  a:\n    subject: { vi: \"x {nope}\", en: \"x\" }\n    body: { vi: b, en: b }\n", "{nope}"),
            ("templates:\n  a:\n    subject: { vi: x }\n    body: { vi: b, en: b }\n", "vi và en"),
            ("templates:\n  a:\n    subject: { vi: x, en: x }\n    body: { vi: b, en: b }\n    sms: x\n", "sms"),
            ("templates:\n  A-b:\n    subject: { vi: x, en: x }\n    body: { vi: b, en: b }\n", "tên mẫu"),
        ]
        for (yaml, needle) in bad {
            do {
                _ = try NotificationCatalog.parse(yaml: yaml, path: "notifications/x.yaml")
                Issue.record("accepted: \(yaml)")
            } catch let error as DataFileError {
                #expect(error.description.hasPrefix("notifications/x.yaml:"))
                #expect(error.location.line >= 2)
                #expect(error.message.vi.contains(needle), "\(error)")
            }
        }
        let good = try NotificationCatalog.parse(
            yaml: "templates:\n  a:\n    subject: { vi: \"{product} {data.expires_on}\", en: x }\n    body: { vi: b, en: b }\n", path: "x.yaml")
        #expect(good.map(\.name) == ["a"])
        // Every message the shipped workflows notify has its own template.
        let catalog = try NotificationCatalog.load(directory: F.repository.appendingPathComponent("workflows/notifications"))
        let folder = F.repository.appendingPathComponent("workflows")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".yaml") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("message:") {
                let message = line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)
                #expect(catalog.templates[message] != nil, "\(file): no template for \(message)")
            }
        }
    }

    @Test("deadline reminders: a council 30 days past the field check, a claim dossier 30 days after allocation — once each")
    func councilAndClaimReminders() async throws {
        let f = try await F.make()
        try await Self.contact(f, ["ct", "xa", "huyen"])
        let id = try await f.fieldCheckedProduct()
        let channel = Recorder("email")
        let relay = try Self.relay(f, channel)
        _ = try await relay.runDue()
        // Nothing due a day early; on the 30th day the district council's reminder goes to the district staff.
        #expect(try await f.store.runDueTimers(now: F.at("2022-10-11")).isEmpty)
        #expect(try await f.store.runDueTimers(now: F.at("2022-10-13")).map(\.event) == ["remind_scoring"])
        _ = try await relay.runDue()
        let scoring = channel.messages.filter { $0.template == "council_scoring_due" }
        #expect(scoring.map(\.recipient) == ["huyen"])
        #expect(scoring.first?.subject == "[OCOP] Nhắc chấm điểm sản phẩm \"Chè xanh 2022\"")
        #expect(try await f.state(id) == "FIELD_CHECKED", "a reminder is not a step")
        #expect(try await f.store.runDueTimers(now: F.at("2022-12-31")).isEmpty, "once")

        try await f.score(id, members: ["m1"], parts: [(30, 20, 25)], by: "huyen", on: "2022-12-31")
        _ = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2022-12-27"), mandatory: .allMet, minutesRef: "BB", letterRef: "3/TTr", by: "huyen", now: F.at("2022-12-31"), on: c)
        }
        try await f.score(id, members: ["t1"], parts: [(30, 20, 25)], by: "tinh", on: "2023-01-05")
        _ = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2023-01-02"), mandatory: .allMet, minutesRef: "BB", by: "tinh", now: F.at("2023-01-05"), on: c)
        }
        let outcome = try await f.write { s, c in
            try s.certify(id, decision: Decision(number: "4/QĐ-UBND", date: F.day("2023-01-10")), by: "tinh", now: F.at("2023-01-10"), on: c)
        }
        let claim = try #require(outcome.claims.first)
        try await f.write { s, c in
            try s.allocateClaim(claim.claimID, decision: Decision(number: "901/QĐ-UBND", date: F.day("2023-02-01")), by: "huyen", now: F.at("2023-02-01"), on: c)
        }
        _ = try await f.store.runDueTimers(now: F.at("2023-03-04"))
        _ = try await relay.runDue()
        let dossier = channel.messages.filter { $0.template == "claim_dossier_due" }
        #expect(Set(dossier.map(\.recipient)) == ["ct", "xa"])
        #expect(dossier.first { $0.recipient == "ct" }?.body.contains("901/QĐ-UBND") == true)
        #expect(try await f.state(claim.claimID) == "ALLOCATED")
    }

    @Test("a person who chose the daily digest gets one e-mail at the digest hour with every notification of the day, once")
    func dailyDigest() async throws {
        let f = try await F.make()
        try await Self.contact(f, ["ct", "huyen"])
        try await f.pool.write { c in try c.execute("UPDATE user_contact SET digest = true WHERE user_id = 'ct'") }
        let id = try await f.developedProduct(year: "2022", items: F.items1048)
        // Two notifications for the producer: the plan approved (in developedProduct) and the dossier found incomplete.
        try await f.write { s, c in
            _ = try s.submitForRating(id, by: "ct", now: F.at("2022-09-05"), on: c)
            try s.checkDossier(id, missing: "Thiếu sản phẩm mẫu", by: "huyen", now: F.at("2022-09-08"), on: c)
        }
        let channel = Recorder("email")
        let relay = try Self.relay(f, channel)
        // The relay's clock: now (the rows were written now), then the next digest hour.
        let morning = Date().addingTimeInterval(1)
        _ = try await relay.runDue(now: { morning })
        #expect(channel.messages.filter { $0.recipient == "ct" }.isEmpty, "kept for the digest")
        #expect(!channel.messages.filter { $0.recipient == "huyen" }.isEmpty, "others get their e-mails at once")
        let digestHour = relay.configuration.nextDigest(after: morning).addingTimeInterval(1)
        #expect(VietnamTime.secondsIntoDay(of: digestHour) == 7 * 3600 + 1, "07:00 in Vietnam by default")
        _ = try await relay.runDue(now: { digestHour })
        let digests = channel.messages.filter { $0.recipient == "ct" }
        #expect(digests.count == 1)
        let digest = try #require(digests.first)
        #expect(digest.template == "digest")
        #expect(digest.subject.hasPrefix("[OCOP] Tóm tắt ngày \(VietnamTime.date(of: digestHour).displayString):"))
        #expect(digest.body.contains("1. ") && digest.body.contains("2. "), "\(digest.body)")
        _ = try await relay.runDue(now: { digestHour.addingTimeInterval(86_400) })
        #expect(channel.messages.filter { $0.recipient == "ct" }.count == 1, "nothing twice")
    }
}
