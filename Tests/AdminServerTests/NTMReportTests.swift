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
import Testing
import Workflow

/// The district report and NTM progress over real sockets: `/api/v1/reports/district`, `/api/v1/ntm/units[/{code}]`,
/// and the dashboard's `/ntm`, `/report`, `/report.csv` — who may read what, bad dates, and the figures themselves.
@Suite("District report and NTM progress: API and dashboard")
struct NTMReportTests {
    static let day = "2022-10-31"

    /// The server fixture plus: commune Xã B and town Thị trấn A in Vũ Quang, a commune officer of Xã A, and (when
    /// `figures`) progress as of 31/10/2022 — Xã A "13/20" at 80–85 % KH (estimate), the town 12/18 met.
    struct Setup {
        let fixture: ServerFixture
        /// Token secrets by user id (the fixture's and the commune officer "xa-a-staff").
        let tokens: [String: String]

        static func make(figures: Bool = false) async throws -> Setup {
            let fixture = try await ServerFixture.make()
            let folder = try ResourceLocator.workflowsDirectory()
            let ntm = try NTMService.load(workflows: fixture.store, directory: folder)
            let secret = try await fixture.pool.write { connection -> String in
                let units = ReferenceStore()
                let since = LocalDate(iso: "2000-01-01")!
                try units.add(.init(code: "xa-b", name: "Xã B", kind: "commune", parentCode: "vu-quang", validFrom: since), on: connection)
                try units.add(.init(code: "tt-a", name: "Thị trấn A", kind: "town", parentCode: "vu-quang", validFrom: since), on: connection)
                try UserStore().add(id: "xa-a-staff", name: "Cán bộ xã A", on: connection)
                try UserStore().grant(.init(role: "XA", unitCode: "xa-a"), to: "xa-a-staff", by: "admin", on: connection)
                if figures {
                    let asOf = LocalDate(iso: NTMReportTests.day)!
                    try ntm.reportProgress(
                        .init(
                            unitCode: "xa-a", scope: .communeAdvanced, asOf: asOf, metOrBasicallyMet: 13,
                            progress: PlanProgress(min: 80, max: 85, kind: .estimate)),
                        by: "huyen-vq", now: ServerFixture.now, on: connection)
                    try ntm.reportProgress(
                        .init(unitCode: "tt-a", scope: .urbanCivilised, asOf: asOf, met: 12), by: "huyen-vq", now: ServerFixture.now, on: connection)
                }
                return try TokenStore().create(userID: "xa-a-staff", validFor: .seconds(3600), now: Date(), on: connection).secret
            }
            var tokens = fixture.tokens
            tokens["xa-a-staff"] = secret
            return Setup(fixture: fixture, tokens: tokens)
        }

        /// The server with the report builder on the shipped criteria sets, its clock on 28/11/2022.
        func application() throws -> some ApplicationProtocol {
            let folder = try ResourceLocator.workflowsDirectory()
            let builder = DistrictReportBuilder(
                workflows: fixture.store, criteria: try CriteriaCatalog.load(directory: folder.appendingPathComponent("criteria")))
            return AdminServer.application(
                dependencies: ServerDependencies(services: Services(pool: fixture.pool, store: fixture.store, reports: builder), now: { ServerFixture.now }),
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0, runsTimers: false, runsOutbox: false),
                latestMigration: (try? Migrator().latestVersion) ?? 0, logger: Logger(label: "ocop.test.ntm"))
        }

        func headers(_ user: String?, _ extra: HTTPFields = [:]) -> HTTPFields {
            var fields = extra
            if let user, let token = tokens[user] { fields[.authorization] = "Bearer \(token)" }
            return fields
        }

