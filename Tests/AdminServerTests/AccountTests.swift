import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LibPQ
import Store
import TestSupport
import Testing
import Workflow

/// People sign in with a user name and password: lockout, an officer's reset to a temporary password that must be
/// changed first, sessions ended by a change, the Secure cookie behind HTTPS, the saved language, HTML error pages.
@Suite("dashboard accounts: passwords, lockout, reset, language, error pages")
struct AccountTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// The fixture, with the producers' subjects in their communes (so that the district officer covers subject-a).
    static func fixture() async throws -> ServerFixture {
        let fixture = try await ServerFixture.make()
        let connection = try fixture.database.connect()
        try ReferenceStore().add(.init(id: "subject-a", name: "Cơ sở A", kind: "household_business", unitCode: "xa-a"), on: connection)
        try ReferenceStore().add(.init(id: "subject-b", name: "Cơ sở B", kind: "household_business", unitCode: "xa-h"), on: connection)
        return fixture
    }

    static func services(_ fixture: ServerFixture) -> Services { Services(pool: fixture.pool, store: fixture.store) }

    static func signIn(_ client: some TestClientProtocol, user: String, password: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields = form
        fields.append(contentsOf: headers)
        let body = "user=\(user)&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        return try await client.execute(uri: "/sign-in", method: .post, headers: fields, body: ByteBuffer(string: body))
    }

    static func cookie(_ response: TestResponse) -> String { String((response.headers[.setCookie] ?? "").split(separator: ";").first ?? "") }

    @Test func aProducerSignsInWithTheirPasswordAndAWrongOneIsRefusedTheSameWayAsAnUnknownUser() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.pool.shutdown() }
        let accounts = Self.services(fixture).accounts
        try await accounts.setPassword(of: "ct-a", to: "ca-phe-sua-da", by: "huyen-vq", now: Date())
        try await fixture.application().test(.live) { client in
            let good = try await Self.signIn(client, user: "CT-A ", password: "ca-phe-sua-da")
            #expect(good.status == .seeOther && good.headers[.location] == "/pipeline")
            let cookie = Self.cookie(good)
            #expect(cookie.hasPrefix("ocop_session="))
            #expect(good.headers[.setCookie]?.contains("HttpOnly") == true && good.headers[.setCookie]?.contains("SameSite=Strict") == true)
            #expect(good.headers[.setCookie]?.contains("Secure") == false)
            let pipeline = try await client.execute(uri: "/pipeline", method: .get, headers: [.cookie: cookie])
            #expect(pipeline.status == .ok && pipeline.text.contains("ct-a"))

            let wrong = try await Self.signIn(client, user: "ct-a", password: "ca-phe-den-da")
            let unknown = try await Self.signIn(client, user: "no-such-user", password: "ca-phe-sua-da")
            let noPassword = try await Self.signIn(client, user: "ct-b", password: "ca-phe-sua-da")
            for response in [wrong, unknown, noPassword] {
                #expect(response.status == .unauthorized)
                #expect(response.text.contains("Tên đăng nhập hoặc mật khẩu không đúng"))
                #expect(response.headers[.setCookie] == nil)
            }
            // Behind a proxy that says the page was HTTPS, the cookie is Secure.
            let secure = try await Self.signIn(client, user: "ct-a", password: "ca-phe-sua-da", headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(secure.headers[.setCookie]?.contains("; Secure") == true)
        }
    }

    @Test func fiveFailuresLockTheAccountEvenForTheRightPasswordUntilAnOfficerResetsIt() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.pool.shutdown() }
        let accounts = Self.services(fixture).accounts
        try await accounts.setPassword(of: "ct-a", to: "ca-phe-sua-da", by: "huyen-vq", now: Date())
        try await fixture.application().test(.live) { client in
            for attempt in 1...5 {
                let response = try await Self.signIn(client, user: "ct-a", password: "wrong-\(attempt)-password")
                #expect(response.status == (attempt < 5 ? .unauthorized : .tooManyRequests), "attempt \(attempt)")
            }
            let locked = try await Self.signIn(client, user: "ct-a", password: "ca-phe-sua-da")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.text.contains("tạm khóa đến"))
            let retry = Int(locked.headers[.retryAfter] ?? "") ?? 0
            #expect(retry > 800 && retry <= 900)
            #expect(locked.headers[.setCookie] == nil)

            // The reset lifts the lock; the temporary password leads to the account page until it is changed.
            let temporary = try await accounts.resetPassword(of: "ct-a", by: "huyen-vq", now: Date())
            let signedIn = try await Self.signIn(client, user: "ct-a", password: temporary)
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/account")
            let cookie = Self.cookie(signedIn)
            let pipeline = try await client.execute(uri: "/pipeline", method: .get, headers: [.cookie: cookie])
            #expect(pipeline.status == .seeOther && pipeline.headers[.location] == "/account")
            let account = try await client.execute(uri: "/account", method: .get, headers: [.cookie: cookie])
            #expect(account.text.contains("mật khẩu tạm"))
            let csrf = DashboardTests.csrf(in: account.text)
            let change = { (current: String, new: String, again: String) in
                try await client.execute(
                    uri: "/account/password", method: .post, headers: Self.form.merging([.cookie: cookie]),
                    body: ByteBuffer(string: "csrf=\(csrf)&current=\(current)&new=\(new)&repeat=\(again)"))
            }
            #expect(try await change(temporary, "short", "short").status == .badRequest)
            #expect(try await change(temporary, "tra-da-via-he", "tra-da-via-hex").status == .badRequest)
            #expect(try await change("not-the-temporary", "tra-da-via-he", "tra-da-via-he").status == .forbidden)
            let changed = try await change(temporary, "tra-da-via-he", "tra-da-via-he")
            #expect(changed.status == .ok && changed.text.contains("Đã đổi mật khẩu"))
            #expect(try await client.execute(uri: "/pipeline", method: .get, headers: [.cookie: cookie]).status == .ok)
            #expect(try await Self.signIn(client, user: "ct-a", password: temporary).status == .unauthorized)
            #expect(try await Self.signIn(client, user: "ct-a", password: "tra-da-via-he").status == .seeOther)
        }
        let log = try await accounts.passwordChanges(of: "ct-a", by: "ct-a").map(\.change)
        #expect(log == ["set", "locked", "reset", "changed"])
    }

    @Test func onlyAnAdministratorOrTheOfficerOfTheProducersAreaResetsAPassword() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.pool.shutdown() }
        let accounts = Self.services(fixture).accounts
        // The district officer of Vũ Quang covers subject-a (xa-a), not subject-b (xa-h of Hương Sơn), nor other officers.
        _ = try await accounts.resetPassword(of: "ct-a", by: "huyen-vq", now: Date())
        for (user, actor) in [("ct-b", "huyen-vq"), ("vpdp", "huyen-vq"), ("ct-a", "ct-b"), ("huyen-vq", "huyen-vq")] {
            await #expect(throws: ServiceError.self, "\(actor) resets \(user)") {
                _ = try await accounts.resetPassword(of: user, by: actor, now: Date())
            }
        }
        // The province office (unscoped) covers both producers; the list shows whom each officer may reset.
        _ = try await accounts.resetPassword(of: "ct-b", by: "vpdp", now: Date())
        #expect(try await accounts.passwordManaged(by: "huyen-vq").map(\.user.id) == ["ct-a"])
        #expect(try await accounts.passwordManaged(by: "vpdp").map(\.user.id) == ["ct-a", "ct-b"])
        // A refused reset changes nothing: ct-b's password is still the one vpdp set.
        #expect(try await accounts.passwordChanges(of: "ct-b", by: "vpdp").map(\.by) == ["vpdp"])
        // The same rule through the dashboard: the officer's page lists ct-a only, and the reset shows a temporary password.
        try await fixture.application().test(.live) { client in
            let cookie = try await DashboardTests.signIn(client, fixture, "huyen-vq")
            let page = try await client.execute(uri: "/users", method: .get, headers: [.cookie: cookie])
            #expect(page.text.contains("id=\"reset-ct-a\"") && !page.text.contains("id=\"reset-ct-b\""))
            let csrf = DashboardTests.csrf(in: page.text)
            let reset = try await client.execute(
                uri: "/users/ct-a/password-reset", method: .post, headers: Self.form.merging([.cookie: cookie]), body: ByteBuffer(string: "csrf=\(csrf)"))
            #expect(reset.status == .ok && reset.text.contains("Mật khẩu tạm của ct-a"))
            let refused = try await client.execute(
                uri: "/users/ct-b/password-reset", method: .post, headers: Self.form.merging([.cookie: cookie]), body: ByteBuffer(string: "csrf=\(csrf)"))
            #expect(refused.status == .forbidden && refused.headers[.contentType]?.hasPrefix("text/html") == true)
        }
        #expect(try await accounts.passwordChanges(of: "ct-b", by: "vpdp").map(\.by) == ["vpdp"])
        #expect(try await accounts.passwordChanges(of: "ct-a", by: "huyen-vq").map(\.change) == ["reset", "reset"])
    }

    @Test func theSavedLanguageWinsOverTheBrowsersAndErrorsAreHTMLPages() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.pool.shutdown() }
        let accounts = Self.services(fixture).accounts
        try await fixture.application().test(.live) { client in
            let cookie = try await DashboardTests.signIn(client, fixture, "ct-a")
            // Saved vi, English browser: Vietnamese.
            let english = try await client.execute(uri: "/pipeline", method: .get, headers: [.cookie: cookie, .acceptLanguage: "en-US,en;q=0.9"])
            #expect(english.text.contains("<html lang=\"vi\"") && english.text.contains("Tiến độ"))
            // Another producer's record: a page in the user's language, not problem+json.
            let hidden = try await client.execute(uri: "/instances/\(fixture.instanceB)", method: .get, headers: [.cookie: cookie, .acceptLanguage: "en"])
            #expect(hidden.status == .notFound)
            #expect(hidden.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(hidden.text.contains("Không tìm thấy") && hidden.text.contains("không có hồ sơ số \(fixture.instanceB)"))
            // Saving English through the account page: English from then on, whatever the browser says.
            let account = try await client.execute(uri: "/account", method: .get, headers: [.cookie: cookie])
            let saved = try await client.execute(
                uri: "/account/language", method: .post, headers: Self.form.merging([.cookie: cookie]),
                body: ByteBuffer(string: "csrf=\(DashboardTests.csrf(in: account.text))&language=en"))
            #expect(saved.status == .seeOther)
            let now = try await client.execute(uri: "/pipeline", method: .get, headers: [.cookie: cookie, .acceptLanguage: "vi"])
            #expect(now.text.contains("<html lang=\"en\"") && now.text.contains("Pipeline"))
        }
        #expect(try await accounts.user("ct-a").language == "en")
        await #expect(throws: ServiceError.self) { try await accounts.setLanguage(of: "ct-b", to: "en", by: "ct-a") }
        await #expect(throws: ServiceError.self) { try await accounts.setLanguage(of: "ct-a", to: "fr", by: "ct-a") }
    }

    @Test func dateInputsAreTypedAsPeopleWriteThemAndTheRecordPageNamesCodes() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let cookie = try await DashboardTests.signIn(client, fixture, "ct-a")
            let page = try await client.execute(uri: "/instances/\(fixture.instanceA)", method: .get, headers: [.cookie: cookie])
            // The unit and subject by name, not code; no browser date picker.
            #expect(page.text.contains("Xã A") && page.text.contains("Cơ sở A"))
            #expect(!page.text.contains("type=\"date\""))
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var fields = self
        fields.append(contentsOf: other)
        return fields
    }
}
