import Foundation
import TestSupport
import Testing

/// `ocop user …` run as a user would.
@Suite("ocop user")
struct UserCommandTests {
    @Test func addGrantListAndRevoke() async throws {
        let cli = try await CLIFixture.make()
        try await cli.addStaff()
        let text = try await cli.ok(["user", "list"])
        #expect(text.contains("Nguyễn Thị Lan"))
        #expect(text.contains("HUYEN@760, VPDPT"))
        #expect(text.contains("Vai trò"))
        let users = try #require(try await cli.json(["user", "list"]) as? [[String: Any]])
        #expect(users.map { $0["id"] as? String } == ["admin", "binh", "lan"])
        let lan = try #require(users.first { $0["id"] as? String == "lan" })
        let roles = try #require(lan["roles"] as? [[String: Any]])
        #expect(roles.map { $0["role"] as? String } == ["HUYEN", "VPDPT"])
        #expect(roles.first?["unitCode"] as? String == "760")

        try await cli.ok(["user", "revoke", "lan", "VPDPT", "--by", "admin"])
        let after = try #require(try await cli.json(["user", "list"]) as? [[String: Any]])
        #expect((after.first { $0["id"] as? String == "lan" }?["roles"] as? [Any])?.count == 1)
    }

    @Test func badUserInputHasDistinctExitCodesAndChangesNothing() async throws {
        let cli = try await CLIFixture.make()
        try await cli.ok(["user", "add", "admin", "--name", "Quản trị"])
        let duplicate = try await cli.run(["user", "add", "admin", "--name", "Khác"])
        #expect(duplicate.status == 5)
        #expect(duplicate.errors.contains("người dùng \"admin\" đã có"))
        let unknownUser = try await cli.run(["user", "grant", "nobody", "HUYEN", "--by", "admin"])
        #expect(unknownUser.status == 3)
        #expect(unknownUser.errors.contains("không có người dùng \"nobody\""))
        let unknownGranter = try await cli.run(["user", "grant", "admin", "HUYEN", "--by", "ghost", "--lang", "en"])
        #expect(unknownGranter.status == 3)
        #expect(unknownGranter.errors.contains("no user \"ghost\""))
        let unknownRole = try await cli.run(["user", "grant", "admin", "BOSS", "--by", "admin"])
        #expect(unknownRole.status == 6)
        #expect(unknownRole.errors.contains("vai trò \"BOSS\" không có"))
        // Only an administrator grants; while there is none, the first ADMIN grant starts the installation.
        try await cli.ok(["user", "add", "lan", "--name", "Nguyễn Thị Lan"])
        let notAdmin = try await cli.run(["user", "grant", "lan", "HUYEN", "--by", "admin"])
        #expect(notAdmin.status == 4)
        #expect(notAdmin.errors.contains("không có vai trò ADMIN"))
        try await cli.ok(["user", "grant", "admin", "ADMIN", "--by", "admin"])
        let selfPromotion = try await cli.run(["user", "grant", "lan", "ADMIN", "--by", "lan"])
        #expect(selfPromotion.status == 4)
        try await cli.ok(["user", "revoke", "admin", "ADMIN", "--by", "admin"])
        let badID = try await cli.run(["user", "add", "Bad Name", "--name", "X"])
        #expect(badID.status == 6)
        let users = try #require(try await cli.json(["user", "list"]) as? [[String: Any]])
        #expect(users.count == 2)
        #expect(users.allSatisfy { ($0["roles"] as? [Any])?.isEmpty == true })
    }
}
