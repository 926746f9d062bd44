import ArgumentParser
import Dispatch
import Foundation
import Logging
import Store
import Workflow

extension TimersCommand {
    /// `ocop timers run [--once]`.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Thực hiện các hẹn giờ đến hạn (fire due timers).",
            discussion: """
                --once: chạy một lượt rồi thoát. Không có --once: chạy mãi, ngủ đến hẹn giờ kế tiếp (tối đa 30 giây) hoặc đến khi
                có hẹn giờ mới (NOTIFY); Ctrl-C hoặc SIGTERM dừng gọn.
                --once: one pass, then exit. Otherwise keeps running, sleeping until the next timer is due (at most 30 s) or a new
                timer is scheduled (NOTIFY); SIGINT/SIGTERM stop it cleanly. Several workers may run at once.
                """)

        @Flag(name: .customLong("once"), help: "Một lượt rồi thoát (one pass, then exit).")
        var once = false

        @OptionGroup var listen: ListenOption
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let routing = DatabaseRouting(listenDatabaseURL: listen.listenDatabaseURL)
            await AppContext.run(global, domain: false, cancelOnSignals: false, routing: routing) { context in
                let lang = global.lang
                if once {
                    let firings = try await context.services.runDueTimers(now: Date(), limit: 10_000)
                    if global.json {
                        JSONOutput.print(.array(firings.map(TimersCommand.json)))
                    } else {
                        for firing in firings { print(TimersCommand.line(firing, lang)) }
                        print(Text("Đã xử lý \(firings.count) hẹn giờ.", "Processed \(firings.count) timer(s).")(lang))
                    }
                    return
                }
                try await TimerWorker(context: context, json: global.json, language: lang).run()
            }
        }
    }
}

/// The long-running loop of `ocop timers run`: fire what is due, sleep until the next due time, a NOTIFY or a signal.
struct TimerWorker {
    let context: AppContext
    let json: Bool
    let language: Language

    func run() async throws {
        let services = context.services
        say(Text("Đang chạy hẹn giờ; Ctrl-C để dừng.", "Running timers; Ctrl-C to stop.")(language))
        try await WakeLoop(listening: "timers", logger: context.logger, wakeUps: { services.timerWakeUps() }) {
            let firings = try await services.runDueTimers(now: Date())
            for firing in firings { say(json ? JSONOutput.render(TimersCommand.json(firing)) : TimersCommand.line(firing, language)) }
            return try await services.nextTimerDue()
        }.run()
        say(Text("Đã dừng.", "Stopped.")(language))
    }

    /// Prints a line at once, so a log collector reading the pipe sees it now.
    private func say(_ line: String) {
        if json && !line.hasPrefix("{") {
            FileHandle.standardError.write(Data((line + "\n").utf8))
            return
        }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
