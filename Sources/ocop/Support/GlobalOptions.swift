import ArgumentParser
import Foundation
import Logging

/// Options every command shares: where the database is, the language and the output format.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "Chuỗi kết nối libpq hoặc URL postgres:// (libpq conninfo or URL).")
    var databaseURL: String?

    @Option(name: .customLong("lang"), help: "Ngôn ngữ: vi (mặc định) hoặc en.")
    var language: Language?

    @Flag(name: .customLong("json"), help: "In JSON cho script (JSON output for scripts).")
    var json = false

    @Flag(name: .customLong("verbose"), help: "Ghi nhật ký chi tiết ra stderr (verbose logs).")
    var verbose = false

    /// The language: `--lang`, else `$OCOP_LANG`, else Vietnamese.
    var lang: Language {
        language ?? ProcessInfo.processInfo.environment["OCOP_LANG"].flatMap(Language.init(rawValue:)) ?? .vi
    }

    /// Sets up logging once, to stderr.
    func bootstrapLogging() -> Logger {
        let level: Logger.Level = verbose ? .info : .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "ocop")
    }
}

/// The languages ocop speaks.
enum Language: String, ExpressibleByArgument, Sendable {
    case vi, en
}
