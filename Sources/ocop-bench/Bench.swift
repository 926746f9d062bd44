import ArgumentParser
import Logging

/// `ocop-bench`: load drivers and benchmarks that print figures, each compared with pgbench on the same server.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocop-bench",
        abstract: "Đo hiệu năng và tạo tải cho ocop — benchmarks and load drivers for ocop.",
        subcommands: [TransitionsCommand.self, HammerCommand.self, SetupCommand.self, TimersCommand.self, ReportBenchCommand.self, ImportBenchCommand.self, HttpBenchCommand.self]
    )

    /// Logs to stderr at `warning` (or `info` with `--verbose`), so that stdout carries only figures.
    static func bootstrapLogging(verbose: Bool) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .info : .warning
            return handler
        }
        return Logger(label: "ocop.bench")
    }
}
