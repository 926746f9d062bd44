import ArgumentParser
import Foundation
import Store
import Workflow

extension AppContext {
    /// Opens the context, runs `body`, and closes it; any error is printed in the user's language and ends the
    /// process with its exit code (see `FailureKind`).
    /// A read command (`status`, `list`, `history`) passes `poolSize: 1`: it runs like psql, on one connection.
    static func run(
        _ global: GlobalOptions, registerWorkflows: Bool = true, domain: Bool = true, poolSize: Int = 2, cancelOnSignals: Bool = true,
        routing: DatabaseRouting = DatabaseRouting(), _ body: (AppContext) async throws -> Void
    ) async {
        let logger = global.bootstrapLogging()
        do {
            let context = try await AppContext.open(
                global, logger: logger, registerWorkflows: registerWorkflows, poolSize: poolSize, domain: domain, cancelOnSignals: cancelOnSignals,
                routing: routing)
            defer { context.close() }
            try await body(context)
        } catch {
            Failure.exit(error, language: global.lang)
        }
    }

    /// `SUBMITTED (Đã nộp)`: a state code with its label in the user's language.
    func stateText(_ code: String?, in definition: WorkflowDefinition) -> String {
        guard let code else { return "—" }
        guard let state = definition.state(code) else { return code }
        return "\(code) (\(state.label.text(language)))"
    }
}

/// `--at`: the business time of an event, for staff entering past events with their real dates.
struct BusinessTimeOptions: ParsableArguments {
    @Option(
        name: .customLong("at"),
        help: "Thời điểm nghiệp vụ (yyyy-mm-dd[ HH:mm], dd/mm/yyyy[ HH:mm], giờ Việt Nam), mặc định: bây giờ (business time; default now).")
    var at: String?

    /// The time given, or now; a time in the future (beyond a minute of clock skew) is refused.
    func resolve(now: Date = Date()) throws -> Date {
        guard let at else { return now }
        guard let instant = VietnamClock.parse(at) else {
            throw CommandError.badInput(
                vi: "--at \"\(at)\": không đọc được thời điểm (dùng yyyy-mm-dd, dd/mm/yyyy, có thể thêm HH:mm)",
                en: "--at \"\(at)\": not a time (use yyyy-mm-dd or dd/mm/yyyy, optionally with HH:mm)")
        }
        guard instant <= now.addingTimeInterval(60) else {
            throw CommandError.badInput(
                vi: "--at \(VietnamClock.screen(instant)) ở tương lai; chỉ ghi được sự kiện đã xảy ra",
                en: "--at \(VietnamClock.screen(instant)) is in the future; only past events can be entered")
        }
        return instant
    }
}
