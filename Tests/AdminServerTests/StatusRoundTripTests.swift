import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LibPQ
@testable import Store
import TestSupport
import Workflow
import Testing

@Suite("A status GET costs two round trips: the token, then the record with its scope")
struct StatusRoundTripTests {
    @Test func aWarmStatusGetIsTwoStatements() async throws {
        // One connection, so that the statements prepared by the first request are the ones the next requests find.
        let fixture = try await ServerFixture.make(poolSize: 1)
        defer { fixture.pool.shutdown() }
        try await fixture.application().test(.live) { client in
            let uri = "/api/v1/instances/\(fixture.instanceA)"
            for user in ["ct-a", "huyen-vq"] {
                // The first run of a text goes unnamed, the second prepares it; from the third, one round trip each.
                for _ in 0..<2 {
                    let warm = try await client.execute(uri: uri, method: .get, headers: fixture.headers(user))
                    #expect(warm.status == .ok)
                }
                var costs: [Int] = []
                for _ in 0..<3 {
                    let before = fixture.pool.roundTrips
                    let response = try await client.execute(uri: uri, method: .get, headers: fixture.headers(user))
                    #expect(response.status == .ok)
                    #expect((response.json["state"] as? [String: Any])?["code"] as? String == "DRAFT")
                    costs.append(fixture.pool.roundTrips - before)
                }
                #expect(costs == [2, 2, 2], "round trips per GET as \(user)")
            }
            // Outside the caller's scope: the same 404 as before, for the same two statements.
            let before = fixture.pool.roundTrips
            let hidden = try await client.execute(uri: uri, method: .get, headers: fixture.headers("ct-b"))
            #expect(hidden.status == .notFound)
            #expect(fixture.pool.roundTrips - before == 2)
        }
    }

    @Test func theQuickReadAnswersLikeTheLongOne() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        let services = Services(pool: fixture.pool, store: fixture.store)
        for user in ["ct-a", "ct-b", "huyen-vq", "vpdp", "nobody"] {
            for id in [fixture.instanceA, fixture.instanceB, 999_999] {
                let quick = await outcome { try await services.workflows.status(id, as: Caller(user), at: ServerFixture.now) }
                let long = await outcome {
                    try await fixture.pool.read { connection in
                        try services.workflows.fullStatus(id, Caller(user), at: ServerFixture.now, on: connection)
                    }
                }
                #expect(quick == long, "\(user) on \(id)")
            }
        }
    }

    /// A status reduced to what a door shows, or the error's text.
    private func outcome(_ body: () async throws -> WorkflowService.Status) async -> String {
        do {
            let status = try await body()
            let events = status.events.map { "\($0.event):\($0.isAvailable):\($0.reasons.map(\.code.rawValue))" }
            return "\(status.record) \(status.roles.sorted()) \(events) \(String(describing: status.dueState))"
        } catch {
            return "error: \(ServiceError(error))"
        }
    }
}
