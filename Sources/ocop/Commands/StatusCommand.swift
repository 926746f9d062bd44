import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// `ocop status ID [--as USER]`: where an instance is, and what can be done next.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Trạng thái hồ sơ và các sự kiện có thể thực hiện (instance state and available events).",
        discussion: """
            Các sự kiện người dùng --as thực hiện được và lý do các sự kiện khác bị chặn; hồ sơ ngoài phạm vi của họ: "không có".
            The events the --as user may fire and why the others are blocked; a record outside their scope is "not found".
            """)

    @Argument(help: "Số hồ sơ (instance id).")
    var id: Int64

    @Option(name: .customLong("as"), help: "Xem với tư cách người dùng này (user id).")
    var user: String

    @Option(name: .customLong("role"), help: "Chỉ xét vai trò này (only this role).")
    var role: String?

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        await AppContext.run(global, poolSize: 1) { context in
            let lang = global.lang
            let status = try await context.services.workflows.status(id, as: context.caller(user, role: role), at: Date())
            let (record, definition, events) = (status.record, status.definition, status.events)
            let view = InstanceView(record: record, definition: definition, language: lang)
            if global.json {
                var object = view.json
                object["viewer"] = .text(user)
                if let due = status.dueState { object["due"] = .object(["state": .string(due.state), "since": .time(due.since)]) }
                object["events"] = .array(events.map(Self.json))
                JSONOutput.print(.object(object))
                return
            }
            let labels = (try? ResourceLocator.workflowsDirectory()).flatMap { try? FieldLabels.load(contentsOf: $0.appendingPathComponent("labels/fields.yaml")) } ?? FieldLabels()
            let facts = try await context.services.facts(of: record, labels: labels)
            let names = try await context.services.reference.names(units: [record.unitCode].compactMap { $0 }, subjects: [record.subjectID].compactMap { $0 })
            print(view.fields(facts: facts, names: names).render())
            if let due = status.dueState {
                print(
                    Text(
                        "Theo ngày: \(context.stateText(due.state, in: definition)) — hẹn giờ đã đến hạn \(VietnamClock.screen(due.since)), hệ thống chưa ghi nhận (ocop timers run).",
                        "By date: \(context.stateText(due.state, in: definition)) — timer due \(VietnamClock.screen(due.since)), not yet recorded (ocop timers run).")(lang))
            }
            print("")
            let who = Text("cho \(user)", "for \(user)")(lang)
            let open = events.filter(\.isAvailable)
            print(Text("Sự kiện thực hiện được \(who):", "Events available \(who):")(lang))
            if open.isEmpty { print("  " + Text("không có", "none")(lang)) }
            for event in open {
                var line = "  ✓ \(event.event)"
                if let label = event.label { line += " — " + label.text(lang) }
                line += " → " + context.stateText(event.to, in: definition)
                if !event.inputs.isEmpty {
                    let inputs = event.inputs.map { "\($0.name):\($0.kind)\($0.isRequired ? "" : "?")" }.joined(separator: ", ")
                    line += "  [" + Text("cần", "needs")(lang) + " \(inputs)]"
                }
                print(line)
                // A step reserved to a service is taken with its commands, not `ocop fire`.
                if let service = definition.events.first(where: { $0.name == event.event && $0.from.contains(record.snapshot.state) })?.service {
                    print("      " + WorkflowStoreError.serviceOnly(id, event: event.event, service: service).message.text(lang))
                }
            }
            let blocked = events.filter { !$0.isAvailable }
            if !blocked.isEmpty {
                print(Text("Bị chặn:", "Blocked:")(lang))
                for event in blocked {
                    print("  ✗ \(event.event)" + (event.label.map { " — " + $0.text(lang) } ?? ""))
                    for reason in event.reasons { print("      - " + reason.message.text(lang)) }
                }
            }
            // What other records do to this one by themselves, and whether its current state came from one of them.
            if !definition.reactions.isEmpty {
                print(Text("Tự động theo hồ sơ liên quan:", "Automatic, following linked records:")(lang))
                for reaction in definition.reactions { print("  ↺ " + reaction.explanation.text(lang)) }
            }
            if let last = try await context.services.workflows.history(id, as: context.caller(user, role: role)).entries.last, let cause = last.causedBy {
                print(
                    Text(
                        "Bước gần nhất (\(last.event), \(VietnamClock.screen(last.at))) do hồ sơ \(cause.instanceID) thay đổi (bước \(cause.seq)).",
                        "The last step (\(last.event), \(VietnamClock.screen(last.at))) was caused by record \(cause.instanceID) (step \(cause.seq)).")(lang))
            }
        }
    }

    static func json(_ event: EventAvailability) -> JSONValue {
        .object([
            "event": .string(event.event), "label": .label(event.label), "to": .text(event.to), "available": .bool(event.isAvailable),
            "reasons": .array(
                event.reasons.map { .object(["code": .string($0.code.rawValue), "subject": .text($0.subject), "message": .label($0.message)]) }),
            "inputs": .array(
                event.inputs.map { .object(["name": .string($0.name), "type": .string($0.kind.description), "required": .bool($0.isRequired)]) }),
            "deferredGuards": .array(event.deferredGuards.map(JSONValue.string)),
        ])
    }
}
