import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LibPQ
import Store
import TestSupport
import Testing
import Workflow

/// The offline queue's sync (`POST /offline/sync`, ``Services/syncFieldEntry(_:as:at:)``) over a real socket: applied,
/// replayed, each kind of conflict, the wrong scope, a late entry refused with both dates, bad requests — and that
/// nothing changes when an entry is not applied.
@Suite("Offline field entry: the sync use case")
struct FieldSyncTests {
    /// The session cookie and a fresh CSRF token, as the queue gets them.
    static func session(_ client: some TestClientProtocol, _ fixture: ServerFixture, _ user: String) async throws -> HTTPFields {
        let cookie = try await DashboardTests.signIn(client, fixture, user)
        let response = try await client.execute(uri: "/offline/session", method: .get, headers: [.cookie: cookie])
        #expect(response.status == .ok)
        let body = try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any] ?? [:]
        #expect(body["user"] as? String == user)
        return [.cookie: cookie, .contentType: "application/json", HTTPField.Name("X-CSRF-Token")!: body["csrf"] as? String ?? ""]
    }

    static func entry(
        key: String, record: Int64, event: String, version: Int?, at time: String, user: String, input: [String: String] = [:]
    ) -> ByteBuffer {
        var object: [String: Any] = ["key": key, "kind": "event", "record": record, "event": event, "businessTime": time, "user": user, "input": input]
        if let version { object["version"] = version }
        return ByteBuffer(string: String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self))
    }

    static func json(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any]) ?? [:]
    }

    static func history(_ fixture: ServerFixture, _ id: Int64) throws -> [(event: String, at: Date, recordedAt: Date, key: String?)] {
        let connection = try fixture.database.connect()
        return try connection.query(
            "SELECT event, at, recorded_at, idempotency_key FROM workflow_transition WHERE instance_id = \(id) ORDER BY seq"
        ).map { (try $0.decode("event"), try $0.decode("at"), try $0.decode("recorded_at"), try $0.decode("idempotency_key", as: String?.self)) }
    }

    @Test func appliedOnceWithItsBusinessTimeThenReplayed() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let headers = try await Self.session(client, fixture, "ct-a")
            let body = Self.entry(key: "k-submit-1", record: fixture.instanceA, event: "submit", version: 1, at: "2022-11-28T07:05:00+07:00", user: "ct-a")
            let first = try await client.execute(uri: "/offline/sync", method: .post, headers: headers, body: body)
            #expect(first.status == .ok)
            #expect(Self.json(first)["outcome"] as? String == "applied")
            #expect(Self.json(first)["version"] as? Int == 2)
            // Sent again (the answer was lost): the first result, nothing fired twice.
            let again = try await client.execute(uri: "/offline/sync", method: .post, headers: headers, body: body)
            #expect(again.status == .ok)
            #expect(Self.json(again)["outcome"] as? String == "replayed")
            let rows = try Self.history(fixture, fixture.instanceA)
            #expect(rows.map(\.event) == ["create", "submit"])
            // The business time is the officer's; recorded_at is when it arrived.
            #expect(rows[1].at == Date(timeIntervalSince1970: 1_669_593_600 + 300))
            #expect(rows[1].recordedAt > rows[1].at)
            #expect(rows[1].key == "k-submit-1")
        }
    }

    @Test func conflictsAreAnsweredWithTheRecordAsItIsNowAndChangeNothing() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let producer = try await Self.session(client, fixture, "ct-a")
            let submitted = try await client.execute(
                uri: "/offline/sync", method: .post, headers: producer,
                body: Self.entry(key: "k1", record: fixture.instanceA, event: "submit", version: 1, at: "2022-11-28T07:01:00+07:00", user: "ct-a"))
            #expect(Self.json(submitted)["outcome"] as? String == "applied")
            let officer = try await Self.session(client, fixture, "huyen-vq")

            // The record moved on: the officer saw version 1.
            let stale = try await client.execute(
                uri: "/offline/sync", method: .post, headers: officer,
                body: Self.entry(key: "k2", record: fixture.instanceA, event: "reopen", version: 1, at: "2022-11-28T07:02:00+07:00", user: "huyen-vq"))
            #expect(stale.status == .conflict)
            let answer = Self.json(stale)
            #expect(answer["outcome"] as? String == "conflict")
            #expect(answer["code"] as? String == "stale-version")
            let current = answer["current"] as? [String: Any] ?? [:]
            #expect(current["version"] as? Int == 2)
            #expect(current["state"] as? String == "SUBMITTED")
            #expect(current["stateLabel"] as? String == "Đã nộp")
            #expect(current["changedBy"] as? String == "ct-a")
            #expect(current["changedAtText"] as? String == "28/11/2022 07:01")

            // The step no longer applies (the record is already submitted), at the current version.
            let rejected = try await client.execute(
                uri: "/offline/sync", method: .post, headers: officer,
                body: Self.entry(key: "k3", record: fixture.instanceA, event: "submit", version: 2, at: "2022-11-28T07:03:00+07:00", user: "huyen-vq"))
            #expect(rejected.status == .conflict)
            #expect(Self.json(rejected)["code"] as? String == "transition-rejected")

            // Dated on a day before the record's last step, in a workflow that refuses late entries: both dates said.
            let late = try await client.execute(
                uri: "/offline/sync", method: .post, headers: officer,
                body: Self.entry(key: "k4", record: fixture.instanceA, event: "reopen", version: 2, at: "2022-11-27T10:00:00+07:00", user: "huyen-vq"))
            #expect(late.status == .conflict)
            let lateAnswer = Self.json(late)
            #expect(lateAnswer["code"] as? String == "backdated")
            let message = lateAnswer["message"] as? String ?? ""
            #expect(message.contains("27/11/2022") && message.contains("28/11/2022"))

            // Recorded on the device for another user.
            let other = try await client.execute(
                uri: "/offline/sync", method: .post, headers: officer,
                body: Self.entry(key: "k5", record: fixture.instanceA, event: "reopen", version: 2, at: "2022-11-28T07:04:00+07:00", user: "ct-a"))
            #expect(other.status == .conflict)
            #expect(Self.json(other)["code"] as? String == "other-user")

            #expect(try Self.history(fixture, fixture.instanceA).map(\.event) == ["create", "submit"])
        }
    }

    @Test func wrongScopeBadInputAndNoSessionAreRefusedInTheUsersLanguage() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let officer = try await Self.session(client, fixture, "huyen-vq")
            // Outside the officer's district: the record does not exist for them, as at every door.
            let hidden = try await client.execute(
                uri: "/offline/sync", method: .post, headers: officer,
                body: Self.entry(key: "k-b", record: fixture.instanceB, event: "submit", version: 1, at: "2022-11-28T07:05:00+07:00", user: "huyen-vq"))
            #expect(hidden.status == .notFound)
            #expect(Self.json(hidden)["detail"] as? String == "không có hồ sơ số \(fixture.instanceB)")

            let garbage = try await client.execute(uri: "/offline/sync", method: .post, headers: officer, body: ByteBuffer(string: "{\"key\": 12,"))
            #expect(garbage.status == .badRequest)
            #expect((Self.json(garbage)["detail"] as? String ?? "").contains("nội dung không phải"))

            let kind = try await client.execute(
                uri: "/offline/sync", method: .post, headers: officer,
                body: ByteBuffer(string: #"{"key":"x","kind":"teleport","businessTime":"2022-11-28T07:00:00+07:00","user":"huyen-vq"}"#))
            #expect(kind.status == .badRequest)
            #expect((Self.json(kind)["detail"] as? String ?? "").contains("\"kind\" phải là một trong"))

            let future = try await client.execute(
                uri: "/offline/sync", method: .post, headers: officer,
                body: Self.entry(key: "k-f", record: fixture.instanceA, event: "submit", version: 1, at: "2022-11-29T07:00:00+07:00", user: "huyen-vq"))
            #expect(future.status == .badRequest)
            #expect((Self.json(future)["detail"] as? String ?? "").contains("sau giờ máy chủ"))

            // No CSRF header: refused; no session: 401 saying to sign in again (the queue keeps its entries).
            var noToken = officer
            noToken[HTTPField.Name("X-CSRF-Token")!] = nil
            let forged = try await client.execute(
                uri: "/offline/sync", method: .post, headers: noToken,
                body: Self.entry(key: "k-c", record: fixture.instanceA, event: "submit", version: 1, at: "2022-11-28T07:05:00+07:00", user: "huyen-vq"))
            #expect(forged.status == .forbidden)
            let signedOut = try await client.execute(
                uri: "/offline/sync", method: .post, headers: [.contentType: "application/json"],
                body: Self.entry(key: "k-s", record: fixture.instanceA, event: "submit", version: 1, at: "2022-11-28T07:05:00+07:00", user: "huyen-vq"))
            #expect(signedOut.status == .unauthorized)
            #expect(Self.json(signedOut)["outcome"] as? String == "signedOut")

            #expect(try Self.history(fixture, fixture.instanceA).map(\.event) == ["create"])
            #expect(try Self.history(fixture, fixture.instanceB).map(\.event) == ["create"])
        }
    }

    @Test func theAppFilesAreServedWithTheirTypesAndEveryPageLinksThem() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let worker = try await client.execute(uri: "/sw.js", method: .get)
            #expect(worker.status == .ok)
            #expect(worker.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(worker.headers[HTTPField.Name("Service-Worker-Allowed")!] == "/")
            #expect(worker.text.contains("ocop-offline-"))
            let manifest = try await client.execute(uri: "/app.webmanifest", method: .get)
            #expect(manifest.headers[.contentType] == "application/manifest+json")
            let parsed = Self.json(manifest)
            #expect(parsed["display"] as? String == "standalone" && parsed["start_url"] as? String == "/pipeline" && parsed["scope"] as? String == "/")
            #expect((parsed["name"] as? String ?? "").contains("Nông thôn mới"))
            #expect(try await client.execute(uri: "/offline/icon.svg", method: .get).headers[.contentType] == "image/svg+xml")
            let script = try await client.execute(uri: "/offline/app.js", method: .get)
            #expect(script.text.contains("crypto.randomUUID()") && script.text.contains("indexedDB.open"))

            let cookie = try await DashboardTests.signIn(client, fixture, "huyen-vq")
            let page = try await client.execute(uri: "/pipeline", method: .get, headers: [.cookie: cookie])
            #expect(page.text.contains("<link rel=\"manifest\" href=\"/app.webmanifest\">"))
            #expect(page.text.contains("id=\"offline-bar\"") && page.text.contains("/offline/app.js"))
        }
    }

    /// A field step that allows late entry (as `survey` and `field_check` do) keeps the officer's date.
    static let fieldYAML = """
        workflow: field_visit
        version: "test-1"
        roles: [CT, HUYEN]
        initial: OPEN
        states:
          OPEN: { vi: Mở, en: Open }
          NOTED: { vi: Đã ghi chú, en: Noted }
          VISITED: { vi: Đã khảo sát, en: Visited, final: true }
        events:
          - name: note
            from: OPEN
            to: NOTED
            roles: [HUYEN]
          - name: visit
            from: [OPEN, NOTED]
            to: VISITED
            roles: [HUYEN]
            late_entry: allow
        """

    @Test func aFieldStepThatAllowsLateEntryKeepsItsRealDate() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.store.register(yaml: Self.fieldYAML, path: "field.yaml")
        let record = try await fixture.store.start(
            workflow: "field_visit", actor: WorkflowActor(id: "huyen-vq", roles: ["HUYEN"]), subjectID: "subject-a", unitCode: "xa-a",
            now: ServerFixture.now.addingTimeInterval(-3 * 86_400))
        try await fixture.application().test(.live) { client in
            let officer = try await Self.session(client, fixture, "huyen-vq")
            // Someone noted the record on 27/11; the officer's visit was on 26/11, entered offline and synced now.
            let noted = try await client.execute(
                uri: "/offline/sync", method: .post, headers: officer,
                body: Self.entry(key: "n1", record: record.id, event: "note", version: 1, at: "2022-11-27T08:00:00+07:00", user: "huyen-vq"))
            #expect(Self.json(noted)["outcome"] as? String == "applied")
            let visit = try await client.execute(
                uri: "/offline/sync", method: .post, headers: officer,
                body: Self.entry(key: "v1", record: record.id, event: "visit", version: 2, at: "2022-11-26T15:30:00+07:00", user: "huyen-vq"))
            #expect(Self.json(visit)["outcome"] as? String == "applied")
            let rows = try Self.history(fixture, record.id)
            #expect(rows.map(\.event) == ["create", "note", "visit"])
            #expect(rows[2].at == ISO8601DateFormatter().date(from: "2022-11-26T15:30:00+07:00"))
        }
    }
}
