import ArgumentParser
import Foundation
import LibPQ
import OCOP
import Store
import Workflow

/// `ocop demo`: loads the Vũ Quang (Hà Tĩnh) example of DOMAIN §5 by driving the real workflows with their real dates.
///
/// Each part is one function call in one transaction, so a part is loaded whole or not at all; the NTM part is a
/// second call beside `VuQuangOCOPDemo.load`.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Nạp dữ liệu mẫu OCOP huyện Vũ Quang (Hà Tĩnh), năm 2021–2022 (load the Vũ Quang demo data).",
        discussion: """
            Mặc định dùng cơ sở dữ liệu nhúng. Từ chối nếu cơ sở dữ liệu đã có dữ liệu, trừ khi có --force.
            Uses the embedded database by default; refuses a database that already holds data unless --force.
            """)

    @Flag(help: "Nạp cả khi cơ sở dữ liệu đã có dữ liệu khác (load even if the database holds other data).")
    var force = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        await OCOPCommand.run(global) { _, service in
            let force = force
            let summary = try await service.write { connection -> VuQuangOCOPDemo.Summary? in
                if try Self.alreadyLoaded(on: connection) { return nil }
                try Self.checkEmpty(force: force, on: connection)
                return try VuQuangOCOPDemo(service: service).load(on: connection)
            }
            // Running the main job again is fine: the demo is there already, and nothing is loaded twice.
            guard let summary else {
                if global.json {
                    JSONOutput.print(.object(["alreadyLoaded": .bool(true)]))
                } else {
                    print(Text(
                        "Dữ liệu mẫu Vũ Quang đã được nạp trước đó; không nạp lại. Xem: ocop producer status --as thanhmai",
                        "The Vũ Quang demo is already loaded; nothing loaded again. See: ocop producer status --as thanhmai")(global.lang))
                }
                return
            }
            if global.json {
                JSONOutput.print(
                    .object([
                        "units": .number(summary.units), "subjects": .number(summary.subjects), "users": .number(summary.users),
                        "ideas": .number(summary.ideas), "approvedIdeas": .number(summary.approvedIdeas),
                        "certificates": .number(summary.certificates),
                        "acceptedClaims": .number(summary.acceptedClaims), "thanhMaiProduct": .int(summary.thanhMaiProduct),
                    ]))
                return
            }
            print(
                Text(
                    """
                    Đã nạp dữ liệu mẫu OCOP huyện Vũ Quang, tỉnh Hà Tĩnh:
                      - \(summary.units) đơn vị hành chính, \(summary.subjects) chủ thể, \(summary.users) người dùng;
                      - 5 sản phẩm đạt 3 sao năm 2021 (theo 1048): \(summary.certificates) giấy chứng nhận (436/QĐ-UBND ngày 21/02/2022), \
                    \(summary.acceptedClaims) hồ sơ hỗ trợ đã nghiệm thu năm 2022;
                      - \(summary.ideas) ý tưởng năm 2022 đã đề xuất tỉnh thẩm định, \(summary.approvedIdeas) ý tưởng được chấp thuận;
                      - Nước chấm Thanh Mai (sản phẩm số \(summary.thanhMaiProduct)) đang hoàn thiện để đánh giá tháng 12/2022.
                    Xem: ocop producer status --as thanhmai
                    """,
                    """
                    Loaded the Vũ Quang (Hà Tĩnh) OCOP demo:
                      - \(summary.units) units, \(summary.subjects) subjects, \(summary.users) users;
                      - 5 products rated 3★ in 2021 (1048): \(summary.certificates) certificates (436/QĐ-UBND of 21/02/2022), \
                    \(summary.acceptedClaims) claims accepted in 2022;
                      - \(summary.ideas) ideas proposed in 2022, \(summary.approvedIdeas) approved;
                      - Nước chấm Thanh Mai (product \(summary.thanhMaiProduct)) being readied for the December 2022 rating.
                    See: ocop producer status --as thanhmai
                    """)(global.lang))
        }
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
