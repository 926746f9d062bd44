import Foundation
import Workflow
import LibPQ
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Store
import TestSupport
import Testing

@Suite("Admin API: authentication, roles and scopes over real sockets")
struct AuthorizationTests {
    @Test func everyAPIPathNeedsAValidToken() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            for path in ["/api/v1/instances", "/api/v1/instances/\(fixture.instanceA)", "/api/v1/khong-co-duong-nay", "/api/v1"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .unauthorized, "\(path)")
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"ocop\"")
                #expect(response.json["status"] as? Int == 401)
            }
            let forged = try await client.execute(uri: "/api/v1/instances", method: .get, headers: [.authorization: "Bearer ocop_forged"])
            #expect(forged.status == .unauthorized)
            let english = try await client.execute(uri: "/api/v1/instances", method: .get, headers: [.acceptLanguage: "en-US,en;q=0.9"])
            #expect((english.json["detail"] as? String)?.contains("token is required") == true)
            // Public endpoints stay public.
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    @Test func revokedAndExpiredTokensAreRefused() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        let connection = try fixture.database.connect()
        let expired = try TokenStore().create(userID: "vpdp", validFor: .seconds(1), now: Date(timeIntervalSinceNow: -3600), on: connection)
        let revoked = try TokenStore().create(userID: "vpdp", validFor: .seconds(3600), now: Date(), on: connection)
        try TokenStore().revoke(id: revoked.token.id, now: Date(), on: connection)
        try await fixture.application().test(.live) { client in
            for secret in [expired.secret, revoked.secret] {
                let response = try await client.execute(uri: "/api/v1/instances", method: .get, headers: [.authorization: "Bearer \(secret)"])
                #expect(response.status == .unauthorized)
            }
            let valid = try await client.execute(uri: "/api/v1/instances", method: .get, headers: fixture.headers("vpdp"))
            #expect(valid.status == .ok)
        }
        // Only the hash is stored.
        let stored = try connection.query("SELECT count(*) FROM api_token WHERE secret_hash = \(revoked.secret)").single().decode(at: 0, as: Int.self)
        #expect(stored == 0)
    }

    @Test func producersSeeOnlyTheirOwnRecordsAndOthersLookMissing() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let own = try await client.execute(uri: "/api/v1/instances/\(fixture.instanceA)", method: .get, headers: fixture.headers("ct-a"))
            #expect(own.status == .ok)
            #expect(own.json["subject"] as? String == "subject-a")
            #expect(own.headers[.eTag] == "\"1\"")

            let other = try await client.execute(uri: "/api/v1/instances/\(fixture.instanceB)", method: .get, headers: fixture.headers("ct-a"))
            let missing = try await client.execute(uri: "/api/v1/instances/99999999", method: .get, headers: fixture.headers("ct-a"))
            #expect(other.status == .notFound && missing.status == .notFound)
            // Not revealing existence: the same answer but for the id.
            #expect((other.json["detail"] as? String)?.replacingOccurrences(of: "\(fixture.instanceB)", with: "N")
                == (missing.json["detail"] as? String)?.replacingOccurrences(of: "99999999", with: "N"))
            let otherHistory = try await client.execute(uri: "/api/v1/instances/\(fixture.instanceB)/history", method: .get, headers: fixture.headers("ct-a"))
            #expect(otherHistory.status == .notFound)
            let otherFire = try await client.execute(
                uri: "/api/v1/instances/\(fixture.instanceB)/events/submit", method: .post, headers: fixture.headers("ct-a"))
            #expect(otherFire.status == .notFound)

            let list = try await client.execute(uri: "/api/v1/instances", method: .get, headers: fixture.headers("ct-a"))
            let ids = (list.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } ?? []
            #expect(ids == [Int(fixture.instanceA)])
        }
        #expect(try await fixture.store.instance(fixture.instanceB).snapshot.version == 1)
    }

    @Test func staffSeeTheirDistrictReviewersSeeAll() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let inDistrict = try await client.execute(uri: "/api/v1/instances/\(fixture.instanceA)", method: .get, headers: fixture.headers("huyen-vq"))
            let elsewhere = try await client.execute(uri: "/api/v1/instances/\(fixture.instanceB)", method: .get, headers: fixture.headers("huyen-vq"))
            #expect(inDistrict.status == .ok && elsewhere.status == .notFound)
            for id in [fixture.instanceA, fixture.instanceB] {
                #expect(try await client.execute(uri: "/api/v1/instances/\(id)", method: .get, headers: fixture.headers("vpdp")).status == .ok)
            }
            // A visible record, but an event the caller's role may not fire: 403 with the reason.
            let forbidden = try await client.execute(
                uri: "/api/v1/instances/\(fixture.instanceA)/events/expire", method: .post, headers: fixture.headers("huyen-vq"))
            #expect(forbidden.status == .forbidden)
            let codes = (forbidden.json["reasons"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
            #expect(codes.contains("roleNotAllowed"))
        }
    }
}
