import Foundation
import TestSupport
import Testing

/// `ocop user contact` and `ocop outbox …` run as a user would.
@Suite("ocop outbox")
struct OutboxCommandTests {
    @Test func contactsAreSetByTheUserOrAnAdministrator() async throws {
        let cli = try await CLIFixture.make()
        try await cli.addStaff()
        let own = try await cli.ok(["user", "contact", "lan", "--email", "lan@example.vn", "--phone", "0912 345 678", "--as", "lan"])
        #expect(own.contains("lan@example.vn"))
        let hook = try #require(
            try await cli.json(["user", "contact", "lan", "--webhook", "https://sms.example.vn/ocop", "--opt-out", "email", "--as", "admin"])
                as? [String: Any])
        #expect((hook["webhookSecret"] as? String)?.count == 64)
        #expect(hook["optOut"] as? [String] == ["email"])
        #expect(hook["email"] as? String == "lan@example.vn")
        let other = try await cli.run(["user", "contact", "lan", "--email", "x@example.vn", "--as", "binh"])
        #expect(other.status == 4)
        #expect(other.errors.contains("chỉ chính người dùng \"lan\" hoặc quản trị viên (ADMIN)"))
        let bad = try await cli.run(["user", "contact", "lan", "--email", "not-an-address", "--as", "lan", "--lang", "en"])
        #expect(bad.status == 6)
        #expect(bad.errors.contains("not an e-mail address"))
        let channel = try await cli.run(["user", "contact", "lan", "--opt-out", "fax", "--as", "lan"])
        #expect(channel.status == 6)
    }

    @Test func relayDrainsTransitionsAndOnlyAnAdministratorRetries() async throws {
        let cli = try await CLIFixture.make()
        try await cli.addStaff()
        let pass = try #require(try await cli.json(["outbox", "run", "--once"]) as? [String: Any])
        #expect(pass["failed"] as? Int == 0)
        let empty = try await cli.ok(["outbox", "list", "--failed"])
        #expect(empty.contains("Hộp thư đi trống"))
        let notAdmin = try await cli.run(["outbox", "retry", "1", "--as", "lan"])
        #expect(notAdmin.status == 4)
        let missing = try await cli.run(["outbox", "retry", "999999", "--as", "admin"])
        #expect(missing.status == 3)
        let badLimit = try await cli.run(["outbox", "list", "--limit", "0"])
        #expect(badLimit.status == 6)
    }
}
