import ArgumentParser
import Foundation
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

    func run() async throws {
        await AppContext.run(global) { context in
            let loaded = try await context.services.loadVuQuangDemo(force: force)
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
            guard let report = try await context.services.districtReport(district: VuQuangOCOPDemo.districtCode, asOf: Services.demoReportDay)
            else { return }
            print("")
            print(DistrictReportRenderer.render(report, format: .text, language: global.lang == .vi ? .vi : .en))
            print(Text(
                "Xem thêm: ocop report --as-of 31/10/2022 --format csv --output bao-cao.csv · ocop producer status --as thanhmai · ocop serve",
                "See also: ocop report --as-of 2022-10-31 --format csv --output report.csv · ocop producer status --as thanhmai · ocop serve")(global.lang))
        }
    }

    static func summary(_ loaded: DemoLoad) -> Text {
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
}
