import ArgumentParser
import Foundation
import Logging
import Store

/// `ocop db …`: the database ocop uses.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Cơ sở dữ liệu: trạng thái, khởi động, dừng, cập nhật lược đồ (database status, start, stop, migrate).",
        subcommands: [Status.self, Start.self, Stop.self, Migrate.self]
    )

    /// `ocop db status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cho biết cơ sở dữ liệu ở đâu, máy chủ có chạy không, phiên bản và lược đồ (starts the embedded one if needed).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let logger = global.bootstrapLogging()
            do {
                let context = try await AppContext.open(global, logger: logger, registerWorkflows: false, poolSize: 1, migrate: false, domain: false)
                defer { context.close() }
                let report = DatabaseReport(status: try await context.services.database.status())
                print(global.json ? report.json() : report.text(global.lang))
            } catch {
                Failure.exit(error, language: global.lang)
            }
        }
    }

    /// `ocop db start`.
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Khởi động PostgreSQL nhúng (tạo nếu chưa có) — start the embedded PostgreSQL.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let logger = global.bootstrapLogging()
            do {
                let conninfo = try await DatabaseService.startEmbedded(databaseURL: global.databaseURL, logger: logger)
                print(Text("Đang chạy", "Running")(global.lang) + ": \(conninfo)")
            } catch {
                Failure.exit(error, language: global.lang)
            }
        }
    }

    /// `ocop db stop`.
    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Dừng PostgreSQL nhúng — stop the embedded PostgreSQL.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let logger = global.bootstrapLogging()
            do {
                let wasRunning = try await DatabaseService.stopEmbedded(databaseURL: global.databaseURL, logger: logger)
                print(wasRunning ? Text("Đã dừng", "Stopped")(global.lang) : Text("Máy chủ không chạy", "Not running")(global.lang))
            } catch {
                Failure.exit(error, language: global.lang)
            }
        }
    }

    /// `ocop db migrate`.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Áp dụng các migration trong sql/ — apply pending migrations.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let logger = global.bootstrapLogging()
            do {
                let (applied, latest, names) = try await DatabaseService.migrate(databaseURL: global.databaseURL, logger: logger)
                if global.json {
                    print("{\"applied\":[\(applied.map(String.init).joined(separator: ","))],\"version\":\(latest)}")
                } else if applied.isEmpty {
                    print(Text("Lược đồ đã mới nhất (phiên bản \(latest)).", "Schema is up to date (version \(latest)).")(global.lang))
                } else {
                    for version in applied {
                        let name = names[version] ?? ""
                        print(Text("Đã áp dụng", "Applied")(global.lang) + " \(String(format: "%04d", version))_\(name)")
                    }
                }
            } catch {
                Failure.exit(error, language: global.lang)
            }
        }
    }
}
