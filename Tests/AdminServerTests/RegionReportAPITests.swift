import AdminServer
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LibPQ
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// The province and national reports (issue 15) at the CLI and the API: the same JSON through both doors, the same
/// refusals, and a province's total equal to the sum of its districts' reports as `/api/v1/reports/district` gives them.
@Suite("province and national reports: CLI and API agree, scopes hold, figures add up")
struct RegionReportAPITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let day = "2022-10-31"

    struct World {
        let database: TestDatabase
        let services: Services
        let environment: [String: String]
        let tokens: [String: String]

        func cli(_ arguments: [String]) async throws -> CommandRunner.Result {
            try await CommandRunner().run(arguments + ["--database-url", database.appConninfo], environment: environment)
        }

        func router() -> some ApplicationProtocol {
            Application(
                router: AdminServer.router(
                    dependencies: ServerDependencies(services: services, now: { Date() }),
                    configuration: ServerConfiguration(runsTimers: false, runsOutbox: false), latestMigration: 10))
        }

        func headers(_ user: String) -> HTTPFields { [.authorization: "Bearer \(tokens[user] ?? "")"] }
    }

    /// The Vũ Quang demo, plus a second district of Hà Tĩnh with two assessed communes and a second province with one
    /// district, so that the sums have more than one term.
    static func world() async throws -> World {
        let database = try await TestServer.shared.database()
        let home = URL(fileURLWithPath: "/tmp/ocop-region-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let environment = ["OCOP_HOME": repository.path, "HOME": home.path, "XDG_DATA_HOME": ""]
        let demo = try await CommandRunner().run(["demo", "--no-report", "--database-url", database.appConninfo], environment: environment)
        #expect(demo.status == 0, "ocop demo: \(demo.errors)")
        for arguments in [["user", "add", "tw-staff", "--name", "Chuyên viên trung ương"], ["user", "grant", "tw-staff", "TW", "--by", "admin"]] {
            let result = try await CommandRunner().run(arguments + ["--database-url", database.appConninfo], environment: environment)
            #expect(result.status == 0, "ocop \(arguments.joined(separator: " ")): \(result.errors)")
        }
        try database.connect().executeScript(
            """
            INSERT INTO admin_unit (code, name, kind, parent_code, valid_from) VALUES
                ('huong-khe', 'Hương Khê', 'district', 'ha-tinh', '2000-01-01'),
                ('hk-1', 'Xã Hương Khê 1', 'commune', 'huong-khe', '2000-01-01'),
                ('hk-2', 'Xã Hương Khê 2', 'commune', 'huong-khe', '2000-01-01'),
                ('quang-binh', 'Quảng Bình', 'province', NULL, '2000-01-01'),
                ('le-thuy', 'Lệ Thủy', 'district', 'quang-binh', '2000-01-01'),
                ('lt-1', 'Xã Lệ Thủy 1', 'commune', 'le-thuy', '2000-01-01');
            INSERT INTO ntm_assessment (unit_code, criteria_set, criterion, as_of, status, recorded_by)
            SELECT u, 'ntm-commune-318', 'TC' || lpad(c::text, 2, '0'), '2022-06-30', CASE WHEN c % 3 = 0 THEN 'chua_dat' ELSE 'dat' END, 'test'
            FROM unnest(ARRAY['hk-1', 'hk-2', 'lt-1']) u, generate_series(1, 19) c;
            INSERT INTO ntm_progress (unit_code, scope, as_of, criteria_set, criteria_total, met, basically_met, met_or_basically_met, recorded_by)
            SELECT u, 'commune-ntm', '2022-01-10', 'ntm-commune-318', 19, 0, 0, 0, 'test' FROM unnest(ARRAY['hk-1', 'hk-2', 'lt-1']) u;
            """)
        let pool = database.pool(size: 4)
        let folder = repository.appendingPathComponent("workflows")
        let store = WorkflowStore(
            pool: pool, guards: Domain.registry(ruleSets: try RuleSetCatalog.load(directory: folder.appendingPathComponent("rulesets"))),
            calendar: try WorkingCalendar.load(contentsOf: folder.appendingPathComponent("calendars/vn-holidays.yaml")))
        try await store.register(directory: folder)
        let criteria = try CriteriaCatalog.load(directory: folder.appendingPathComponent("criteria"))
        let services = Services(
            pool: pool, store: store, ocop: try OCOPService.load(workflows: store, directory: folder),
            reports: DistrictReportBuilder(workflows: store, criteria: criteria))
        var tokens: [String: String] = [:]
        for user in ["admin", "vpdp", "cb-huyen", "thanhmai", "tw-staff"] {
            tokens[user] = try await services.accounts.createToken(for: user, label: "test", validFor: .seconds(3600), now: Date()).secret
        }
        return World(database: database, services: services, environment: environment, tokens: tokens)
    }

    static func object(_ text: String) -> NSDictionary? { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? NSDictionary }

    @Test("the CLI and the API give the same province and national reports, and refuse the same users")
    func parity() async throws {
        let world = try await Self.world()
        let exitFor: [Int: Int32] = [200: 0, 400: 6, 401: 4, 403: 4, 404: 3]
        let asks: [(String, [String], [String])] = [
            ("vpdp", ["report", "--province", "ha-tinh"], ["province?province=ha-tinh"]),
            ("admin", ["report", "--province", "Hà Tĩnh"], ["province?province=H%C3%A0%20T%C4%A9nh"]),
            ("admin", ["report", "--national"], ["national?"]),
            ("tw-staff", ["report", "--national"], ["national?"]),
            ("cb-huyen", ["report", "--province", "ha-tinh"], ["province?province=ha-tinh"]),
            ("vpdp", ["report", "--national"], ["national?"]),
            ("thanhmai", ["report", "--province", "ha-tinh"], ["province?province=ha-tinh"]),
            ("admin", ["report", "--province", "vu-quang"], ["province?province=vu-quang"]),
        ]
        try await world.router().test(.router) { client in
            for (user, arguments, paths) in asks {
                let api = try await client.execute(
                    uri: "/api/v1/reports/\(paths[0])&asOf=\(Self.day)", method: .get, headers: world.headers(user))
                let cli = try await world.cli(arguments + ["--as-of", Self.day, "--format", "json", "--as", user])
                #expect(exitFor[Int(api.status.code)] == cli.status, "\(arguments) as \(user): API \(api.status.code), CLI \(cli.status) \(cli.errors)")
                if api.status == .ok {
                    let fromAPI = try #require(Self.object(String(buffer: api.body)))
                    let fromCLI = try #require(Self.object(cli.output))
                    #expect(fromAPI == fromCLI, "\(arguments) as \(user)")
                }
            }
        }
        // Who gets what: the province officer the province, not the nation; a district officer neither.
        let statuses = try await world.router().test(.router) { client in
            var result: [String: HTTPResponse.Status] = [:]
            for (user, path) in [("vpdp", "province"), ("vpdp", "national"), ("cb-huyen", "province"), ("admin", "national"), ("tw-staff", "national")] {
                result["\(user) \(path)"] = try await client.execute(
                    uri: "/api/v1/reports/\(path)?province=ha-tinh&asOf=\(Self.day)", method: .get, headers: world.headers(user)).status
            }
            return result
        }
        #expect(statuses == [
            "vpdp province": .ok, "vpdp national": .forbidden, "cb-huyen province": .forbidden, "admin national": .ok, "tw-staff national": .ok,
        ])
    }

    @Test("the province's total is the sum of its districts' reports from /api/v1/reports/district; CSV and xlsx download")
    func provinceIsTheSumOfItsDistricts() async throws {
        let world = try await Self.world()
        try await world.router().test(.router) { client in
            let province = try await client.execute(
                uri: "/api/v1/reports/province?province=ha-tinh&asOf=\(Self.day)", method: .get, headers: world.headers("vpdp"))
            #expect(province.status == .ok)
            let report = try JSONDecoder().decode(RegionReport.self, from: Data(String(buffer: province.body).utf8))
            #expect(report.parts.map(\.unit.code).sorted() == ["huong-khe", "vu-quang"])
            var communes = 0
            var met = 0
            var certificates = 0
            for part in report.parts {
                let district = try await client.execute(
                    uri: "/api/v1/reports/district?district=\(part.unit.code)&asOf=\(Self.day)", method: .get, headers: world.headers("vpdp"))
                #expect(district.status == .ok)
                let figures = try JSONDecoder().decode(DistrictReport.self, from: Data(String(buffer: district.body).utf8))
                let units = figures.communeGroups.flatMap(\.units)
                #expect(part.totals.communes == units.count, "\(part.unit.code)")
                communes += units.count
                met += units.compactMap { $0.criteria?.met }.reduce(0, +)
                certificates += figures.ocop.certificatesByStars.values.reduce(0, +)
            }
            #expect(report.totals.communes == communes && communes >= 2)
            #expect(report.totals.communeCriteriaMet == met && met >= 2 * 13)
            #expect(report.totals.certificates == certificates)

            let national = try await client.execute(uri: "/api/v1/reports/national?asOf=\(Self.day)", method: .get, headers: world.headers("admin"))
            let nation = try JSONDecoder().decode(RegionReport.self, from: Data(String(buffer: national.body).utf8))
            #expect(nation.parts.first { $0.unit.code == "ha-tinh" }?.totals == report.totals)
            #expect(nation.totals.communes == report.totals.communes + 1)

            let csv = try await client.execute(
                uri: "/api/v1/reports/province?province=ha-tinh&asOf=\(Self.day)&format=csv", method: .get, headers: world.headers("vpdp"))
            #expect(csv.headers[.contentDisposition]?.contains("bao-cao-tinh-ha-tinh-2022-10-31.csv") == true)
            #expect(String(buffer: csv.body).contains("Tổng cộng"))
            let xlsx = try await client.execute(
                uri: "/api/v1/reports/national?asOf=\(Self.day)&format=xlsx", method: .get, headers: world.headers("admin"))
            #expect(xlsx.status == .ok && xlsx.body.readableBytes > 1000)
        }
    }
}
