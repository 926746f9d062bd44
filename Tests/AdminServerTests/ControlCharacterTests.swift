import Foundation
import HTTPTypes
import LibPQ
import Hummingbird
import HummingbirdTesting
import Store
import TestSupport
import Testing

/// NUL and other control characters in what the API is sent: 400 naming the field, never a 500, never silently cut.
@Suite("Admin API: control characters in input")
struct ControlCharacterTests {
    @Test(
        "NUL or another control character in a comment, an input or a legal reference is refused with the field named",
        arguments: [
            ("{\"comment\":\"nộp\\u0000hồ sơ\"}", "comment", "U+0000 (NUL)"),
            ("{\"comment\":\"a\\u001bb\"}", "comment", "U+001B"),
            ("{\"input\":{\"note\\u0000\":\"x\"}}", "input.note", "U+0000 (NUL)"),
            ("{\"legalRef\":\"12/QĐ\\u007f\"}", "legalRef", "U+007F"),
        ])
    func refused(_ body: String, _ field: String, _ character: String) async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let response = try await client.execute(
                uri: "/api/v1/instances/\(fixture.instanceA)/events/submit", method: .post,
                headers: fixture.headers("ct-a", [.contentType: "application/json"]), body: ByteBuffer(string: body))
            #expect(response.status == .badRequest, "\(body): \(String(buffer: response.body))")
            let text = String(buffer: response.body)
            #expect(text.contains(field) && text.contains(character), "\(text)")
        }
        #expect(try await fixture.store.history(fixture.instanceA).map(\.event) == ["create"])
    }

    @Test("tabs and line breaks in a comment are kept as written")
    func whitespaceKept() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let response = try await client.execute(
                uri: "/api/v1/instances/\(fixture.instanceA)/events/submit", method: .post,
                headers: fixture.headers("ct-a", [.contentType: "application/json"]), body: ByteBuffer(string: "{\"comment\":\"dòng 1\\n\\tdòng 2\"}"))
            #expect(response.status == .ok)
        }
        #expect(try await fixture.store.history(fixture.instanceA).last?.comment == "dòng 1\n\tdòng 2")
    }
}
