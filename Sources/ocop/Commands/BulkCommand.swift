import ArgumentParser
import Foundation
import Store
import Workflow

/// `ocop bulk fire EVENT …`: one event on many instances.
struct BulkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk", abstract: "Thao tác hàng loạt (bulk operations).", subcommands: [Fire.self])

    /// `ocop bulk fire EVENT (--ids FILE | --workflow W [--state S]) --as USER [--apply]`.
    struct Fire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Thực hiện một sự kiện trên nhiều hồ sơ; mặc định chỉ thử (fire one event on many instances; dry run by default).",
            discussion: """
                Không có --apply: chỉ kiểm tra từng hồ sơ, không ghi gì. Có --apply: mỗi hồ sơ một giao dịch, chung một mã lô.
                Without --apply nothing is written. With --apply each instance is its own transaction, all under one batch id.
                --ids: tệp mỗi dòng một số hồ sơ ('-' là stdin; dòng trống và # bỏ qua). Exit 4 if any instance was refused.
                """)

        @Argument(help: "Sự kiện (event name).")
        var event: String

        @Option(name: .customLong("ids"), help: "Tệp danh sách số hồ sơ, mỗi dòng một số (file of instance ids).")
        var idsFile: String?

        @Option(name: .customLong("workflow"), help: "Mọi hồ sơ của quy trình này (all instances of a workflow).")
        var workflow: String?

        @Option(name: .customLong("state"), help: "… đang ở trạng thái này (in this state).")
        var state: String?

        @Option(name: .customLong("as"), help: "Người thực hiện (user id).")
        var user: String

        @Option(name: .customLong("role"), help: "Vai trò dùng (role to act in).")
        var role: String?

        @Option(name: .customLong("input"), help: "Dữ liệu khoá=giá_trị hoặc khoá:=JSON (event input).")
        var inputs: [String] = []

        @Option(name: .customLong("comment"), help: "Ghi chú (comment).")
        var comment: String?

        @Option(name: .customLong("legal-ref"), help: "Số và ngày quyết định (decision reference).")
        var legalRef: String?

        @Flag(name: .customLong("apply"), help: "Thực hiện thật (write; default is a dry run).")
        var apply = false

        @OptionGroup var time: BusinessTimeOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global) { context in
                let lang = global.lang
                guard (idsFile == nil) != (workflow == nil) else {
                    throw CommandError.badInput(
                        vi: "cần đúng một trong --ids TỆP hoặc --workflow TÊN", en: "give exactly one of --ids FILE or --workflow NAME")
                }
                guard state == nil || workflow != nil else {
                    throw CommandError.badInput(vi: "--state chỉ dùng cùng --workflow", en: "--state needs --workflow")
                }
                let input = try InputArguments.parse(inputs)
                let now = try time.resolve()
                let selection: WorkflowService.Selection =
                    if let idsFile { .ids(try Self.readIDs(idsFile)) } else { .matching(WorkflowStore.ListFilter(workflow: workflow, state: state)) }
                let report = try await context.services.workflows.bulk(
                    event, on: selection, input: input, comment: comment, legalRef: legalRef, dryRun: !apply, as: context.caller(user, role: role),
                    at: now)
                if global.json {
                    JSONOutput.print(
                        .object([
                            "event": .string(event), "dryRun": .bool(report.dryRun), "batchId": .text(report.batchID?.uuidString.lowercased()),
                            "succeeded": .number(report.succeeded), "total": .number(report.items.count),
                            "items": .array(report.items.map(Self.json)),
                        ]))
                } else {
                    for item in report.items { print(Self.line(item, dryRun: report.dryRun, lang)) }
                    let count = "\(report.succeeded)/\(report.items.count)"
                    let batch = report.batchID?.uuidString.lowercased() ?? ""
                    let summary =
                        report.dryRun
                        ? Text(
                            "Chạy thử: \(count) hồ sơ sẽ thực hiện được \(event); chưa ghi gì — thêm --apply để thực hiện.",
                            "Dry run: \(count) instances would accept \(event); nothing written — add --apply.")
                        : Text(
                            "Đã thực hiện \(event) trên \(count) hồ sơ; mã lô \(batch).",
                            "Fired \(event) on \(count) instances; batch \(batch)."
                        )
                    print(summary(lang))
                }
                let refused = report.items.count - report.succeeded
                if refused > 0 {
                    throw CommandError(
                        kind: .rejected,
                        message: Bilingual(vi: "\(refused) hồ sơ không thực hiện được \(event)", en: "\(refused) instance(s) refused \(event)"))
                }
            }
        }

        static func readIDs(_ path: String) throws -> [Int64] {
            let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
            guard let data else { throw CommandError.notFound(vi: "không đọc được tệp \(path)", en: "cannot read \(path)") }
            var ids: [Int64] = []
            for (number, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                guard let id = Int64(text), id > 0 else {
                    throw CommandError.badInput(
                        vi: "\(path):\(number + 1): \"\(text)\" không phải số hồ sơ", en: "\(path):\(number + 1): \"\(text)\" is not an instance id")
                }
                ids.append(id)
            }
            return ids
        }

        static func line(_ item: WorkflowStore.BulkItem, dryRun: Bool, _ lang: Language) -> String {
            switch item.outcome {
            case .fired(let to, let version):
                return "  ✓ \(item.instanceID) → \(to) (v\(version))" + (dryRun ? Text(" — sẽ thực hiện", " — would fire")(lang) : "")
            case .rejected(let message): return "  ✗ \(item.instanceID): \(message.text(lang))"
            case .notFound: return "  ✗ \(item.instanceID): " + Text("không có hồ sơ này", "no such instance")(lang)
            case .failed(let message): return "  ✗ \(item.instanceID): \(message.text(lang))"
            }
        }

        static func json(_ item: WorkflowStore.BulkItem) -> JSONValue {
            var object: [String: JSONValue] = ["instanceId": .int(item.instanceID)]
            switch item.outcome {
            case .fired(let to, let version):
                object["outcome"] = "fired"
                object["to"] = .string(to)
                object["version"] = .number(version)
            case .rejected(let message):
                object["outcome"] = "rejected"
                object["message"] = .label(message)
            case .notFound: object["outcome"] = "notFound"
            case .failed(let message):
                object["outcome"] = "failed"
                object["message"] = .label(message)
            }
            return .object(object)
        }
    }
}
