import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LibPQ
import Store
import TestSupport
import Testing
import Workflow

@Suite("Staff dashboard: sign-in, sessions, CSRF, pages")
struct DashboardTests {
    /// Signs in with the user's token; returns the cookie pair `ocop_session=…`.
    static func signIn(_ client: some TestClientProtocol, _ fixture: ServerFixture, _ user: String) async throws -> String {
        let token = fixture.tokens[user] ?? ""
        let response = try await client.execute(
            uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "token=\(token)"))
        #expect(response.status == .seeOther)
        let cookie = response.headers[.setCookie] ?? ""
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        return String(cookie.split(separator: ";").first ?? "")
    }

    static func csrf(in html: String) -> String {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return "" }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test func pagesNeedASessionAndBadTokensAreRefused() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let anonymous = try await client.execute(uri: "/pipeline", method: .get)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/sign-in")
            let form = try await client.execute(uri: "/sign-in", method: .get)
            #expect(form.status == .ok && form.text.contains("Đăng nhập"))
            let bad = try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "token=ocop_sai"))
            #expect(bad.status == .unauthorized)
            #expect(bad.text.contains("không hợp lệ"))
            #expect(bad.headers[.setCookie] == nil)
        }
    }

    @Test func pipelineAndRecordPageShowWhatTheUserMaySee() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let cookie = try await Self.signIn(client, fixture, "ct-a")
            let pipeline = try await client.execute(uri: "/pipeline", method: .get, headers: [.cookie: cookie])
            #expect(pipeline.status == .ok)
            #expect(pipeline.text.contains("Thẩm định thử"))
            #expect(pipeline.text.contains("Bản nháp"))
            #expect(pipeline.text.contains("<td class=\"num\">1</td>"))  // only the producer's own record
            #expect(!pipeline.text.contains("<td class=\"num\">2</td>"))

            let page = try await client.execute(uri: "/instances/\(fixture.instanceA)", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"stage\">Bản nháp"))
            #expect(page.text.contains("action=\"/instances/\(fixture.instanceA)/events/submit\""))
            #expect(page.text.contains("Lịch sử"))
            let hidden = try await client.execute(uri: "/instances/\(fixture.instanceB)", method: .get, headers: [.cookie: cookie])
            #expect(hidden.status == .notFound)
            // The user's saved language (vi) wins over the browser's; saved as English, the dashboard speaks English.
            let browser = try await client.execute(uri: "/pipeline", method: .get, headers: [.cookie: cookie, .acceptLanguage: "en"])
            #expect(browser.text.contains("Bản nháp") && !browser.text.contains("Draft"))
            try await Services(pool: fixture.pool, store: fixture.store).accounts.setLanguage(of: "ct-a", to: "en", by: "ct-a")
            let english = try await client.execute(uri: "/pipeline", method: .get, headers: [.cookie: cookie])
            #expect(english.text.contains("Draft") && english.text.contains("Test review"))
        }
    }

    @Test func thePipelineShowsTheNotificationsSentToTheUserOnly() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.pool.write { c in
            for (user, subject) in [("ct-a", "[OCOP] Giấy chứng nhận sắp hết hiệu lực"), ("ct-b", "[OCOP] Thư của người khác")] {
                try c.execute(
                    """
                    INSERT INTO workflow_outbox (instance_id, seq, kind, payload, recipient, channel, delivered_at)
                    VALUES (\(fixture.instanceA), 1, 'message', \(JSONB(["subject": JSONValue.string(subject)])), \(user), 'email', now())
                    """)
            }
        }
        try await fixture.application().test(.live) { client in
            let cookie = try await Self.signIn(client, fixture, "ct-a")
            let pipeline = try await client.execute(uri: "/pipeline", method: .get, headers: [.cookie: cookie])
            #expect(pipeline.text.contains("Thông báo gửi cho bạn"))
            #expect(pipeline.text.contains("Giấy chứng nhận sắp hết hiệu lực") && pipeline.text.contains("Đã gửi"))
            #expect(!pipeline.text.contains("Thư của người khác"))
        }
    }

    @Test func formsNeedTheSessionsCSRFTokenAndFireAsTheUser() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let cookie = try await Self.signIn(client, fixture, "ct-a")
            let page = try await client.execute(uri: "/instances/\(fixture.instanceA)", method: .get, headers: [.cookie: cookie])
            let csrf = Self.csrf(in: page.text)
            #expect(!csrf.isEmpty)
            let uri = "/instances/\(fixture.instanceA)/events/submit"
            let form: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let forged = try await client.execute(uri: uri, method: .post, headers: form, body: ByteBuffer(string: "csrf=wrong&version=1"))
            #expect(forged.status == .forbidden)
            var crossSite = form
            crossSite[.origin] = "https://evil.example"
            let foreign = try await client.execute(uri: uri, method: .post, headers: crossSite, body: ByteBuffer(string: "csrf=\(csrf)&version=1"))
            #expect(foreign.status == .forbidden)
            crossSite[.origin] = "null"  // a sandboxed frame or a data: URL names no site: not this one
            let opaque = try await client.execute(uri: uri, method: .post, headers: crossSite, body: ByteBuffer(string: "csrf=\(csrf)&version=1"))
            #expect(opaque.status == .forbidden)
            #expect(try await fixture.store.instance(fixture.instanceA).snapshot.version == 1)

            let fired = try await client.execute(
                uri: uri, method: .post, headers: form, body: ByteBuffer(string: "csrf=\(csrf)&version=1&comment=n%E1%BB%99p+h%E1%BB%93+s%C6%A1"))
            #expect(fired.status == .seeOther)
            #expect(try await fixture.store.instance(fixture.instanceA).snapshot.state == "SUBMITTED")
            #expect(try await fixture.store.history(fixture.instanceA).last?.comment == "nộp hồ sơ")
            // The same form again is stale: refused, nothing changes.
            let stale = try await client.execute(uri: uri, method: .post, headers: form, body: ByteBuffer(string: "csrf=\(csrf)&version=1"))
            #expect(stale.status == .conflict || stale.status == .unprocessableContent)
            #expect(try await fixture.store.instance(fixture.instanceA).snapshot.version == 2)

            let out = try await client.execute(uri: "/sign-out", method: .post, headers: form, body: ByteBuffer(string: "csrf=\(csrf)"))
            #expect(out.status == .seeOther)
            let after = try await client.execute(uri: "/pipeline", method: .get, headers: [.cookie: cookie])
            #expect(after.status == .seeOther)
        }
    }
}
