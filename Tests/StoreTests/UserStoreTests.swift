import Foundation
import LibPQ
import Store
import TestSupport
import Testing
import Workflow

@Suite("Users and roles")
struct UserStoreTests {
    @Test func addGrantActRevoke() async throws {
        let database = try await TestServer.shared.database()
        let connection = try database.connect()
        let users = UserStore(pool: database.pool(size: 1))
        defer { users.pool?.shutdown() }
        try users.add(id: "lan.nguyen", name: "Nguyễn Thị Lan", on: connection)
        try users.grant(.init(role: "HUYEN", unitCode: "vu-quang"), to: "lan.nguyen", by: "admin", on: connection)
        try users.grant(.init(role: "HUYEN", unitCode: "vu-quang"), to: "lan.nguyen", by: "admin", on: connection)  // idempotent
        try users.grant(.init(role: "CT", subjectID: "htx-thanh-mai"), to: "lan.nguyen", by: "admin", on: connection)

        let listed = try users.list(on: connection)
        #expect(listed.map(\.id) == ["lan.nguyen"])
        #expect(listed[0].name == "Nguyễn Thị Lan")
        #expect(Set(listed[0].grants) == [.init(role: "HUYEN", unitCode: "vu-quang"), .init(role: "CT", subjectID: "htx-thanh-mai")])

        let actor = try users.actor("lan.nguyen", on: connection)
        #expect(actor.roles == ["HUYEN", "CT"])
        let acting = try users.actor("lan.nguyen", role: "CT", onBehalfOf: "htx-thanh-mai", on: connection)
        #expect(acting.roles == ["CT"] && acting.onBehalfOf == "htx-thanh-mai")

        try users.revoke(.init(role: "CT", subjectID: "htx-thanh-mai"), from: "lan.nguyen", by: "admin", on: connection)
        #expect(try users.actor("lan.nguyen", on: connection).roles == ["HUYEN"])
        let changes = try connection.query("SELECT change FROM user_role_change ORDER BY id").map { try $0.decode("change", as: String.self) }
        #expect(changes == ["grant", "grant", "revoke"])
    }

    @Test func badInputIsRefusedAndChangesNothing() async throws {
        let database = try await TestServer.shared.database()
        let connection = try database.connect()
        let users = UserStore(pool: database.pool(size: 1))
        defer { users.pool?.shutdown() }
        try users.add(id: "an", name: "An", on: connection)
        func code(_ body: () throws -> Void) -> UserStoreError.Code? {
            do {
                try body()
                return nil
            } catch let error as UserStoreError {
                return error.code
            } catch {
                return nil
            }
        }
        #expect(code { try users.add(id: "an", name: "An again", on: connection) } == .exists)
        #expect(code { try users.add(id: "Có Dấu", name: "x", on: connection) } == .invalid)
        #expect(code { try users.grant(.init(role: "BOSS"), to: "an", by: "admin", on: connection) } == .unknownRole)
        #expect(code { try users.grant(.init(role: "HUYEN"), to: "nobody", by: "admin", on: connection) } == .notFound)
        #expect(code { try users.revoke(.init(role: "HUYEN"), from: "an", by: "admin", on: connection) } == .grantNotFound)
        #expect(code { _ = try users.actor("an", on: connection) } == .noRoles)
        try users.grant(.init(role: "XA"), to: "an", by: "admin", on: connection)
        #expect(code { _ = try users.actor("an", role: "VPDPT", on: connection) } == .roleNotHeld)
        #expect(try connection.query("SELECT count(*) FROM app_user").single().decode(at: 0, as: Int.self) == 1)
        // The log of changes is append-only.
        #expect(throws: DatabaseError.self) { try connection.executeScript("DELETE FROM user_role_change") }
    }
}
