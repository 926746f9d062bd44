import AdminServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LibPQ
import Logging
import OCOP
import Store
import TestSupport
import Workflow

/// A database with two districts, two producers' instances, users of each kind and their tokens, and the server.
struct ServerFixture {
    let database: TestDatabase
    let pool: ConnectionPool
    let store: WorkflowStore
    /// Token secrets by user id.
    let tokens: [String: String]
    /// Producer A's instance (commune xa-a of Vũ Quang) and producer B's (commune xa-h of Hương Sơn).
    let instanceA: Int64
    let instanceB: Int64
    static let now = Date(timeIntervalSince1970: 1_669_593_600)

    static var reviewYAML: String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("StoreTests/Fixtures/review.yaml")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    static func make(poolSize: Int = 4) async throws -> ServerFixture {
        let database = try await TestServer.shared.database()
        let pool = database.pool(size: poolSize)
        let store = WorkflowStore(pool: pool)
        try await store.register(yaml: reviewYAML, path: "review.yaml")
        let connection = try database.connect()
        let units = ReferenceStore()
        let day = { (text: String) in LocalDate(iso: text)! }
        try units.add(.init(code: "ha-tinh", name: "Hà Tĩnh", kind: "province", parentCode: nil, validFrom: day("1991-10-01")), on: connection)
        try units.add(.init(code: "vu-quang", name: "Vũ Quang", kind: "district", parentCode: "ha-tinh", validFrom: day("2000-01-01")), on: connection)
        try units.add(.init(code: "huong-son", name: "Hương Sơn", kind: "district", parentCode: "ha-tinh", validFrom: day("2000-01-01")), on: connection)
        try units.add(.init(code: "xa-a", name: "Xã A", kind: "commune", parentCode: "vu-quang", validFrom: day("2000-01-01")), on: connection)
        try units.add(.init(code: "xa-h", name: "Xã H", kind: "commune", parentCode: "huong-son", validFrom: day("2000-01-01")), on: connection)

        let users = UserStore()
        let people: [(String, UserStore.Grant)] = [
            ("ct-a", .init(role: "CT", subjectID: "subject-a")), ("ct-b", .init(role: "CT", subjectID: "subject-b")),
            ("huyen-vq", .init(role: "HUYEN", unitCode: "vu-quang")), ("vpdp", .init(role: "VPDPT")),
        ]
        var tokens: [String: String] = [:]
        for (id, grant) in people {
            try users.add(id: id, name: id, on: connection)
            try users.grant(grant, to: id, by: "admin", on: connection)
            tokens[id] = try TokenStore().create(userID: id, validFor: .seconds(3600), now: Date(), on: connection).secret
        }
        let district = WorkflowActor(id: "huyen-vq", roles: ["HUYEN"])
        let a = try await store.start(workflow: "review", actor: district, subjectID: "subject-a", unitCode: "xa-a", now: now)
        let b = try await store.start(workflow: "review", actor: district, subjectID: "subject-b", unitCode: "xa-h", now: now)
        return ServerFixture(database: database, pool: pool, store: store, tokens: tokens, instanceA: a.id, instanceB: b.id)
    }

    func application(
        maxBodySize: Int = 64 * 1024, authThrottle: AuthThrottle = AuthThrottle(), trustedProxies: Set<String> = [], requestLog: RequestLog = .all,
        logger: Logger = Logger(label: "ocop.test.server")
    ) -> some ApplicationProtocol {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, maxBodySize: maxBodySize, runsTimers: false, runsOutbox: false)
        configuration.trustedProxies = trustedProxies
        configuration.requestLog = requestLog
        return AdminServer.application(
            dependencies: ServerDependencies(services: Services(pool: pool, store: store), now: { Self.now }, authThrottle: authThrottle),
            configuration: configuration, latestMigration: (try? Migrator().latestVersion) ?? 0, logger: logger)
    }

    func headers(_ user: String?, _ extra: HTTPFields = [:]) -> HTTPFields {
        var fields = extra
        if let user, let token = tokens[user] { fields[.authorization] = "Bearer \(token)" }
        return fields
    }
}

extension TestResponse {
    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var text: String { String(buffer: body) }
}
