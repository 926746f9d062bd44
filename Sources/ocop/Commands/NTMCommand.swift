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
        @OptionGroup var time: BusinessTimeOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            // The file is checked (size, rows, UTF-8) before the database is opened: a 50 MB file is refused at once.
            let text: String
            do { text = try ImportFile.text(file) } catch { Failure.exit(error, language: global.lang) }
            await AppContext.run(global, registerWorkflows: false) { context in
                let now = try time.resolve()
                let result = try await NTMCommand.service(context).importAssessments(
                    text, fileName: (file as NSString).lastPathComponent, by: user, now: now, progress: ProgressBar.standardError(label: "Đang ghi / writing"))
                ProgressBar.finish()
                if result.alreadyImported {
                    print(Text("Tệp này đã được nhập trước đó; không ghi lại.", "This file was imported before; nothing recorded again.")(global.lang))
                } else {
                    print(Text("Đã ghi \(result.recorded) kết quả đánh giá.", "Recorded \(result.recorded) assessments.")(global.lang))
                }
            }
        }
    }

    /// `ocop ntm tally UNIT SET --as-of yyyy-mm-dd`: the unit's count on the set as the district report shows it.
    struct Tally: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Số tiêu chí đạt của một đơn vị theo bộ tiêu chí, tính đến một ngày (x/N), đúng như trong báo cáo.")
        @Argument(help: "Đơn vị (unit code).") var unit: String
        @Argument(help: "Bộ tiêu chí (criteria set id).") var set: String
        @Option(name: .customLong("as-of"), help: "Tính đến ngày (yyyy-mm-dd hoặc dd/mm/yyyy).") var asOf: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, registerWorkflows: false) { context in
                let day = try OCOPCommand.day(asOf, option: "--as-of")
                let tally = try await NTMCommand.service(context).tally(unit: unit, criteriaSet: set, asOf: day)
                let count = tally.count
                let optional = { (value: Int?) -> JSONValue in value.map { .int(Int64($0)) } ?? .null }
                if global.json {
                    JSONOutput.print(.object([
                        "unit": .string(tally.unit.code), "set": .string(tally.criteriaSet), "asOf": .string(day.iso), "total": .int(Int64(tally.total)),
                        "dat": optional(count?.met), "coBanDat": optional(count?.basicallyMet), "chuaDat": optional(count?.notYetMet),
                        "metOrBasicallyMet": optional(count?.metOrBasicallyMet), "source": count.map { .string($0.source.rawValue) } ?? .null,
                        "figuresAsOf": count.map { .string($0.asOf.iso) } ?? .null,
                    ]))
                    return
                }
                let language: ReportLanguage = global.lang == .vi ? .vi : .en
                let head = Text(
                    "\(tally.unit.name), đến \(day.displayString) — \(tally.criteriaSetName.vi): ",
                    "\(tally.unit.name), as of \(day.displayString) — \(tally.criteriaSetName.en): ")(global.lang)
                guard let count else {
                    print(head + Text("chưa có số liệu (0/\(tally.total))", "no figures yet (0/\(tally.total))")(global.lang))
                    return
                }
                let source = Text(
                    count.source == .perCriterion ? "theo đánh giá từng tiêu chí" : "theo báo cáo tiến độ",
                    count.source == .perCriterion ? "from per-criterion assessments" : "from a progress report")(global.lang)
                print(head + DistrictReportRenderer.criteria(count, language: language)
                    + Text(" (\(source), số liệu ngày \(count.asOf.displayString))", " (\(source), figures of \(count.asOf.displayString))")(global.lang))
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
