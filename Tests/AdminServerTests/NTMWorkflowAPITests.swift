import AdminServer
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LibPQ
import Logging
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// An NTM registration on the real workflow files over real sockets: its steps through the generic instance API, the
/// steps reserved to the NTM service refused there, and its standing in `/api/v1/ntm/units`.
@Suite("NTM registrations over the API")
struct NTMWorkflowAPITests {
    static let now = VietnamTime.startOfDay(LocalDate(iso: "2023-06-01")!).addingTimeInterval(9 * 3600)

    struct Setup {
        let pool: ConnectionPool
        let store: WorkflowStore
        let registration: Int64
        let tokens: [String: String]

        static func make() async throws -> Setup {
            let database = try await TestServer.shared.database()
            let pool = database.pool(size: 4)
            let folder = try ResourceLocator.workflowsDirectory()
            let store = WorkflowStore(
                pool: pool, guards: Domain.registry(ruleSets: try RuleSetCatalog.load(directory: folder.appendingPathComponent("rulesets"))))
            try await store.register(directory: folder)
            let ntm = try NTMService.load(workflows: store, directory: folder)
            let (registration, tokens) = try await pool.write { c -> (Int64, [String: String]) in
                let units = ReferenceStore()
                let day = { (text: String) in LocalDate(iso: text)! }
                try units.add(.init(code: "ha-tinh", name: "Hà Tĩnh", kind: "province", parentCode: nil, validFrom: day("1991-10-01")), on: c)
                try units.add(.init(code: "vu-quang", name: "Vũ Quang", kind: "district", parentCode: "ha-tinh", validFrom: day("2000-01-01")), on: c)
                try units.add(.init(code: "xa-a", name: "Xã A", kind: "commune", parentCode: "vu-quang", validFrom: day("2000-01-01")), on: c)
                try units.add(.init(code: "xa-b", name: "Xã B", kind: "commune", parentCode: "vu-quang", validFrom: day("2000-01-01")), on: c)
                let users = UserStore()
                var tokens: [String: String] = [:]
                for (id, grant) in [
                    ("xa-a-staff", UserStore.Grant(role: "XA", unitCode: "xa-a")), ("xa-b-staff", UserStore.Grant(role: "XA", unitCode: "xa-b")),
                    ("bcd", UserStore.Grant(role: "BCD", unitCode: "vu-quang")),
                ] {
                    try users.add(id: id, name: id, on: c)
                    try users.grant(grant, to: id, by: "admin", on: c)
                    tokens[id] = try TokenStore().create(userID: id, validFor: .seconds(3600), now: Date(), on: c).secret
                }
                let id = try ntm.register(
                    .init(unitCode: "xa-a", scope: .communeStandard, year: 2023), by: "xa-a-staff", now: NTMWorkflowAPITests.now.addingTimeInterval(-86_400 * 100),
                    on: c)
                return (id, tokens)
            }
            return Setup(pool: pool, store: store, registration: registration, tokens: tokens)
        }

        func application() throws -> some ApplicationProtocol {
            let folder = try ResourceLocator.workflowsDirectory()
            let builder = DistrictReportBuilder(workflows: store, criteria: try CriteriaCatalog.load(directory: folder.appendingPathComponent("criteria")))
            return AdminServer.application(
                dependencies: ServerDependencies(services: Services(pool: pool, store: store, reports: builder), now: { NTMWorkflowAPITests.now }),
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0, runsTimers: false, runsOutbox: false),
                latestMigration: (try? Migrator().latestVersion) ?? 0, logger: Logger(label: "ocop.test.ntm-api"))
        }

        func headers(_ user: String, _ extra: HTTPFields = [:]) -> HTTPFields {
            var fields = extra
            fields[.authorization] = "Bearer \(tokens[user] ?? "")"
            return fields
        }
    }

    @Test("plan approval goes through the API; a progress report there is refused and names the NTM commands")
    func stepsAndReservedSteps() async throws {
        let setup = try await Setup.make()
        defer { setup.pool.shutdown() }
        try await setup.application().test(.live) { client in
            let base = "/api/v1/instances/\(setup.registration)/events"
            let approved = try await client.execute(
                uri: "\(base)/approve_plan", method: .post, headers: setup.headers("bcd", [.ifMatch: "\"1\""]),
                body: ByteBuffer(string: #"{"input":{"legal_ref":"5/KH-BCĐ","legal_ref_date":"2023-02-01"}}"#))
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(approved.json["to"] as? String == "IMPLEMENTING")

            let plain = try await client.execute(
                uri: "\(base)/report_progress", method: .post, headers: setup.headers("xa-a-staff"),
                body: ByteBuffer(string: #"{"input":{"as_of":"2023-05-31","criteria_met":19}}"#))
            #expect(plain.status == .unprocessableContent)
            #expect(plain.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect((plain.json["detail"] as? String)?.contains("ocop ntm") == true, "\(plain.text)")

            // Another commune's officer does not see the registration at all.
            let other = try await client.execute(uri: "/api/v1/instances/\(setup.registration)", method: .get, headers: setup.headers("xa-b-staff"))
            #expect(other.status == .notFound)

            let unit = try await client.execute(uri: "/api/v1/ntm/units/xa-a?asOf=2023-06-01", method: .get, headers: setup.headers("xa-a-staff"))
            #expect(unit.status == .ok, "\(unit.text)")
            let items = unit.json["items"] as? [[String: Any]] ?? []
            #expect(items.contains { $0["state"] as? String == "IMPLEMENTING" && $0["scope"] as? String == "commune-ntm" }, "\(unit.text)")
            let before = try await client.execute(uri: "/api/v1/ntm/units/xa-a?asOf=2023-01-01", method: .get, headers: setup.headers("xa-a-staff"))
            #expect(!((before.json["items"] as? [[String: Any]]) ?? []).contains { $0["state"] as? String == "IMPLEMENTING" }, "\(before.text)")
        }
        let history = try await setup.store.history(setup.registration)
        #expect(history.map(\.event) == ["create", "approve_plan"])
    }
}
