import Foundation
import Workflow
import LibPQ
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Store
import TestSupport
import Testing

@Suite("Admin API: status, firing, versions, idempotency, bad input")
struct InstanceAPITests {
    @Test func statusListsEventsWithReasonsInTheCallersLanguage() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let response = try await client.execute(uri: "/api/v1/instances/\(fixture.instanceA)", method: .get, headers: fixture.headers("ct-a"))
            let state = response.json["state"] as? [String: Any]
            #expect(state?["code"] as? String == "DRAFT")
            let events = response.json["events"] as? [[String: Any]] ?? []
            let submit = events.first { $0["event"] as? String == "submit" }
            let approve = events.first { $0["event"] as? String == "approve" }
            #expect(submit?["available"] as? Bool == true)
            #expect(approve?["available"] as? Bool == false)
            let reasons = (approve?["reasons"] as? [[String: Any]])?.compactMap { $0["message"] as? String } ?? []
            #expect(!reasons.isEmpty)
            #expect(reasons.joined().contains("trạng thái") || reasons.joined().contains("vai trò"))
            let english = try await client.execute(
                uri: "/api/v1/instances/\(fixture.instanceA)", method: .get, headers: fixture.headers("ct-a", [.acceptLanguage: "en"]))
            let englishReasons = ((english.json["events"] as? [[String: Any]])?.first { $0["event"] as? String == "approve" }?["reasons"] as? [[String: Any]])?
                .compactMap { $0["message"] as? String } ?? []
            #expect(englishReasons != reasons)
        }
    }

    @Test func fireWithIfMatchAndAStaleVersion() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let uri = "/api/v1/instances/\(fixture.instanceA)/events/submit"
            let fired = try await client.execute(uri: uri, method: .post, headers: fixture.headers("ct-a", [.ifMatch: "\"1\""]), body: ByteBuffer(string: "{\"comment\":\"nộp hồ sơ\"}"))
            #expect(fired.status == .ok)
            #expect(fired.headers[.eTag] == "\"2\"")
            #expect(fired.json["to"] as? String == "SUBMITTED")

            let stale = try await client.execute(
                uri: "/api/v1/instances/\(fixture.instanceA)/events/reopen", method: .post, headers: fixture.headers("huyen-vq", [.ifMatch: "\"1\""]))
            #expect(stale.status == .preconditionFailed)
            #expect(stale.json["currentVersion"] as? String == "2")
            #expect(stale.json["currentState"] as? String == "SUBMITTED")
            #expect(stale.headers[.eTag] == "\"2\"")

            let badMatch = try await client.execute(uri: uri, method: .post, headers: fixture.headers("ct-a", [.ifMatch: "phiên bản"]))
            #expect(badMatch.status == .badRequest)
        }
        let history = try await fixture.store.history(fixture.instanceA)
        #expect(history.map(\.event) == ["create", "submit"])
        #expect(history.last?.comment == "nộp hồ sơ")
        #expect(history.last?.actor == "ct-a")
    }

    @Test func aRepeatedIdempotencyKeyGivesTheSameResponseAndOneRow() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let uri = "/api/v1/instances/\(fixture.instanceA)/events/submit"
            let headers = fixture.headers("ct-a", [HTTPField.Name("Idempotency-Key")!: "nop-lan-1"])
            let first = try await client.execute(uri: uri, method: .post, headers: headers)
            let second = try await client.execute(uri: uri, method: .post, headers: headers)
            #expect(first.status == .ok && second.status == .ok)
            #expect(first.text == second.text)
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
        }
        #expect(try await fixture.store.history(fixture.instanceA).count == 2)
    }

    @Test func rejectedTransitionsAre422WithEveryReason() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        _ = try await fixture.store.fire(FireRequest(instanceID: fixture.instanceA, event: "submit", actor: .init(id: "ct-a", roles: ["CT"]), now: ServerFixture.now))
        try await fixture.application().test(.live) { client in
            let body = ByteBuffer(string: #"{"input":{"score":68.5}}"#)
            let response = try await client.execute(
                uri: "/api/v1/instances/\(fixture.instanceA)/events/approve", method: .post, headers: fixture.headers("vpdp", [.acceptLanguage: "en"]), body: body)
            #expect(response.status == .unprocessableContent)
            let codes = (response.json["reasons"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
            #expect(codes.contains("guardFailed") && codes.contains("inputMissing"))
            #expect((response.json["detail"] as? String)?.contains("68.5") == true)
        }
        #expect(try await fixture.store.instance(fixture.instanceA).snapshot.version == 2)
    }

    @Test func garbageIsA400AndChangesNothing() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application(maxBodySize: 1024).test(.live) { client in
            let uri = "/api/v1/instances/\(fixture.instanceA)/events/submit"
            let cases: [(ByteBuffer, HTTPResponse.Status)] = [
                (ByteBuffer(string: "{không phải json"), .badRequest),
                (ByteBuffer(bytes: [0x7B, 0xFF, 0xFE, 0x7D]), .badRequest),
                (ByteBuffer(string: #"{"input":{},"sneaky":true}"#), .badRequest),
                (ByteBuffer(string: #"{"input":[1,2]}"#), .badRequest),
                (ByteBuffer(string: "[1,2,3]"), .badRequest),
                (ByteBuffer(string: "{\"comment\":\"" + String(repeating: "x", count: 4096) + "\"}"), .contentTooLarge),
            ]
            for (body, status) in cases {
                let response = try await client.execute(uri: uri, method: .post, headers: fixture.headers("ct-a"), body: body)
                #expect(response.status == status)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                #expect(response.headers[HTTPField.Name("X-Request-ID")!]?.isEmpty == false)
            }
            #expect(try await client.execute(uri: "/api/v1/instances/abc", method: .get, headers: fixture.headers("vpdp")).status == .badRequest)
            #expect(try await client.execute(uri: "/api/v1/instances?limit=0", method: .get, headers: fixture.headers("vpdp")).status == .badRequest)
        }
        #expect(try await fixture.store.history(fixture.instanceA).count == 1)
    }

    @Test func openAPIAndMetricsAreServed() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            _ = try await client.execute(uri: "/api/v1/instances", method: .get, headers: fixture.headers("vpdp"))
            _ = try await client.execute(uri: "/api/v1/instances/\(fixture.instanceA)/events/submit", method: .post, headers: fixture.headers("ct-a"))
            let openapi = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(openapi.status == .ok && openapi.text.hasPrefix("openapi: 3.1.0"))
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("ocop_db_pool_size 4"))
            #expect(metrics.text.contains("ocop_transitions_total{workflow=\"review\",event=\"submit\",source=\"api\"}"))
            #expect(metrics.text.contains("http_server_request_duration_count{http_route=\"/api/v1/instances\",http_request_method=\"GET\",http_response_status_code=\"200\"}"))
        }
    }
}
