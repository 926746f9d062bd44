import Foundation
import LibPQ
import Store
import TestSupport
import Workflow

/// A test database with the `review` workflow registered, and actors for each role.
struct WorkflowFixture {
    let database: TestDatabase
    let pool: ConnectionPool
    let store: WorkflowStore

    static let producer = WorkflowActor(id: "ct-thanh-mai", roles: ["CT"])
    static let district = WorkflowActor(id: "huyen-vu-quang", roles: ["HUYEN"])
    static let province = WorkflowActor(id: "vpdp-ha-tinh", roles: ["VPDPT"])
    static let t0 = Date(timeIntervalSince1970: 1_669_593_600)  // 28/11/2022 00:00 UTC

    static var reviewYAML: String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/review.yaml")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    static func make(poolSize: Int = 4) async throws -> WorkflowFixture {
        let database = try await TestServer.shared.database()
        let pool = database.pool(size: poolSize)
        let store = WorkflowStore(pool: pool)
        try await store.register(yaml: reviewYAML, path: "Fixtures/review.yaml")
        return WorkflowFixture(database: database, pool: pool, store: store)
    }

    func count(_ sql: Query) throws -> Int {
        try database.connect().query(sql).single().decode(at: 0, as: Int.self)
    }
}
