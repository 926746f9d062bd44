@testable import AdminServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LibPQ
import Store
import TestSupport
import Testing
import Workflow
import Yams

/// What `/openapi.yaml` promises, the server does — one test per disagreement schema fuzzing found (issue 16); the
/// whole contract is fuzzed by schemathesis in `Tests/Contract/run.sh` (`.ci/run`).
@Suite("contract: the server keeps what /openapi.yaml says")
struct ContractTests {
    // MARK: - Methods

    @Test func undeclaredMethodsOnKnownPathsAre405WithAllow() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        let instance = "/api/v1/instances/\(fixture.instanceA)"
        try await fixture.application().test(.live) { client in
            for method: HTTPRequest.Method in [.put, .delete, .patch, .options, .trace, HTTPRequest.Method("QUERY")!] {
                let health = try await client.execute(uri: "/healthz", method: method)
                #expect(health.status == .methodNotAllowed, "\(method) /healthz")
                #expect(health.headers[.allow] == "GET, HEAD", "\(method) /healthz")
                #expect(health.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let list = try await client.execute(uri: "/api/v1/instances", method: method, headers: fixture.headers("vpdp"))
                #expect(list.status == .methodNotAllowed && list.headers[.allow] == "GET, HEAD", "\(method) /api/v1/instances")
                let one = try await client.execute(uri: instance, method: method, headers: fixture.headers("vpdp"))
                #expect(one.status == .methodNotAllowed && one.headers[.allow] == "GET, HEAD", "\(method) \(instance)")
                // Without a token an /api/v1 path says nothing, not even which methods it takes.
                let anonymous = try await client.execute(uri: "/api/v1/instances", method: method)
                #expect(anonymous.status == .unauthorized && anonymous.headers[.allow] == nil, "\(method) anonymous")
            }
            let getOnPost = try await client.execute(uri: "\(instance)/events/approve", method: .get, headers: fixture.headers("huyen-vq"))
            #expect(getOnPost.status == .methodNotAllowed && getOnPost.headers[.allow] == "POST")
            let councils = try await client.execute(uri: "/api/v1/ocop/councils", method: .delete, headers: fixture.headers("vpdp"))
            #expect(councils.status == .methodNotAllowed && councils.headers[.allow] == "GET, HEAD, POST")
            // A path no route has stays 404, whatever the method.
            for method: HTTPRequest.Method in [.get, .put] {
                #expect(try await client.execute(uri: "/khong-co", method: method, headers: fixture.headers("vpdp")).status != .methodNotAllowed)
                #expect(try await client.execute(uri: "/api/v1/khong-co", method: method, headers: fixture.headers("vpdp")).status == .notFound)
            }
        }
    }

    @Test func headIsServedWhereverGetIs() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            for path in ["/healthz", "/readyz", "/metrics", "/openapi.yaml"] {
                let head = try await client.execute(uri: path, method: .head)
                #expect(head.status == .ok, "HEAD \(path)")
                #expect(head.body.readableBytes == 0, "HEAD \(path)")
            }
            let get = try await client.execute(uri: "/api/v1/instances/\(fixture.instanceA)", method: .get, headers: fixture.headers("vpdp"))
            let head = try await client.execute(uri: "/api/v1/instances/\(fixture.instanceA)", method: .head, headers: fixture.headers("vpdp"))
            #expect(head.status == .ok && head.body.readableBytes == 0)
            #expect(head.headers[.eTag] == get.headers[.eTag] && get.headers[.eTag] != nil)
            #expect(try await client.execute(uri: "/api/v1/instances", method: .head).status == .unauthorized)
        }
    }

    @Test func connectIsAnsweredAndTheConnectionDoesNotHang() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let port = try #require(client.port)
            for target in ["/healthz", "127.0.0.1:\(port)", "/khong-co"] {
                // A generous bound for a loaded machine: before the fix the connection stayed open for good.
                let exchange = try RawHTTP.send("CONNECT \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n", port: port, timeout: .seconds(30))
                let status = try #require(exchange.status, "CONNECT \(target): no answer in \(exchange.elapsed): \(exchange.text)")
                // Never a tunnel: 405 with Allow on a known path; elsewhere what any method gets (a redirect to sign-in, 404).
                #expect(!(200..<300).contains(status), "CONNECT \(target): \(exchange.text)")
                if target == "/healthz" { #expect(status == 405 && exchange.header("Allow") == "GET, HEAD", "\(exchange.text)") }
                // Either the body's length is given or the connection ends: a client never waits forever.
                #expect(exchange.header("Content-Length") != nil || exchange.closed, "CONNECT \(target): \(exchange.text)")
                #expect(exchange.closed && exchange.elapsed < .seconds(30), "CONNECT \(target) took \(exchange.elapsed)")
            }
            // The server still serves others.
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    // MARK: - Bodies

    @Test func aPostBodyThatIsNotJSONIs415() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        let uri = "/api/v1/instances/\(fixture.instanceA)/events/approve"
        try await fixture.application().test(.live) { client in
            for type in ["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"] {
                let response = try await client.execute(
                    uri: uri, method: .post, headers: fixture.headers("huyen-vq", [.contentType: type]), body: ByteBuffer(string: "{}"))
                #expect(response.status == .unsupportedMediaType, "\(type)")
                #expect(response.json["type"] as? String == "https://ocop.vn/problems/unsupported-media-type", "\(type)")
            }
            // Nothing changed: the record is still at version 1.
            let status = try await client.execute(uri: "/api/v1/instances/\(fixture.instanceA)", method: .get, headers: fixture.headers("huyen-vq"))
            #expect(status.headers[.eTag] == "\"1\"")
            // JSON with parameters, and +json types, are JSON.
            #expect(APIRequestDecoder.isJSON("application/json; charset=utf-8") && APIRequestDecoder.isJSON("application/merge-patch+json"))
            #expect(!APIRequestDecoder.isJSON("text/json-ish") && !APIRequestDecoder.isJSON(""))
        }
    }

    // MARK: - Bounds

    @Test func emptyOrOversizedQueryValuesAndIdsAre400NamingTheParameter() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let bad: [(String, String)] = [
                ("/api/v1/instances?cursor=", "cursor"), ("/api/v1/instances?cursor=-1", "cursor"), ("/api/v1/instances?cursor=%2B5", "cursor"),
                ("/api/v1/instances?cursor=1234567890123456789", "cursor"), ("/api/v1/instances?limit=0", "limit"),
                ("/api/v1/instances?state=\(String(repeating: "x", count: 201))", "state"),
                ("/api/v1/instances/9223372036854775808", "id"), ("/api/v1/instances/0", "id"), ("/api/v1/instances/0/history", "id"),
            ]
            for (uri, parameter) in bad {
                let response = try await client.execute(uri: uri, method: .get, headers: fixture.headers("vpdp"))
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.json["parameter"] as? String == parameter, "\(uri)")
            }
            let good = try await client.execute(uri: "/api/v1/instances?cursor=0&limit=1", method: .get, headers: fixture.headers("vpdp"))
            #expect(good.status == .ok)
            let largest = try await client.execute(uri: "/api/v1/instances/9223372036854775807", method: .get, headers: fixture.headers("vpdp"))
            #expect(largest.status == .notFound)
            let emptyIfMatch = try await client.execute(
                uri: "/api/v1/instances/\(fixture.instanceA)/events/approve", method: .post,
                headers: fixture.headers("huyen-vq", [.ifMatch: "", .contentType: "application/json"]), body: ByteBuffer(string: "{}"))
            #expect(emptyIfMatch.status == .badRequest && emptyIfMatch.json["parameter"] as? String == "If-Match")
        }
    }

    /// The spec's patterns and bounds are the server's: a value the pattern takes is taken, one it refuses is refused.
    @Test(arguments: ["", "0", "7", "007", "+5", "-1", " 1", "12345678901234567", "123456789012345678", "1234567890123456789", "1a", "٣"])
    func cursorPatternAndServerAgree(_ value: String) throws {
        let spec = try Self.spec()
        let cursor = try #require(((spec["components"] as? [String: Any])?["parameters"] as? [String: Any])?["cursor"] as? [String: Any])
        let pattern = try #require((cursor["schema"] as? [String: Any])?["pattern"] as? String)
        #expect(pattern == QueryBounds.cursorPattern)
        let specTakes = value.range(of: pattern, options: .regularExpression) != nil
        let serverTakes = (try? QueryBounds.cursor(Substring(value))) != nil
        #expect(specTakes == serverTakes, "cursor \"\(value)\": spec \(specTakes), server \(serverTakes)")
    }

    @Test(arguments: ["", "*", "3", "\"3\"", "W/\"3\"", "\"0\"", "03", "+3", "-1", "\"", "abc", "\"123456789012345678\"", "1234567890123456789"])
    func ifMatchPatternAndServerAgree(_ value: String) throws {
        let spec = try Self.spec()
        let fire = try #require(Self.operation(spec, "/api/v1/instances/{id}/events/{event}", nil))
        let parameters = try #require(fire["parameters"] as? [[String: Any]])
        let ifMatch = try #require(parameters.first { $0["name"] as? String == "If-Match" })
        let pattern = try #require((ifMatch["schema"] as? [String: Any])?["pattern"] as? String)
        let specTakes = value.range(of: pattern, options: .regularExpression) != nil
        let serverTakes: Bool
        do {
            _ = try InstanceRoutes.expectedVersion(value)
            serverTakes = true
        } catch { serverTakes = false }
        #expect(specTakes == serverTakes, "If-Match \"\(value)\": spec \(specTakes), server \(serverTakes)")
    }

    /// Every /api/v1 operation documents 401 (no or a bad token) and 429 (throttled); those with a path id or a
    /// bounded query value document 400; every POST documents 415.
    @Test func everyOperationDocumentsItsErrors() throws {
        let spec = try Self.spec()
        let paths = try #require(spec["paths"] as? [String: Any])
        var checked = 0
        for (path, item) in paths where path.hasPrefix("/api/v1") {
            for (method, operation) in (item as? [String: Any]) ?? [:] where ["get", "post"].contains(method) {
                let responses = ((operation as? [String: Any])?["responses"] as? [String: Any]) ?? [:]
                #expect(responses["401"] != nil, "\(method) \(path): 401")
                #expect(responses["429"] != nil, "\(method) \(path): 429")
                if method == "post" { #expect(responses["415"] != nil, "\(method) \(path): 415") }
                if path.contains("{id}") { #expect(responses["400"] != nil, "\(method) \(path): 400") }
                checked += 1
            }
        }
        #expect(checked >= 14)
        // The bounds the server enforces are the ones written down.
        let id = try #require(((spec["components"] as? [String: Any])?["parameters"] as? [String: Any])?["id"] as? [String: Any])
        let idSchema = try #require(id["schema"] as? [String: Any])
        #expect(idSchema["minimum"] as? Int == 1 && idSchema["maximum"] as? Int == Int(Int64.max))
        let certificates = try #require(Self.operation(spec, "/api/v1/ocop/certificates", "get"))
        let expiring = try #require((certificates["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == "expiringWithin" })
        let window = try #require(expiring["schema"] as? [String: Any])
        #expect(window["minimum"] as? Int == OCOPService.expiringWindow.lowerBound && window["maximum"] as? Int == OCOPService.expiringWindow.upperBound)
    }

    // MARK: - Helpers

    static func spec() throws -> [String: Any] {
        try #require(try Yams.load(yaml: OpenAPIRoute.document) as? [String: Any])
    }

    /// An operation (or, with no method, the path item merged with its one operation's parameters).
    static func operation(_ spec: [String: Any], _ path: String, _ method: String?) -> [String: Any]? {
        guard let item = (spec["paths"] as? [String: Any])?[path] as? [String: Any] else { return nil }
        if let method { return item[method] as? [String: Any] }
        return item
    }
}

@Suite("contract: route patterns")
struct RoutePatternTests {
    @Test(arguments: [
        ("/api/v1/instances/{id}", "/api/v1/instances/42", true), ("/api/v1/instances/{id}", "/api/v1/instances", false),
        ("/api/v1/instances/{id}", "/api/v1/instances/42/history", false), ("/", "/", true), ("/static/**", "/static/a/b", true),
        ("/healthz", "/healthz/", true), ("/healthz", "/healthzz", false),
    ])
    func patterns(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(RouteTable.matches(pattern.split(separator: "/"), path.split(separator: "/")) == expected)
    }
}

@Suite("problem+json bodies")
struct ProblemBodyTests {
    /// The body is written by hand (it is the cheap path under a flood): it must still be exactly the JSON of its fields.
    @Test func theBodyIsValidJSONOfItsFields() throws {
        let tricky = "Hồ sơ \"số 7\" \\ đã\nđổi\t\u{01}/😀"
        var problem = Problem(.conflict, code: "conflict", title: Bilingual(vi: "Xung đột", en: "Conflict"), detail: Bilingual(vi: tricky, en: "en"))
        problem.extra = ["parameter": tricky, "currentVersion": "3"]
        problem.reasons = [Rejection.Reason(code: Rejection.Code(rawValue: "guard-failed"), subject: "a\"b", message: Bilingual(vi: tricky, en: "x"))]
        let text = problem.json(language: .vi, instance: "/api/v1/x", requestID: "r-1")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["detail"] as? String == tricky && object["parameter"] as? String == tricky)
        #expect(object["status"] as? Int == 409 && object["requestId"] as? String == "r-1" && object["currentVersion"] as? String == "3")
        let reason = try #require((object["reasons"] as? [[String: Any]])?.first)
        #expect(reason["subject"] as? String == "a\"b" && reason["message"] as? String == tricky)
        #expect(text.hasPrefix("{\"currentVersion\":"))
    }
}
