import ArgumentParser
import Foundation
import Store
import Workflow

/// `ocop timers run|list`: the timers workflows schedule (deadlines, expiries).
struct TimersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timers", abstract: "Hẹn giờ của quy trình: chạy và xem (workflow timers: run and list).",
        subcommands: [Run.self, List.self])

    /// `ocop timers list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Các hẹn giờ đang chờ, sớm nhất trước (pending timers, soonest first).")

        @Option(name: .customLong("limit"), help: "Số dòng tối đa (default 100).")
        var limit = 100

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, domain: false) { context in
                let timers = try await context.services.pendingTimers(limit: limit)
                let now = Date()
                if global.json {
                    JSONOutput.print(
                        .array(
                            timers.map { timer in
                                .object([
                                    "id": .int(timer.id), "instanceId": .int(timer.instanceID), "name": .string(timer.name),
                                    "event": .string(timer.event),
                                    "fireAt": .time(timer.fireAt), "due": .bool(timer.fireAt <= now),
                                ])
                            }))
                    return
                }
                let lang = global.lang
                guard !timers.isEmpty else {
                    print(Text("Không có hẹn giờ nào đang chờ.", "No pending timers.")(lang))
                    return
                }
                var table = Table(
                    [
                        Text("Số", "ID")(lang), Text("Hồ sơ", "Instance")(lang), Text("Hẹn giờ", "Timer")(lang), Text("Sự kiện", "Event")(lang),
                        Text("Đến hạn", "Due")(lang), "",
                    ], rightAligned: [0, 1])
                for timer in timers {
                    let overdue = timer.fireAt <= now ? Text("đã đến hạn", "due now")(lang) : ""
                    table.add(["\(timer.id)", "\(timer.instanceID)", timer.name, timer.event, VietnamClock.screen(timer.fireAt), overdue])
                }
                print(table.render())
            }
        }
    }

    /// One line per timer fired.
    static func line(_ firing: WorkflowStore.TimerFiring, _ lang: Language) -> String {
        let head =
            "⏱ \(Text("hồ sơ", "instance")(lang)) \(firing.instanceID) · \(firing.name) (\(VietnamClock.screen(firing.fireAt))): \(firing.event)"
        if let result = firing.result { return "\(head) \(result.fromState) → \(result.toState), v\(result.version)" }
        return "\(head) ✗ \(firing.failure?.text(lang) ?? "")"
    }

    /// The JSON object of a firing.
    static func json(_ firing: WorkflowStore.TimerFiring) -> JSONValue {
        .object([
            "timerId": .int(firing.timerID), "instanceId": .int(firing.instanceID), "name": .string(firing.name), "event": .string(firing.event),
            "fireAt": .time(firing.fireAt), "fired": .bool(firing.result != nil), "from": .text(firing.result?.fromState),
            "to": .text(firing.result?.toState), "version": firing.result.map { .number($0.version) } ?? .null, "failure": .label(firing.failure),
        ])
    }
}
