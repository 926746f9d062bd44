import ArgumentParser
import Foundation
import Store
import Workflow

extension WorkflowCommand {
    /// `ocop workflow migrate --from A --to B --map OLD=NEW … [--apply]`.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Chuyển các hồ sơ đang chạy sang phiên bản khác; mặc định chỉ thử (move live instances to another version; dry run).",
            discussion: """
                Trạng thái không nêu trong --map giữ nguyên mã, mã đó phải có ở phiên bản đích. Từ chối (mã thoát 6) khi còn hồ sơ
                bị bỏ lại. --apply: một giao dịch, mỗi hồ sơ một dòng lịch sử migrate_definition. --to có thể là tệp .yaml.
                States not in --map keep their code, which must exist in the target. Refused (exit 6) while any instance would be
                stranded. --apply: one transaction, one migrate_definition history row per instance. --to may be a .yaml file.
                """)

        @Option(name: .customLong("from"), help: "Phiên bản nguồn (stored version id or hash prefix).")
        var from: String

        @Option(name: .customLong("to"), help: "Phiên bản đích, hoặc tệp .yaml (target version or YAML file).")
        var to: String

        @Option(name: .customLong("map"), help: "Ánh xạ trạng thái CŨ=MỚI, lặp lại được (state map OLD=NEW).")
        var maps: [String] = []

        @Option(name: .customLong("as"), help: "Người thực hiện; bắt buộc với --apply (user id; required with --apply).")
        var user: String?

        @Flag(name: .customLong("apply"), help: "Thực hiện thật (write; default is a dry run).")
        var apply = false

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global) { context in
                let lang = global.lang
                let stateMap = try Self.parse(maps)
                guard !apply || user != nil else {
                    throw CommandError.badInput(vi: "--apply cần --as NGƯỜI_DÙNG", en: "--apply needs --as USER")
                }
                let old = try await WorkflowCommand.resolveVersion(from, context: context)
                let new = try await WorkflowCommand.resolveVersion(to, context: context)
                let plan = try await context.services.definitions.migrate(
                    from: old, to: new, stateMap: stateMap, apply: apply, as: user.map { context.caller($0) }, at: Date())
                if global.json {
                    JSONOutput.print(
                        .object([
                            "from": .int(old), "to": .int(new), "applied": .bool(plan.applied), "dryRun": .bool(!apply),
                            "moves": .array(
                                plan.moves.map { .object(["instanceId": .int($0.instanceID), "from": .string($0.from), "to": .string($0.to)]) }),
                            "stranded": .array(plan.stranded.map { .object(["state": .string($0.state), "instances": .number($0.instances)]) }),
                        ]))
                } else {
                    var table = Table([Text("Hồ sơ", "Instance")(lang), Text("Từ", "From")(lang), Text("Đến", "To")(lang)], rightAligned: [0])
                    for move in plan.moves { table.add(["\(move.instanceID)", move.from, move.to]) }
                    if !plan.moves.isEmpty { print(table.render()) }
                    for item in plan.stranded {
                        print(
                            Text(
                                "✗ \(item.instances) hồ sơ ở \(item.state): không có trạng thái này trong phiên bản đích — "
                                    + "thêm --map \(item.state)=…",
                                "✗ \(item.instances) instance(s) in \(item.state): no such state in the target — add --map \(item.state)=…")(lang))
                    }
                    if plan.applied {
                        print(
                            Text(
                                "Đã chuyển \(plan.moves.count) hồ sơ từ phiên bản #\(old) sang #\(new).",
                                "Moved \(plan.moves.count) instance(s) from #\(old) to #\(new).")(lang))
                    } else if plan.stranded.isEmpty {
                        print(
                            Text(
                                "Chạy thử: \(plan.moves.count) hồ sơ sẽ được chuyển; chưa ghi gì — thêm --apply.",
                                "Dry run: \(plan.moves.count) instance(s) would move; nothing written — add --apply.")(lang))
                    }
                }
                let stranded = plan.stranded.reduce(0) { $0 + $1.instances }
                guard stranded == 0 else {
                    throw CommandError.badInput(
                        vi: "từ chối: \(stranded) hồ sơ sẽ bị bỏ lại; không có gì thay đổi",
                        en: "refused: \(stranded) instance(s) would be stranded; nothing changed")
                }
            }
        }

        /// `OLD=NEW` arguments as a map; malformed or repeated ones are bad input.
        static func parse(_ arguments: [String]) throws -> [String: String] {
            var map: [String: String] = [:]
            for argument in arguments {
                let parts = argument.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw CommandError.badInput(vi: "--map \"\(argument)\": viết dạng CŨ=MỚI", en: "--map \"\(argument)\": write OLD=NEW")
                }
                guard map[parts[0]] == nil else {
                    throw CommandError.badInput(vi: "--map: \(parts[0]) được ánh xạ hai lần", en: "--map: \(parts[0]) is mapped twice")
                }
                map[parts[0]] = parts[1]
            }
            return map
        }
    }
}
