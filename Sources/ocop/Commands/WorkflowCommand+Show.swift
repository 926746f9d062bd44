import ArgumentParser
import Foundation
import Store
import Workflow

extension WorkflowCommand {
    /// `ocop workflow show NAME [--version REF]`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Trạng thái, sự kiện, vai trò, điều kiện, hẹn giờ của một quy trình (a workflow in detail).",
            discussion: "Mặc định đọc tệp trong workflows/ (không cần cơ sở dữ liệu); --version đọc một phiên bản đã lưu.")

        @Argument(help: "Tên quy trình (workflow name).")
        var name: String

        @Option(name: .customLong("version"), help: "Số hoặc tiền tố băm của phiên bản đã lưu (stored version id or hash prefix).")
        var version: String?

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let logger = global.bootstrapLogging()
            do {
                let definition: WorkflowDefinition
                if let version {
                    let context = try await AppContext.open(global, logger: logger)
                    defer { context.close() }
                    definition = try await context.services.definitions.definition(version: version)
                } else {
                    definition = try WorkflowCommand.definition(named: name)
                }
                guard definition.name == name else {
                    throw CommandError.badInput(
                        vi: "phiên bản \(version ?? "") thuộc quy trình \(definition.name), không phải \(name)",
                        en: "version \(version ?? "") belongs to \(definition.name), not \(name)")
                }
                print(
                    global.json
                        ? JSONOutput.render(DefinitionView.json(definition)) : DefinitionView(definition: definition, language: global.lang).text)
            } catch {
                Failure.exit(error, language: global.lang)
            }
        }
    }
}

/// How `ocop workflow show` prints a definition.
struct DefinitionView {
    let definition: WorkflowDefinition
    let language: Language

    /// Title, roles, then tables of states, events and timers.
    var text: String {
        let lang = language
        let title = definition.title.map { " — \($0.vi) / \($0.en)" } ?? ""
        var lines = ["\(definition.name)\(title)"]
        var fields = Fields()
        fields.add(Text("Phiên bản", "Version")(lang), "\(definition.versionLabel) · \(definition.contentHash.prefix(12))")
        fields.add(Text("Tệp", "File")(lang), definition.sourcePath)
        fields.add(Text("Vai trò", "Roles")(lang), definition.roles.joined(separator: ", "))
        fields.add(Text("Bắt đầu ở", "Initial state")(lang), definition.initialState)
        lines += [fields.render(), "", Text("Trạng thái", "States")(lang)]
        var states = Table(["", Text("Mã", "Code")(lang), "Tiếng Việt", "English", Text("Kết thúc", "Final")(lang)])
        for state in definition.states {
            states.add([
                state.code == definition.initialState ? "▶" : "", state.code, state.label.vi, state.label.en,
                state.isFinal ? Text("có", "yes")(lang) : "",
            ])
        }
        lines += [states.render(), "", Text("Sự kiện", "Events")(lang)]
        var events = Table([
            Text("Tên", "Name")(lang), Text("Từ", "From")(lang), Text("Đến", "To")(lang), Text("Vai trò", "Roles")(lang),
            Text("Điều kiện", "Guards")(lang), Text("Dữ liệu nhập", "Inputs")(lang),
        ])
        for event in definition.events {
            events.add([
                event.name, event.fromAnyState ? "*" : event.from.joined(separator: ", "), event.to, event.roles.joined(separator: ", "),
                event.guards.map(Self.guardText).joined(separator: "; "),
                event.inputs.map { "\($0.name): \($0.kind)\($0.isRequired ? "" : "?")" }.joined(separator: ", "),
            ])
        }
        lines.append(events.render())
        guard !definition.timers.isEmpty else { return lines.joined(separator: "\n") }
        lines += ["", Text("Hẹn giờ", "Timers")(lang)]
        var timers = Table([
            Text("Tên", "Name")(lang), Text("Trong trạng thái", "In states")(lang), Text("Sự kiện", "Event")(lang), Text("Khi", "When")(lang),
        ])
        for timer in definition.timers {
            timers.add([timer.name, timer.states.joined(separator: ", "), timer.event, Self.schedule(timer.schedule, lang)])
        }
        lines.append(timers.render())
        return lines.joined(separator: "\n")
    }

    /// `number_at_least(field: input.score, min: 70)`.
    static func guardText(_ reference: GuardReference) -> String {
        guard !reference.parameters.isEmpty else { return reference.name }
        let parameters = reference.parameters.keys.sorted().map { "\($0): \(reference.parameters[$0]!.displayText)" }
        return "\(reference.name)(\(parameters.joined(separator: ", ")))"
    }

    /// `sau 10 ngày` / `after 10 days`; `vào ngày expires_on -30 ngày`.
    static func schedule(_ schedule: TimerDefinition.Schedule, _ lang: Language) -> String {
        switch schedule {
        case .after(let duration): return Text("sau \(words(duration, .vi))", "after \(duration)")(lang)
        case .at(let field, let offset):
            let shift = offset.map { ($0.isBefore ? " −" : " +") + words($0.duration, lang) } ?? ""
            return Text("ngày trong \(field)\(shift)", "on the day in \(field)\(shift)")(lang)
        }
    }

    /// A duration in words.
    static func words(_ duration: WorkflowDuration, _ lang: Language) -> String {
        guard lang == .vi else { return duration.description }
        let unit: String =
            switch duration.unit {
            case .hours: "giờ"
            case .days: "ngày"
            case .weeks: "tuần"
            case .workingDays: "ngày làm việc"
            case .months: "tháng"
            case .years: "năm"
            }
        return "\(duration.amount) \(unit)"
    }

    /// Everything, with stable keys.
    static func json(_ definition: WorkflowDefinition) -> JSONValue {
        .object([
            "name": .string(definition.name), "version": .string(definition.versionLabel), "hash": .string(definition.contentHash),
            "title": .label(definition.title), "file": .string(definition.sourcePath), "roles": .array(definition.roles.map(JSONValue.string)),
            "initial": .string(definition.initialState),
            "states": .array(definition.states.map { .object(["code": .string($0.code), "label": .label($0.label), "final": .bool($0.isFinal)]) }),
            "events": .array(
                definition.events.map { event in
                    .object([
                        "name": .string(event.name), "label": .label(event.label), "from": .array(event.from.map(JSONValue.string)),
                        "to": .string(event.to), "roles": .array(event.roles.map(JSONValue.string)),
                        "guards": .array(event.guards.map { .object(["name": .string($0.name), "parameters": .object($0.parameters)]) }),
                        "inputs": .array(
                            event.inputs.map {
                                .object(["name": .string($0.name), "type": .string($0.kind.description), "required": .bool($0.isRequired)])
                            }),
                    ])
                }),
            "timers": .array(
                definition.timers.map { timer in
                    .object([
                        "name": .string(timer.name), "states": .array(timer.states.map(JSONValue.string)), "event": .string(timer.event),
                        "when": .string(Self.schedule(timer.schedule, .en)),
                    ])
                }),
        ])
    }
}
