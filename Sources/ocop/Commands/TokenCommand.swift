import ArgumentParser
import Foundation
import Store

/// `ocop user token create|revoke|list`: API tokens for the admin endpoint.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Mã truy cập API (API tokens): tạo, thu hồi, liệt kê.",
        subcommands: [Create.self, Revoke.self, List.self])

    /// `ocop user token create USER`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tạo mã truy cập; mã chỉ hiện một lần (shown once).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Người dùng (user id).") var user: String
        @Option(help: "Hiệu lực, ví dụ 90d, 12h (validity).") var expires = "90d"
        @Option(help: "Ghi chú (label).") var label = ""

        func run() async throws {
            let logger = global.bootstrapLogging()
            do {
                guard let validity = TokenCommand.duration(expires) else {
                    throw CommandError.badInput(
                        vi: "--expires \"\(expires)\": dùng số ngày, giờ hoặc phút lớn hơn 0, ví dụ 90d, 12h, 30m",
                        en: "--expires \"\(expires)\": use a number of days, hours or minutes above 0, e.g. 90d, 12h, 30m")
                }
                let context = try await AppContext.open(global, logger: logger, registerWorkflows: false, poolSize: 1, domain: false)
                defer { context.close() }
                let created = try await context.services.accounts.createToken(for: user, label: label, validFor: validity, now: Date())
                if global.json {
                    let expiresAt = ISO8601DateFormatter().string(from: created.token.expiresAt)
                    print("{\"id\":\(created.token.id),\"user\":\"\(user)\",\"expiresAt\":\"\(expiresAt)\",\"token\":\"\(created.secret)\"}")
                } else {
                    print(created.secret)
                    FileHandle.standardError.write(Data(Text(
                        "Mã số \(created.token.id) cho \(user), hết hạn \(VietnamClock.screen(created.token.expiresAt)). Hãy lưu lại: mã không hiện lại.\n",
                        "Token \(created.token.id) for \(user), expires \(VietnamClock.screen(created.token.expiresAt)). Keep it: it is not shown again.\n")(global.lang).utf8))
                }
            } catch {
                Failure.exit(error, language: global.lang)
            }
        }
    }

    /// `ocop user token revoke ID`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Thu hồi mã truy cập (revoke).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Số của mã (token id).") var id: Int64

        func run() async throws {
            let logger = global.bootstrapLogging()
            do {
                let context = try await AppContext.open(global, logger: logger, registerWorkflows: false, poolSize: 1, domain: false)
                defer { context.close() }
                try await context.services.accounts.revokeToken(id, now: Date())
                print(Text("Đã thu hồi mã \(id).", "Token \(id) revoked.")(global.lang))
            } catch {
                Failure.exit(error, language: global.lang)
            }
        }
    }

    /// `ocop user token list [USER]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liệt kê mã truy cập (never the secrets).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Chỉ của người dùng này (only this user).") var user: String?

        func run() async throws {
            let logger = global.bootstrapLogging()
            do {
                let context = try await AppContext.open(global, logger: logger, registerWorkflows: false, poolSize: 1, domain: false)
                defer { context.close() }
                let tokens = try await context.services.accounts.tokens(of: user)
                let now = Date()
                for token in tokens {
                    let state: String
                    if token.revokedAt != nil {
                        state = Text("đã thu hồi", "revoked")(global.lang)
                    } else if token.expiresAt <= now {
                        state = Text("hết hạn", "expired")(global.lang)
                    } else {
                        state = Text("hiệu lực", "active")(global.lang)
                    }
                    print("\(token.id)\t\(token.userID)\t\(state)\t\(VietnamClock.screen(token.expiresAt))\t\(token.label)")
                }
            } catch {
                Failure.exit(error, language: global.lang)
            }
        }
    }

    /// `90d`, `12h`, `30m` → a duration (the service bounds it).
    static func duration(_ text: String) -> Duration? { LifetimeText.parse(text) }
}
