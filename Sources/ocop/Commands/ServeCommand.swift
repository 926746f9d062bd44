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
    @OptionGroup var replica: ReportDatabaseOption

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

    @Option(
        name: .customLong("auth-throttle"),
        help: "Giới hạn xác thực sai: ĐỊA_CHỈ/NGƯỜI_DÙNG/GIÂY (mặc định OCOP_AUTH_THROTTLE hoặc 20/5/300) hoặc off (failed-authentication throttle).")
    var authThrottle: String?

    @Option(
        name: .customLong("trust-proxy"),
        help: "Địa chỉ proxy được tin X-Forwarded-For (lặp lại được; thêm OCOP_TRUSTED_PROXIES, phân cách bằng dấu phẩy) (trusted proxy).")
    var trustProxy: [String] = []

    @Option(name: .customLong("pool-size"), help: "Số kết nối cơ sở dữ liệu (database connections).")
    var poolSize = 8

    @Option(
        name: .customLong("anchor-every"),
        help: "Neo lịch sử định kỳ, ví dụ 1h, 30m, 1d; mặc định OCOP_ANCHOR_EVERY hoặc không neo (anchor the history on a schedule).")
    var anchorEvery: String?

    @Option(name: .customLong("anchor-file"), help: "Tệp mốc; mặc định $OCOP_ANCHOR_FILE hoặc ~/.config/ocop/audit-anchors.jsonl (anchor file).")
    var anchorFile: String?

    @Option(name: .customLong("anchor-key"), help: "Khóa ký; mặc định $OCOP_ANCHOR_KEY hoặc ~/.config/ocop/audit.key (signing key).")
    var anchorKey: String?

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
        // The upload limit is read once here, so that a mistyped value stops the server instead of passing silently.
        do { _ = try DocumentService.configuredMaxBytes() } catch { Failure.exit(error, language: global.lang) }
        let environment = ProcessInfo.processInfo.environment
        guard let throttle = AuthThrottle.Configuration(text: authThrottle ?? environment["OCOP_AUTH_THROTTLE"] ?? "20/5/300") else {
            Failure.exit(
                CommandError.badInput(
                    vi: "--auth-throttle: dạng ĐỊA_CHỈ/NGƯỜI_DÙNG/GIÂY, ví dụ 20/5/300, hoặc off",
                    en: "--auth-throttle: ADDRESS/USER/SECONDS, e.g. 20/5/300, or off"),
                language: global.lang)
        }
        let trustedProxies = Set(
            trustProxy + (environment["OCOP_TRUSTED_PROXIES"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty })
        let chosenLevel = logLevel.map { Logger.Level(rawValue: $0.lowercased()) }
        guard chosenLevel != .some(nil) else {
            Failure.exit(
                CommandError.badInput(
                    vi: "--log-level: chọn debug, info, notice, warning hoặc error", en: "--log-level: choose debug, info, notice, warning or error"),
                language: global.lang)
        }
        let anchoring = anchorSchedule()
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
            let context = try await AppContext.open(
                global, logger: logger, poolSize: poolSize, cancelOnSignals: false,
                routing: DatabaseRouting(reportDatabaseURL: replica.reportDatabaseURL))
            defer { context.close() }
            let workflowsDirectory = try ResourceLocator.workflowsDirectory()
            let app = AdminServer.application(
                dependencies: ServerDependencies(
                    services: context.services,
                    fieldLabels: try FieldLabels.load(contentsOf: workflowsDirectory.appendingPathComponent("labels/fields.yaml")),
                    authThrottle: AuthThrottle(configuration: throttle)),
                configuration: {
                    var configuration = ServerConfiguration(host: host, port: port, runsTimers: !noTimers, runsOutbox: !noOutbox)
                    configuration.requestLog = requestLog
                    configuration.anchoring = anchoring
                    configuration.trustedProxies = trustedProxies
                    return configuration
                }(),
                latestMigration: try DatabaseService.latestMigration(), logger: logger)
            if let anchoring {
                // The first checkpoint now: a wrong key or an unwritable file stops the start with its message.
                let first = try await context.services.audit.anchor(anchorFile: anchoring.file, keyFile: anchoring.key, at: Date())
                if !first.regressed.isEmpty {
                    logger.error(
                        "audit: history went back since the last checkpoint (truncated or rewritten); run ocop audit verify --anchors",
                        metadata: ["instances": "\(first.regressed.map(\.instanceID))"])
                }
                logger.info("audit checkpoint", metadata: ["checkpoint": "\(first.checkpoint.number)", "file": "\(anchoring.file)", "every": "\(anchoring.every)"])
            }
            logger.info(
                "ocop serve",
                metadata: [
                    "address": "http://\(host):\(port)", "database": "\(context.services.database.describe)",
                    "reports": "\(context.services.hasReportReplica ? "replica (--report-database-url), else the primary" : "the primary")",
                ])
            try await app.runService()
        } catch {
            Failure.exit(error, language: global.lang)
        }
    }

    /// `--anchor-every` (or `OCOP_ANCHOR_EVERY`) with its file and key; nil when not asked for. Exits on a bad interval.
    private func anchorSchedule() -> AnchorSchedule? {
        guard let text = anchorEvery ?? AnchorOptions.environment("OCOP_ANCHOR_EVERY") else { return nil }
        guard let every = Self.interval(text) else {
            Failure.exit(
                CommandError.badInput(
                    vi: "--anchor-every: \"\(text)\" không phải khoảng thời gian (ví dụ 90s, 30m, 1h, 1d; ít nhất 1s)",
                    en: "--anchor-every: \"\(text)\" is not an interval (e.g. 90s, 30m, 1h, 1d; at least 1s)"),
                language: global.lang)
        }
        return AnchorSchedule(
            every: every, file: anchorFile ?? AnchorOptions.defaultFilePath, key: anchorKey ?? AnchorOptions.defaultKeyPath)
    }

    /// `90s`, `30m`, `1h`, `1d` as a duration (nil for anything else, or under a second).
    static func interval(_ text: String) -> Duration? {
        guard let unit = text.last, let count = Int(text.dropLast()), count >= 1 else { return nil }
        switch unit {
        case "s": return .seconds(count)
        case "m": return .seconds(count * 60)
        case "h": return .seconds(count * 3600)
        case "d": return .seconds(count * 86400)
        default: return nil
        }
    }
}