        /// Signs in on the dashboard; the `ocop_session=…` cookie pair.
        func signIn(_ client: some TestClientProtocol, _ user: String) async throws -> String {
            let response = try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(tokens[user] ?? "")"))
            #expect(response.status == .seeOther)
            return String((response.headers[.setCookie] ?? "").split(separator: ";").first ?? "")
        }
    }

    static func items(_ response: TestResponse) -> [[String: Any]] {
        response.json["items"] as? [[String: Any]] ?? []
    }

    static func code(_ item: [String: Any]) -> String? {
        (item["unit"] as? [String: Any])?["code"] as? String
    }

    // MARK: - Who may read

    @Test func theAPIPathsNeedAToken() async throws {
        let setup = try await Setup.make()
        defer { setup.fixture.pool.shutdown() }
        try await setup.application().test(.live) { client in
            for uri in ["/api/v1/reports/district?asOf=\(Self.day)", "/api/v1/ntm/units?asOf=\(Self.day)", "/api/v1/ntm/units/xa-a?asOf=\(Self.day)"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .unauthorized, "\(uri)")
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"ocop\"")
            }
        }
    }

    @Test func aProducerIsRefused() async throws {
        let setup = try await Setup.make()
        defer { setup.fixture.pool.shutdown() }
        try await setup.application().test(.live) { client in
            for uri in ["/api/v1/reports/district?asOf=\(Self.day)", "/api/v1/ntm/units?asOf=\(Self.day)", "/api/v1/ntm/units/xa-a?asOf=\(Self.day)"] {
                let response = try await client.execute(uri: uri, method: .get, headers: setup.headers("ct-a"))
                #expect(response.status == .forbidden, "\(uri)")
                #expect(response.json["status"] as? Int == 403)
                #expect((response.json["detail"] as? String)?.contains("dành cho cán bộ") == true)
            }
            let english = try await client.execute(
                uri: "/api/v1/ntm/units?asOf=\(Self.day)", method: .get, headers: setup.headers("ct-a", [.acceptLanguage: "en"]))
            #expect((english.json["detail"] as? String)?.contains("for staff") == true)
        }
    }

    @Test func badDatesFormatsAndDistrictsAreNamed() async throws {
        let setup = try await Setup.make()
        defer { setup.fixture.pool.shutdown() }
        try await setup.application().test(.live) { client in
            let officer = setup.headers("huyen-vq")
            for uri in ["/api/v1/reports/district?asOf=31-13-2022", "/api/v1/ntm/units?asOf=31-13-2022", "/api/v1/reports/district?asOf=2022-13-31"] {
                let response = try await client.execute(uri: uri, method: .get, headers: officer)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.json["parameter"] as? String == "asOf")
                #expect((response.json["detail"] as? String)?.contains("tham số asOf") == true)
            }
            let missing = try await client.execute(uri: "/api/v1/reports/district", method: .get, headers: officer)
            #expect(missing.status == .badRequest && missing.json["parameter"] as? String == "asOf")
            let format = try await client.execute(uri: "/api/v1/reports/district?asOf=\(Self.day)&format=pdf", method: .get, headers: officer)
            #expect(format.status == .badRequest && format.json["parameter"] as? String == "format")
            let unknown = try await client.execute(uri: "/api/v1/reports/district?asOf=\(Self.day)&district=khong-co", method: .get, headers: officer)
            #expect(unknown.status == .notFound)
            // A commune is not a district.
            let commune = try await client.execute(uri: "/api/v1/reports/district?asOf=\(Self.day)&district=xa-a", method: .get, headers: officer)
            #expect(commune.status == .notFound)
            // Two districts in the database and a province-level reviewer: which one must be said.
            let reviewer = try await client.execute(uri: "/api/v1/reports/district?asOf=\(Self.day)", method: .get, headers: setup.headers("vpdp"))
            #expect(reviewer.status == .badRequest && reviewer.json["parameter"] as? String == "district")
            // Another district's officer may not read this district's report.
            let other = try await client.execute(
                uri: "/api/v1/reports/district?asOf=\(Self.day)&district=huong-son", method: .get, headers: officer)
            #expect(other.status == .forbidden)
        }
    }

    @Test func aCommuneOfficerSeesOnlyTheirCommune() async throws {
        let setup = try await Setup.make(figures: true)
        defer { setup.fixture.pool.shutdown() }
        try await setup.application().test(.live) { client in
            let staff = setup.headers("xa-a-staff")
            let list = try await client.execute(uri: "/api/v1/ntm/units?asOf=\(Self.day)", method: .get, headers: staff)
            #expect(list.status == .ok)
            #expect(Self.items(list).compactMap(Self.code) == ["xa-a"])
            #expect((list.json["district"] as? [String: Any])?["code"] as? String == "vu-quang")

            let own = try await client.execute(uri: "/api/v1/ntm/units/xa-a?asOf=\(Self.day)", method: .get, headers: staff)
            #expect(own.status == .ok)
            #expect((own.json["unit"] as? [String: Any])?["name"] as? String == "Xã A")
            // Another commune of the district, one of another district, and one that does not exist: the same 404.
            var bodies: [String] = []
            for code in ["xa-b", "xa-h", "khong-co"] {
                let hidden = try await client.execute(uri: "/api/v1/ntm/units/\(code)?asOf=\(Self.day)", method: .get, headers: staff)
                #expect(hidden.status == .notFound, "\(code)")
                bodies.append((hidden.json["detail"] as? String ?? "").replacingOccurrences(of: code, with: "…"))
            }
            #expect(Set(bodies).count == 1)
            // The whole district's report is for district and provincial staff.
            let report = try await client.execute(uri: "/api/v1/reports/district?asOf=\(Self.day)", method: .get, headers: staff)
            #expect(report.status == .forbidden)

            // The district officer sees every unit of the district, in report order, with the group each is in.
            let district = try await client.execute(uri: "/api/v1/ntm/units?asOf=\(Self.day)", method: .get, headers: setup.headers("huyen-vq"))
            let items = Self.items(district)
            #expect(items.compactMap(Self.code) == ["xa-a", "xa-b", "tt-a"])
            #expect(items.map { $0["group"] as? String } == ["remaining", "remaining", "town"])
            #expect((items[0]["groupTitle"] as? [String: Any])?["vi"] as? String == "Các xã còn lại")
        }
    }

    // MARK: - The figures

    @Test func theReportGivesTheFiguresAsOfTheDate() async throws {
        let setup = try await Setup.make(figures: true)
        defer { setup.fixture.pool.shutdown() }
        try await setup.application().test(.live) { client in
            let officer = setup.headers("huyen-vq")
            let response = try await client.execute(uri: "/api/v1/reports/district?asOf=\(Self.day)", method: .get, headers: officer)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let report = response.json
            #expect((report["district"] as? [String: Any])?["name"] as? String == "Vũ Quang")
            #expect(report["asOf"] as? String == Self.day && report["year"] as? Int == 2022)
            let groups = report["communeGroups"] as? [[String: Any]] ?? []
            #expect(groups.map { $0["kind"] as? String } == ["remaining"])
            let units = groups.first?["units"] as? [[String: Any]] ?? []
            #expect(units.compactMap(Self.code) == ["xa-a", "xa-b"])
            let xaA = units.first ?? [:]
            let criteria = xaA["criteria"] as? [String: Any] ?? [:]
            #expect(criteria["metOrBasicallyMet"] as? Int == 13 && criteria["total"] as? Int == 20)
            #expect(criteria["setIssued"] as? Bool == false)
            let progress = xaA["progress"] as? [String: Any] ?? [:]
            #expect(progress["min"] as? Double == 80 && progress["max"] as? Double == 85 && progress["kind"] as? String == "estimate")
            let group = groups.first?["progress"] as? [String: Any] ?? [:]
            #expect(group["min"] as? Double == 80 && group["max"] as? Double == 85)
            let town = (report["towns"] as? [[String: Any]])?.first ?? [:]
            let townCount = town["criteria"] as? [String: Any] ?? [:]
            #expect(Self.code(town) == "tt-a" && townCount["met"] as? Int == 12 && townCount["total"] as? Int == 18)

            // The same district a month earlier: the figures were not there yet.
            let earlier = try await client.execute(uri: "/api/v1/reports/district?asOf=2022-09-30", method: .get, headers: officer)
            let earlierUnits = ((earlier.json["communeGroups"] as? [[String: Any]])?.first?["units"] as? [[String: Any]]) ?? []
            #expect(earlier.status == .ok && earlierUnits.first?["criteria"] == nil)

            // CSV for Excel: a byte-order mark, UTF-8 and a file name; Markdown for reading.
            let csv = try await client.execute(uri: "/api/v1/reports/district?asOf=\(Self.day)&format=csv", method: .get, headers: officer)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"bao-cao-vu-quang-2022-10-31.csv\"")
            #expect(Array(csv.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(csv.text.contains("Xã A"))
            let markdown = try await client.execute(uri: "/api/v1/reports/district?asOf=\(Self.day)&format=md", method: .get, headers: officer)
            #expect(markdown.status == .ok && markdown.headers[.contentType] == "text/markdown; charset=utf-8")
            #expect(markdown.text.contains("13/20"))

            // The OpenAPI document describes the new paths.
            let openapi = try await client.execute(uri: "/openapi.yaml", method: .get)
            for path in ["/api/v1/reports/district:", "/api/v1/ntm/units:", "/api/v1/ntm/units/{code}:", "DistrictReport:", "NTMUnit:"] {
                #expect(openapi.text.contains(path), "\(path)")
            }
        }
    }

    // MARK: - Dashboard

    @Test func theDashboardShowsProgressAndTheReport() async throws {
        let setup = try await Setup.make(figures: true)
        defer { setup.fixture.pool.shutdown() }
        try await setup.application().test(.live) { client in
            let anonymous = try await client.execute(uri: "/ntm", method: .get)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/sign-in")

            let cookie = try await setup.signIn(client, "huyen-vq")
            let page = try await client.execute(uri: "/ntm?asOf=\(Self.day)", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("Tiến độ xây dựng nông thôn mới"))
            #expect(html.contains("Xã A") && html.contains("Xã B") && html.contains("Thị trấn A"))
            #expect(html.contains("<progress value=\"13\" max=\"20\""))
            #expect(html.contains("<span class=\"count\">13/20</span>") && html.contains("<span class=\"count\">12/18</span>"))
            #expect(html.contains("80–85%") && html.contains("ước đạt"))
            #expect(html.contains("31/10/2022"))
            #expect(html.contains("href=\"/ntm\"") && html.contains("href=\"/report\""))

            // Today in Vietnam by default (the server's clock is on 28/11/2022); a bad date is said so.
            let today = try await client.execute(uri: "/ntm", method: .get, headers: [.cookie: cookie])
            #expect(today.text.contains("value=\"28/11/2022\"") && today.text.contains("28/11/2022"))
            let bad = try await client.execute(uri: "/ntm?asOf=31-13-2022", method: .get, headers: [.cookie: cookie])
            #expect(bad.status == .ok && bad.text.contains("Ngày không hợp lệ"))

            // The officer's saved language decides, not the browser's.
            let browser = try await client.execute(uri: "/ntm?asOf=\(Self.day)", method: .get, headers: [.cookie: cookie, .acceptLanguage: "en"])
            #expect(browser.text.contains("Tiến độ xây dựng nông thôn mới"))
            try await Services(pool: setup.fixture.pool, store: setup.fixture.store).accounts.setLanguage(of: "huyen-vq", to: "en", by: "huyen-vq")
            let english = try await client.execute(uri: "/ntm?asOf=\(Self.day)", method: .get, headers: [.cookie: cookie])
            #expect(english.text.contains("New Rural Development progress") && english.text.contains("estimate"))
            try await Services(pool: setup.fixture.pool, store: setup.fixture.store).accounts.setLanguage(of: "huyen-vq", to: "vi", by: "huyen-vq")

            let report = try await client.execute(uri: "/report?asOf=\(Self.day)", method: .get, headers: [.cookie: cookie])
            #expect(report.status == .ok)
            #expect(report.text.contains("Báo cáo kết quả xây dựng NTM") && report.text.contains("13/20"))
            #expect(report.text.contains("href=\"/report.csv?asOf=\(Self.day)\""))
            #expect(report.text.contains("Chương trình OCOP"))
            let csv = try await client.execute(uri: "/report.csv?asOf=\(Self.day)", method: .get, headers: [.cookie: cookie])
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let json = try await client.execute(uri: "/report.json?asOf=\(Self.day)", method: .get, headers: [.cookie: cookie])
            #expect(json.status == .ok && json.json["asOf"] as? String == Self.day)
        }
    }

    @Test func theDashboardScopesTheCommuneOfficerAndTheProducer() async throws {
        let setup = try await Setup.make(figures: true)
        defer { setup.fixture.pool.shutdown() }
        try await setup.application().test(.live) { client in
            let staff = try await setup.signIn(client, "xa-a-staff")
            let page = try await client.execute(uri: "/ntm?asOf=\(Self.day)", method: .get, headers: [.cookie: staff])
            #expect(page.status == .ok)
            #expect(page.text.contains("Xã A") && page.text.contains("13/20"))
            #expect(!page.text.contains("Xã B") && !page.text.contains("Thị trấn A"))
            let report = try await client.execute(uri: "/report?asOf=\(Self.day)", method: .get, headers: [.cookie: staff])
            #expect(report.status == .forbidden && report.text.contains("<html") && report.text.contains("href=\"/ntm\""))

            let producer = try await setup.signIn(client, "ct-a")
            let pipeline = try await client.execute(uri: "/pipeline", method: .get, headers: [.cookie: producer])
            #expect(!pipeline.text.contains("href=\"/ntm\""))
            let denied = try await client.execute(uri: "/ntm?asOf=\(Self.day)", method: .get, headers: [.cookie: producer])
            #expect(denied.status == .forbidden && !denied.text.contains("Xã A"))
            let file = try await client.execute(uri: "/report.csv?asOf=\(Self.day)", method: .get, headers: [.cookie: producer])
            #expect(file.status == .forbidden)
        }
    }
}
