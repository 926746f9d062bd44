import ArgumentParser
import Foundation
import LibPQ
import OCOP
import Store
import Workflow

/// `ocop demo`: loads the Vũ Quang (Hà Tĩnh) example of DOMAIN §5 by driving the real workflows with their real dates.
///
/// Both parts (OCOP, then NTM) load in one transaction, so the demo is loaded whole or not at all; then the district
/// report as of 31/10/2022 is printed, as the seed's conference read it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Nạp dữ liệu mẫu huyện Vũ Quang (Hà Tĩnh) 2021–2022 — OCOP và NTM — rồi in báo cáo đến 31/10/2022 (load the Vũ Quang demo, print its report).",
        discussion: """
            Mặc định dùng cơ sở dữ liệu nhúng. Từ chối nếu cơ sở dữ liệu đã có dữ liệu, trừ khi có --force.
            Uses the embedded database by default; refuses a database that already holds data unless --force.
            """)

    @Flag(help: "Nạp cả khi cơ sở dữ liệu đã có dữ liệu khác (load even if the database holds other data).")
    var force = false

    @Flag(name: .customLong("no-report"), help: "Không in báo cáo sau khi nạp (do not print the report after loading).")
    var noReport = false

    @OptionGroup var global: GlobalOptions

    /// The seed's report: "10 tháng đầu năm 2022".
    static let reportDay = LocalDate(iso: "2022-10-31")!

    struct Loaded: Sendable {
        var ocop: VuQuangOCOPDemo.Summary
        var ntm: VuQuangNTMDemo.Summary
    }

    func run() async throws {
        await OCOPCommand.run(global) { _, service in
            let force = force
            let folder = try ResourceLocator.workflowsDirectory()
            let ntm = try NTMService.load(workflows: service.workflows, directory: folder)
            let loaded = try await service.write { connection -> Loaded? in
                if try Self.alreadyLoaded(on: connection) { return nil }
                try Self.checkEmpty(force: force, on: connection)
                let ocop = try VuQuangOCOPDemo(service: service).load(on: connection)
                return Loaded(ocop: ocop, ntm: try VuQuangNTMDemo(ntm: ntm).load(on: connection))
            }
            // Running the main job again is fine: the demo is there already, and nothing is loaded twice.
            if global.json {
                guard let loaded else {
                    JSONOutput.print(.object(["alreadyLoaded": .bool(true)]))
                    return
                }
                let (o, n) = (loaded.ocop, loaded.ntm)
                JSONOutput.print(
                    .object([
                        "units": .number(o.units), "subjects": .number(o.subjects), "users": .number(o.users),
                        "ideas": .number(o.ideas), "approvedIdeas": .number(o.approvedIdeas), "certificates": .number(o.certificates),
                        "acceptedClaims": .number(o.acceptedClaims), "thanhMaiProduct": .int(o.thanhMaiProduct),
                        "ntmRegistrations": .number(n.registrations), "ntmProgressReports": .number(n.progressReports),
                        "ntmResults": .number(n.results), "ntmForecasts": .number(n.forecasts), "ntmAssessments": .number(n.assessments),
                    ]))
                return
            }
            if let loaded {
                print(Self.summary(loaded)(global.lang))
            } else {
                print(Text(
                    "Dữ liệu mẫu Vũ Quang đã được nạp trước đó; không nạp lại.",
                    "The Vũ Quang demo is already loaded; nothing loaded again.")(global.lang))
            }
            guard !noReport else { return }
            let builder = DistrictReportBuilder(workflows: service.workflows, criteria: ntm.criteria)
            let report = try await service.read { connection in
                try builder.build(district: VuQuangOCOPDemo.districtCode, asOf: Self.reportDay, on: connection)
            }
            print("")
            print(DistrictReportRenderer.render(report, format: .text, language: global.lang == .vi ? .vi : .en))
            print(Text(
                "Xem thêm: ocop report --as-of 31/10/2022 --format csv --output bao-cao.csv · ocop producer status --as thanhmai · ocop serve",
                "See also: ocop report --as-of 2022-10-31 --format csv --output report.csv · ocop producer status --as thanhmai · ocop serve")(global.lang))
        }
    }

    static func summary(_ loaded: Loaded) -> Text {
        let (o, n) = (loaded.ocop, loaded.ntm)
        return Text(
            """
            Đã nạp dữ liệu mẫu huyện Vũ Quang, tỉnh Hà Tĩnh (báo cáo 10 tháng năm 2022):
              - \(o.units) đơn vị hành chính, \(o.subjects) chủ thể, \(o.users) người dùng;
              - OCOP: 5 sản phẩm đạt 3 sao năm 2021 (theo 1048): \(o.certificates) giấy chứng nhận (436/QĐ-UBND ngày 21/02/2022), \
            \(o.acceptedClaims) hồ sơ hỗ trợ đã nghiệm thu năm 2022; \(o.ideas) ý tưởng năm 2022 đã đề xuất, \(o.approvedIdeas) được chấp thuận; \
            Nước chấm Thanh Mai (sản phẩm số \(o.thanhMaiProduct)) đang hoàn thiện để đánh giá tháng 12/2022;
              - NTM: \(n.registrations) đăng ký, \(n.progressReports) báo cáo tiến độ, \(n.assessments) đánh giá tiêu chí của huyện, \
            \(n.results) kết quả nổi bật, \(n.forecasts) dự kiến cuối năm.
            """,
            """
            Loaded the Vũ Quang (Hà Tĩnh) demo (10-month report, 2022):
              - \(o.units) units, \(o.subjects) subjects, \(o.users) users;
              - OCOP: 5 products rated 3★ in 2021 (1048): \(o.certificates) certificates (436/QĐ-UBND of 21/02/2022), \
            \(o.acceptedClaims) claims accepted in 2022; \(o.ideas) ideas proposed in 2022, \(o.approvedIdeas) approved; \
            Nước chấm Thanh Mai (product \(o.thanhMaiProduct)) being readied for the December 2022 rating;
              - NTM: \(n.registrations) registrations, \(n.progressReports) progress reports, \(n.assessments) district criterion \
            assessments, \(n.results) key results, \(n.forecasts) year-end forecasts.
            """)
    }

    /// Whether the demo's district is already in the database.
    static func alreadyLoaded(on connection: Connection) throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT 1 FROM admin_unit WHERE code = \(VuQuangOCOPDemo.districtCode)) AS demo").single()
            .decode("demo", as: Bool.self)
    }

    /// Refuses a database that already holds units, subjects, users or instances, unless forced (the demo itself
    /// having been loaded is handled before, by loading nothing).
    static func checkEmpty(force: Bool, on connection: Connection) throws {
        let row = try connection.query(
            """
            SELECT (SELECT count(*) FROM admin_unit) + (SELECT count(*) FROM ocop_subject) + (SELECT count(*) FROM app_user)
                   + (SELECT count(*) FROM workflow_instance) AS rows,
                   EXISTS (SELECT 1 FROM admin_unit WHERE code = \(VuQuangOCOPDemo.districtCode)) AS demo
            """
        ).single()
        if try row.decode("demo", as: Bool.self) {
            throw CommandError(
                kind: .conflict,
                message: Bilingual(
                    vi: "cơ sở dữ liệu đã có dữ liệu mẫu Vũ Quang; không nạp lần hai",
                    en: "the database already holds the Vũ Quang demo; not loading it twice"))
        }
        if try row.decode("rows", as: Int.self) > 0, !force {
            throw CommandError(
                kind: .conflict,
                message: Bilingual(
                    vi: "cơ sở dữ liệu đã có dữ liệu khác; dùng --force để vẫn nạp dữ liệu mẫu",
                    en: "the database already holds other data; use --force to load the demo anyway"))
        }
    }
}
