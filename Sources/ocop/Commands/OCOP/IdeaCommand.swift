import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// `ocop idea …`: product ideas (ý tưởng sản phẩm), DOMAIN §6.2.
struct IdeaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idea",
        abstract: "Ý tưởng sản phẩm OCOP: đăng ký, khảo sát, đề xuất, chấp thuận (product ideas).",
        subcommands: [Register.self, Survey.self, Propose.self, Approve.self, Reject.self, Return.self, Resubmit.self, Withdraw.self, List.self])

    /// `ocop idea register --subject S --name N --form 01`.
    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Đăng ký ý tưởng (biểu 01 mới, 02 đã có) — register an idea.")
        @Option(help: "Mã chủ thể (subject id).") var subject: String
        @Option(help: "Tên sản phẩm (product name).") var name: String
        @Option(help: "Biểu 01 (sản phẩm mới) hoặc 02 (đã có).") var form: String = "01"
        @Option(help: "Nhóm sản phẩm, ví dụ thuc-pham (product group).") var group: String?
        @Option(name: .customLong("cycle-ends"), help: "Ngày cuối chu kỳ OCOP (mặc định 31/12).") var cycleEnds: String?
        @Flag(
            name: .customLong("confirm-duplicate"),
            help: "Vẫn đăng ký dù chủ thể đã có hồ sơ tên gần giống (register despite a near-identical name).")
        var confirmDuplicate = false
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                let end = try cycleEnds.map { try OCOPCommand.day($0, option: "--cycle-ends") }
                let form = IdeaForm(
                    subjectID: subject, name: name, form: form, productGroup: group, cycleEndsOn: end, confirmDuplicate: confirmDuplicate)
                let id = try await service.registerIdea(form, by: acting.user, now: now)
                return (Text("Đã đăng ký ý tưởng số \(id): \(name).", "Idea \(id) registered: \(name)."), ["id": .int(id)])
            }
        }
    }

    /// `ocop idea survey ID --record REF`.
    struct Survey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ghi biên bản khảo sát (district survey).")
        @Argument(help: "Số ý tưởng.") var id: Int64
        @Option(help: "Biên bản khảo sát (survey record).") var record: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.surveyIdea(id, surveyRef: record, by: acting.user, now: now)
                return (Text("Ý tưởng \(id): đã khảo sát.", "Idea \(id): surveyed."), ["id": .int(id), "state": "SURVEYED"])
            }
        }
    }

    /// `ocop idea propose ID --letter REF`.
    struct Propose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Đề xuất tỉnh thẩm định (propose to the province).")
        @Argument(help: "Số ý tưởng.") var id: Int64
        @Option(help: "Số tờ trình đề xuất (proposal letter).") var letter: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.proposeIdea(id, proposalRef: letter, by: acting.user, now: now)
                return (Text("Ý tưởng \(id): đã đề xuất thẩm định.", "Idea \(id): proposed."), ["id": .int(id), "state": "PROPOSED"])
            }
        }
    }

    /// `ocop idea approve ID --decision 55/QĐ-VPĐP --decision-date 01/04/2022`.
    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Chấp thuận ý tưởng theo quyết định (approve by decision).")
        @Argument(help: "Số ý tưởng.") var id: Int64
        @Option(help: "Số quyết định, ví dụ 55/QĐ-VPĐP.") var decision: String
        @Option(name: .customLong("decision-date"), help: "Ngày quyết định (mặc định ngày --at).") var decisionDate: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, service in
                let now = try acting.time.resolve()
                let ref = try OCOPCommand.decision(decision, date: decisionDate, now: now)
                try await service.approveIdea(id, decision: ref, by: acting.user, now: now)
                OCOPCommand.done(
                    global,
                    Text("Ý tưởng \(id): được chấp thuận (\(ref.historyText)).", "Idea \(id): approved (\(ref.number), \(ref.date.displayString))."),
                    json: ["id": .int(id), "state": "APPROVED"])
            }
        }
    }

    /// `ocop idea reject ID --reason R`.
    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Không chấp thuận ý tưởng (reject).")
        @Argument(help: "Số ý tưởng.") var id: Int64
        @Option(help: "Lý do (reason).") var reason: String
        @Option(help: "Số văn bản (nếu có).") var decision: String?
        @Option(name: .customLong("decision-date"), help: "Ngày văn bản.") var decisionDate: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                let ref = try decision.map { try OCOPCommand.decision($0, date: decisionDate, now: now) }
                try await service.rejectIdea(id, reason: reason, decision: ref, by: acting.user, now: now)
                return (Text("Ý tưởng \(id): không được chấp thuận.", "Idea \(id): rejected."), ["id": .int(id), "state": "REJECTED"])
            }
        }
    }

    /// `ocop idea return ID --reason R`.
    struct Return: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Trả lại để bổ sung (return for completion).")
        @Argument(help: "Số ý tưởng.") var id: Int64
        @Option(help: "Nội dung cần bổ sung.") var reason: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.returnIdea(id, reason: reason, by: acting.user, now: now)
                return (Text("Ý tưởng \(id): đã trả lại bổ sung.", "Idea \(id): returned."), ["id": .int(id)])
            }
        }
    }

    /// `ocop idea resubmit ID`.
    struct Resubmit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Nộp lại ý tưởng đã bổ sung (resubmit a returned idea).")
        @Argument(help: "Số ý tưởng.") var id: Int64
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.resubmitIdea(id, by: acting.user, now: now)
                return (Text("Ý tưởng \(id): đã nộp lại.", "Idea \(id): resubmitted."), ["id": .int(id)])
            }
        }
    }

    /// `ocop idea withdraw ID`.
    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rút ý tưởng (withdraw).")
        @Argument(help: "Số ý tưởng.") var id: Int64
        @Option(help: "Lý do.") var reason: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.withdrawIdea(id, reason: reason, by: acting.user, now: now)
                return (Text("Ý tưởng \(id): đã rút.", "Idea \(id): withdrawn."), ["id": .int(id), "state": "WITHDRAWN"])
            }
        }
    }

    /// `ocop idea list [--year 2022]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Danh sách ý tưởng trong phạm vi của người dùng (list ideas).")
        @Option(help: "Năm chu kỳ.") var year: Int?
        @Option(name: .customLong("as"), help: "Người xem (user id).") var user: String
        @OptionGroup var output: ListOutputOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, service in
                let list = OCOPList.ideas(year: year)
                let rows = try await service.list(list, as: Caller(user))
                try OCOPCommand.printRows(rows, list: list, output, global)
            }
        }
    }
}
