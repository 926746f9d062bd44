import ArgumentParser
import Foundation
import Store
import Workflow

extension UserCommand {
    /// `ocop user password set|reset USER --as WHO`: passwords for the dashboard (the rules are AccountService's).
    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password", abstract: "Mật khẩu đăng nhập trang quản lý (dashboard passwords).", subcommands: [Set.self, Reset.self])

        /// `ocop user password set USER --as WHO`: the new password is read from standard input (one line).
        struct Set: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Đặt mật khẩu, đọc một dòng từ đầu vào chuẩn (set a password, read as one line from standard input).",
                discussion: """
                    Quản trị viên (ADMIN) đặt cho bất kỳ ai; cán bộ đặt cho chủ thể trên địa bàn mình phụ trách.
                    Ví dụ: printf '%s\\n' "$MAT_KHAU" | ocop user password set thanhmai --as cb-huyen
                    An administrator sets anyone's; an officer a producer's in their area. Reading it from standard input keeps it
                    out of the shell history and the process list.
                    """)
            @Argument(help: "Mã người dùng (user id).") var id: String
            @Option(name: .customLong("as"), help: "Người thực hiện: ADMIN hoặc cán bộ phụ trách (who does it).") var actor: String
            @OptionGroup var global: GlobalOptions

            func run() async throws {
                await AppContext.run(global, registerWorkflows: false, domain: false) { context in
                    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                        throw CommandError.badInput(
                            vi: "không đọc được mật khẩu từ đầu vào chuẩn (cần một dòng)", en: "no password on standard input (one line expected)")
                    }
                    try await context.services.accounts.setPassword(of: id, to: line, by: actor, now: Date())
                    if global.json {
                        JSONOutput.print(.object(["id": .string(id), "set": .bool(true)]))
                    } else {
                        print(Text("Đã đặt mật khẩu cho \(id).", "Password set for \(id).")(global.lang))
                    }
                }
            }
        }

        /// `ocop user password reset USER --as WHO`: prints a temporary password, to be changed at the next sign-in.
        struct Reset: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Đặt lại mật khẩu tạm, in ra một lần; người dùng phải đổi khi đăng nhập (reset to a temporary password).")
            @Argument(help: "Mã người dùng (user id).") var id: String
            @Option(name: .customLong("as"), help: "Người thực hiện: ADMIN hoặc cán bộ phụ trách (who does it).") var actor: String
            @OptionGroup var global: GlobalOptions

            func run() async throws {
                await AppContext.run(global, registerWorkflows: false, domain: false) { context in
                    let temporary = try await context.services.accounts.resetPassword(of: id, by: actor, now: Date())
                    if global.json {
                        JSONOutput.print(.object(["id": .string(id), "temporaryPassword": .string(temporary), "mustChange": .bool(true)]))
                    } else {
                        print(
                            Text(
                                "Mật khẩu tạm của \(id): \(temporary)\nTrao trực tiếp cho người dùng; họ phải đổi mật khẩu khi đăng nhập.",
                                "Temporary password of \(id): \(temporary)\nHand it to the person; they must change it when they sign in.")(global.lang))
                    }
                }
            }
        }
    }

    /// `ocop user language USER vi|en --as WHO`: the language the dashboard and the CLI speak to the user.
    struct Language: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "language", abstract: "Ngôn ngữ của người dùng: vi hoặc en (the user's saved language).")
        @Argument(help: "Mã người dùng (user id).") var id: String
        @Argument(help: "vi hoặc en.") var language: String
        @Option(name: .customLong("as"), help: "Người thực hiện: chính người đó hoặc ADMIN (who does it).") var actor: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, registerWorkflows: false, domain: false) { context in
                try await context.services.accounts.setLanguage(of: id, to: language, by: actor)
                print(Text("Đã lưu ngôn ngữ \(language) cho \(id).", "Saved language \(language) for \(id).")(global.lang))
            }
        }
    }
}
