import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// `ocop ntm import|tally`: NTM criterion assessments (đạt / cơ bản đạt / chưa đạt) as a time series.
struct NTMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ntm", abstract: "Nông thôn mới: đăng ký, báo cáo tiến độ, đánh giá tiêu chí, kết quả, dự kiến (NTM registrations and progress).",
        subcommands: [
            Register.self, Recognised.self, ApprovePlan.self, Progress.self, Assess.self, Import.self, Tally.self, SelfAssess.self, Result.self,
            Forecast.self, List.self, CarryOver.self, RefreshSets.self,
        ])

    /// `ocop ntm import FILE.csv --as USER`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Nhập tệp CSV (Excel, UTF-8 có/không BOM): đơn vị, bộ tiêu chí, tiêu chí, ngày, trạng thái — tất cả hoặc không.")
        @Argument(help: "Tệp CSV.") var file: String
        @Option(name: .customLong("as"), help: "Người nhập (user id).") var user: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, registerWorkflows: false) { context in
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                    throw CommandError.badInput(vi: "không đọc được \(file) (cần UTF-8)", en: "cannot read \(file) (UTF-8 needed)")
                }
                let result = try await NTMCommand.service(context).importAssessments(
                    text, fileName: (file as NSString).lastPathComponent, by: user, progress: ProgressBar.standardError(label: "Đang ghi / writing"))
                ProgressBar.finish()
                if result.alreadyImported {
                    print(Text("Tệp này đã được nhập trước đó; không ghi lại.", "This file was imported before; nothing recorded again.")(global.lang))
                } else {
                    print(Text("Đã ghi \(result.recorded) kết quả đánh giá.", "Recorded \(result.recorded) assessments.")(global.lang))
                }
            }
        }
    }

    /// `ocop ntm tally UNIT SET --as-of yyyy-mm-dd`.
    struct Tally: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Số tiêu chí đạt của một đơn vị theo bộ tiêu chí, tính đến một ngày (x/N).")
        @Argument(help: "Đơn vị (unit code).") var unit: String
        @Argument(help: "Bộ tiêu chí (criteria set id).") var set: String
        @Option(name: .customLong("as-of"), help: "Tính đến ngày (yyyy-mm-dd hoặc dd/mm/yyyy).") var asOf: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, registerWorkflows: false) { context in
                let day = try OCOPCommand.day(asOf, option: "--as-of")
                let tally = try await NTMCommand.service(context).tally(unit: unit, criteriaSet: set, asOf: day)
                if global.json {
                    print("{\"unit\":\"\(unit)\",\"set\":\"\(set)\",\"asOf\":\"\(day.iso)\",\"dat\":\(tally.dat),\"coBanDat\":\(tally.coBanDat),\"chuaDat\":\(tally.chuaDat),\"total\":\(tally.total)}")
                } else {
                    print(Text(
                        "\(unit), đến \(day.displayString): đạt \(tally.description) (cơ bản đạt \(tally.coBanDat), chưa đạt \(tally.chuaDat))",
                        "\(unit), as of \(day.displayString): met \(tally.description) (basically met \(tally.coBanDat), not yet \(tally.chuaDat))")(global.lang))
                }
            }
        }
    }

    /// The NTM service (its criteria sets from `workflows/criteria`).
    static func service(_ context: AppContext) throws -> NTMService {
        guard let service = context.services.ntm else {
            throw ServiceError(.internal, vi: "thiếu dữ liệu NTM trong workflows/ (criteria/, ntm/)", en: "workflows/ lacks the NTM data (criteria/, ntm/)")
        }
        return service
    }
}


/// A one-line progress bar on standard error, drawn only when it is a terminal and the work is large.
enum ProgressBar {
    /// A callback drawing "[#####-----] 1200/5000" for files of 1,000 rows or more; nil when stderr is not a terminal.
    static func standardError(label: String, minimum: Int = 1000) -> (@Sendable (Int, Int) -> Void)? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return { done, total in
            guard total >= minimum else { return }
            let width = 30
            let filled = total == 0 ? width : done * width / total
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
        }
    }

    /// Ends the bar's line.
    static func finish() {
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
