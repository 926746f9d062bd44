import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// `ocop score add|import`: council members' score sheets (§2.1).
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "Phiếu chấm điểm của thành viên hội đồng (council score sheets).", subcommands: [Add.self, Import.self])

    /// `ocop score add PRODUCT --member M --a 30.5 --b 20 --c 28.25 [--bonus 2]`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Nhập phiếu chấm của một thành viên (one member's sheet).")
        @Argument(help: "Số sản phẩm.") var product: Int64
        @Option(help: "Mã thành viên hội đồng (mặc định: người nhập).") var member: String?
        @Option(help: "Điểm phần A.") var a: String
        @Option(help: "Điểm phần B.") var b: String
        @Option(help: "Điểm phần C.") var c: String
        @Option(help: "Điểm cộng (theo 148).") var bonus: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, service in
                let now = try acting.time.resolve()
                func score(_ text: String, _ option: String) throws -> Decimal {
                    guard let value = ScoreSheetCSV.decimal(text) else {
                        throw CommandError.badInput(vi: "\(option) \"\(text)\" không phải số điểm", en: "\(option) \"\(text)\" is not a score")
                    }
                    return value
                }
                let sheet = ScoreSheet(
                    memberID: member ?? acting.user, a: try score(a, "--a"), b: try score(b, "--b"), c: try score(c, "--c"),
                    bonus: try bonus.map { try score($0, "--bonus") })
                try await service.addScoreSheets([ScoreEntry(productID: product, sheet: sheet)], by: acting.user, now: now)
                OCOPCommand.done(
                    global,
                    Text(
                        "Đã nhập phiếu chấm của \(sheet.memberID) cho sản phẩm \(product): tổng \(sheet.total) điểm.",
                        "Sheet of \(sheet.memberID) for product \(product) added: total \(sheet.total)."),
                    json: ["product": .int(product), "member": .string(sheet.memberID), "total": .decimal(sheet.total)])
            }
        }
    }

    /// `ocop score import FILE.csv [--product ID]`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Nhập tệp CSV phiếu chấm: tất cả hoặc không phiếu nào; lỗi theo dòng và cột (CSV of sheets, all-or-nothing).",
            discussion: "Cột: product,member,a,b,c[,bonus][,scored_on] (hoặc san_pham,thanh_vien,phan_a,phan_b,phan_c,diem_cong,ngay_cham).")
        @Argument(help: "Tệp CSV.") var file: String
        @Option(help: "Số sản phẩm cho các dòng không có cột product.") var product: Int64?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            // The file is checked (size, rows, UTF-8) before the database is opened: a 50 MB file is refused at once.
            let text: String
            do { text = try ImportFile.text(file) } catch { Failure.exit(error, language: global.lang) }
            await OCOPCommand.run(global) { _, service in
                let now = try acting.time.resolve()
                let count = try await service.importScoreSheets(csv: text, product: product, by: acting.user, now: now)
                OCOPCommand.done(
                    global, Text("Đã nhập \(count) phiếu chấm từ \(file).", "\(count) sheets added from \(file)."),
                    json: ["added": .int(Int64(count))])
            }
        }
    }
}
