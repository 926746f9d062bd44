import ArgumentParser
import Foundation
import Store
import Workflow

/// `ocop history ID`: every accepted event of an instance, oldest first.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Lịch sử hồ sơ: mọi sự kiện đã thực hiện (instance history).")

    @Argument(help: "Số hồ sơ (instance id).")
    var id: Int64

    @Option(name: .customLong("as"), help: "Người xem; hồ sơ ngoài phạm vi của người này là \"không có\" (user id).")
    var user: String

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        await AppContext.run(global, poolSize: 1) { context in
            let history = try await context.services.workflows.history(id, as: context.caller(user))
            let entries = history.entries
            if global.json {
                JSONOutput.print(.array(entries.map(Self.json)))
                return
            }
            let lang = global.lang
            var table = Table(
                [
                    "#", Text("Thời gian", "Time")(lang), Text("Sự kiện", "Event")(lang), Text("Từ → Đến", "From → To")(lang),
                    Text("Người thực hiện", "Actor")(lang), Text("Căn cứ", "Legal ref")(lang), Text("Ghi chú", "Comment")(lang),
                ], rightAligned: [0])
            for entry in entries {
                var actor = "\(entry.actor) (\(entry.actingRole)"
                if let subject = entry.onBehalfOf { actor += Text(", thay \(subject)", ", for \(subject)")(lang) }
                actor += ")"
                // Codes only: labels would make the table too wide (`ocop workflow show` has them).
                let move = "\(entry.fromState ?? "·") → \(entry.toState)"
                let cause = entry.causedBy.map { Text("do hồ sơ \($0.instanceID) (bước \($0.seq))", "because of record \($0.instanceID) (step \($0.seq))")(lang) }
                table.add([
                    "\(entry.seq)", VietnamClock.screen(entry.at), Self.eventName(entry.event, in: history.definition, lang), move, actor, entry.legalRef ?? "",
                    [cause, entry.note].compactMap { $0 }.joined(separator: "; "),
                ])
            }
            print(table.render())
        }
    }

    /// An event by its label (the creation row as "tạo hồ sơ"); one without a label keeps its code.
    static func eventName(_ event: String, in definition: WorkflowDefinition, _ lang: Language) -> String {
        if event == "create" { return Text("Tạo hồ sơ", "Created")(lang) }
        return definition.events(named: event).first?.label?.text(lang) ?? event
    }

    static func json(_ entry: HistoryEntry) -> JSONValue {
        .object([
            "instanceId": .int(entry.instanceID), "seq": .number(entry.seq), "event": .string(entry.event), "from": .text(entry.fromState),
            "to": .string(entry.toState), "actor": .string(entry.actor), "role": .string(entry.actingRole), "onBehalfOf": .text(entry.onBehalfOf),
            "input": .object(entry.input), "comment": .text(entry.comment), "legalRef": .text(entry.legalRef),
            "batchId": .text(entry.batchID?.uuidString.lowercased()), "idempotencyKey": .text(entry.idempotencyKey), "at": .time(entry.at),
            "recordedAt": .time(entry.recordedAt), "hash": .string(entry.hash),
            "causedBy": entry.causedBy.map { .object(["instanceId": .int($0.instanceID), "seq": .number($0.seq)]) } ?? .null,
        ])
    }
}
