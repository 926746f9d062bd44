import ArgumentParser
import Foundation
import Logging
import Synchronization

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

    /// The language: `--lang`, else `$OCOP_LANG`, else the saved language of the user the command acts as (`--as`,
    /// once the database is open), else Vietnamese.
    var lang: Language {
        chosenLanguage ?? Language.saved.withLock { $0 } ?? .vi
    }

    /// `--lang` or `$OCOP_LANG`, when one is given.
    var chosenLanguage: Language? {
        language ?? ProcessInfo.processInfo.environment["OCOP_LANG"].flatMap(Language.init(rawValue:))
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

    /// The saved language of the user named by `--as` (or `--by`), read when the command opens the database.
    static let saved = Mutex<Language?>(nil)

    /// The user the command line acts as: the value of `--as` (or `--by`), if any.
    static func actingUser(in arguments: [String] = CommandLine.arguments) -> String? {
        for (index, argument) in arguments.enumerated() {
            for name in ["--as", "--by"] {
                if argument == name, index + 1 < arguments.count { return arguments[index + 1] }
                if argument.hasPrefix(name + "=") { return String(argument.dropFirst(name.count + 1)) }
            }
        }
        return nil
    }
}
