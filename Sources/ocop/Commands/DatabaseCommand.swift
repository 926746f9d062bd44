import ArgumentParser
import Foundation
import LibPQ
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
                let target = try DatabaseTarget.resolve(option: global.databaseURL, logger: logger)
                let conninfo = try target.connect()
                let connection = try Connection(conninfo: conninfo, logger: logger)
                let version = try connection.query("SHOW server_version").single().decode(at: 0, as: String.self)
                let database = try connection.query("SELECT current_database() AS db, current_user AS usr").single()
                let schema = try Migrator(logger: logger).status(connection)
                let report = DatabaseReport(
                    target: target, conninfo: conninfo, serverVersion: version, database: try database.decode("db", as: String.self),
                    user: try database.decode("usr", as: String.self), schema: schema)
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
                guard case .embedded(let cluster) = try DatabaseTarget.resolve(option: global.databaseURL, logger: logger) else {
                    throw ValidationError(Text(
                        "đang dùng cơ sở dữ liệu bên ngoài; ocop chỉ khởi động PostgreSQL nhúng",
                        "an external database is configured; ocop starts only its embedded PostgreSQL")(global.lang))
                }
                let conninfo = try cluster.start()
                print(Text("Đang chạy", "Running")(global.lang) + ": \(conninfo)")
            } catch let error as ValidationError {
                throw error
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
                guard case .embedded(let cluster) = try DatabaseTarget.resolve(option: global.databaseURL, logger: logger) else {
                    throw ValidationError(Text(
                        "đang dùng cơ sở dữ liệu bên ngoài; ocop chỉ dừng PostgreSQL nhúng",
                        "an external database is configured; ocop stops only its embedded PostgreSQL")(global.lang))
                }
                let wasRunning = cluster.status().running
                try cluster.stop()
                print(wasRunning ? Text("Đã dừng", "Stopped")(global.lang) : Text("Máy chủ không chạy", "Not running")(global.lang))
            } catch let error as ValidationError {
                throw error
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
                let target = try DatabaseTarget.resolve(option: global.databaseURL, logger: logger)
                let connection = try Connection(conninfo: try target.connect(), logger: logger)
                let migrator = try Migrator(logger: logger)
                let applied = try migrator.migrate(connection)
                if global.json {
                    print("{\"applied\":[\(applied.map(String.init).joined(separator: ","))],\"version\":\(migrator.latestVersion)}")
                } else if applied.isEmpty {
                    print(Text("Lược đồ đã mới nhất (phiên bản \(migrator.latestVersion)).", "Schema is up to date (version \(migrator.latestVersion)).")(global.lang))
                } else {
                    for version in applied {
                        let name = migrator.migrations.first { $0.version == version }?.name ?? ""
                        print(Text("Đã áp dụng", "Applied")(global.lang) + " \(String(format: "%04d", version))_\(name)")
                    }
                }
            } catch {
                Failure.exit(error, language: global.lang)
            }
        }
    }
}
