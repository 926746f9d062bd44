import Foundation
import LibPQ
import Store
import TestSupport
import Testing

/// Issue 15: every authenticated API read ran `UPDATE api_token SET last_used_at`, a durable write. The time is
/// now kept to the minute: a token used again within a minute is only read.
@Suite("API tokens: last use kept to the minute, not written on every request")
struct TokenLastUsedTests {
    @Test func aTokenUsedAgainWithinAMinuteIsNotWritten() async throws {
        let database = try await TestServer.shared.database()
        let connection = try database.connect()
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        try UserStore().add(id: "lan", name: "Nguyễn Thị Lan", on: connection)
        let tokens = TokenStore()
        let (token, secret) = try tokens.create(userID: "lan", validFor: .seconds(86_400), now: t0, on: connection)
        func stored() throws -> (lastUsed: Date?, version: String) {
            let row = try connection.query("SELECT last_used_at, xmin::text AS version FROM api_token WHERE id = \(token.id)").single()
            return (try row.decode("last_used_at"), try row.decode("version"))
        }
        #expect(try tokens.authenticate(secret: secret, now: t0, on: connection)?.user.id == "lan")
        let first = try stored()
        #expect(first.lastUsed == t0)
        // Within the minute: the same row version (no UPDATE ran), the same time.
        for seconds in [1.0, 30, 59] {
            #expect(try tokens.authenticate(secret: secret, now: t0.addingTimeInterval(seconds), on: connection)?.tokenID == token.id)
            let again = try stored()
            #expect(again.version == first.version)
            #expect(again.lastUsed == t0)
        }
        // A minute on, it is written once more.
        let later = t0.addingTimeInterval(61)
        #expect(try tokens.authenticate(secret: secret, now: later, on: connection) != nil)
        let moved = try stored()
        #expect(moved.lastUsed == later)
        #expect(moved.version != first.version)
        // A wrong secret or an expired token still gets nothing.
        #expect(try tokens.authenticate(secret: secret + "x", now: later, on: connection) == nil)
        #expect(try tokens.authenticate(secret: secret, now: t0.addingTimeInterval(90_000), on: connection) == nil)
    }
}
