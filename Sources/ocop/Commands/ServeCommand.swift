import AdminServer
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import OCOP
import Store

/// `ocop serve`: the admin HTTP endpoint on the same database as the CLI, with the timer worker and the outbox relay in the background.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Chạy máy chủ quản trị HTTP (admin HTTP endpoint) — JSON API, health, metrics; dừng bằng Ctrl-C / SIGTERM.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Địa chỉ lắng nghe (listen address).")
    var host = "127.0.0.1"

    @Option(help: "Cổng (port).")
    var port = 8080

    @Option(name: .customLong("log-format"), help: "text hoặc json (một dòng JSON mỗi bản ghi).")
    var logFormat: LogFormat = .text

    @Flag(name: .customLong("no-timers"), help: "Không chạy bộ hẹn giờ nền (do not run the timer worker).")
    var noTimers = false

    @Flag(name: .customLong("no-outbox"), help: "Không chạy bộ gửi thông báo nền (do not run the outbox relay: e-mail, webhooks).")
    var noOutbox = false

    @Option(
        name: .customLong("request-log"),
        help: "Ghi nhật ký yêu cầu: all, errors, sample:N (lỗi và 1/N yêu cầu), off; mặc định OCOP_REQUEST_LOG hoặc all (request log).")
    var requestLog: String?

    @Option(name: .customLong("log-level"), help: "Mức nhật ký: debug, info, notice, warning, error; mặc định info (log level).")
    var logLevel: String?

    @Option(name: .customLong("pool-size"), help: "Số kết nối cơ sở dữ liệu (database connections).")
    var poolSize = 8

    enum LogFormat: String, ExpressibleByArgument {
        case text, json
    }

    func run() async throws {
        guard let requestLog = RequestLog(text: requestLog ?? ProcessInfo.processInfo.environment["OCOP_REQUEST_LOG"] ?? "all") else {
            Failure.exit(
                CommandError.badInput(
                    vi: "--request-log: chọn all, errors, sample:N hoặc off", en: "--request-log: choose all, errors, sample:N or off"),
                language: global.lang)
        }
        let chosenLevel = logLevel.map { Logger.Level(rawValue: $0.lowercased()) }
        guard chosenLevel != .some(nil) else {
            Failure.exit(
                CommandError.badInput(
                    vi: "--log-level: chọn debug, info, notice, warning hoặc error", en: "--log-level: choose debug, info, notice, warning or error"),
                language: global.lang)
        }
        let level: Logger.Level = (chosenLevel ?? nil) ?? (global.verbose ? .debug : .info)
        switch logFormat {
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        let logger = Logger(label: "ocop.serve")
        do {
            let context = try await AppContext.open(global, logger: logger, poolSize: poolSize, cancelOnSignals: false)
            defer { context.close() }
            let workflowsDirectory = try ResourceLocator.workflowsDirectory()
            let app = AdminServer.application(
                dependencies: ServerDependencies(
                    services: context.services,
                    fieldLabels: try FieldLabels.load(contentsOf: workflowsDirectory.appendingPathComponent("labels/fields.yaml"))),
                configuration: {
                    var configuration = ServerConfiguration(host: host, port: port, runsTimers: !noTimers, runsOutbox: !noOutbox)
                    configuration.requestLog = requestLog
                    return configuration
                }(),
                latestMigration: try DatabaseService.latestMigration(), logger: logger)
            logger.info("ocop serve", metadata: ["address": "http://\(host):\(port)", "database": "\(context.services.database.describe)"])
            try await app.runService()
        } catch {
            Failure.exit(error, language: global.lang)
        }
    }
}

