import ArgumentParser
import Foundation
import Store
import Workflow

/// `ocop user add|grant|revoke|list`: people and the roles they act in.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Người dùng và vai trò (users and roles).", subcommands: [Add.self, Grant.self, Revoke.self, List.self, Contact.self, Password.self, Language.self, TokenCommand.self])

    /// `ocop user add ID --name "…" [--lang vi|en]`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Thêm người dùng; --lang là ngôn ngữ của người đó (add a user; --lang is their language, and this output's).")

        @Argument(help: "Mã người dùng: chữ thường, số, . _ @ - (user id).")
        var id: String

        @Option(name: .customLong("name"), help: "Họ tên (full name).")
        var name: String

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, registerWorkflows: false, domain: false) { context in
                let language = (global.language ?? .vi).rawValue
                try await context.services.accounts.addUser(id: id, name: name, language: language)
                if global.json {
                    JSONOutput.print(.object(["id": .string(id), "name": .string(name), "language": .string(language)]))
                } else {
                    print(Text("Đã thêm người dùng \(id) (\(name)).", "Added user \(id) (\(name)).")(global.lang))
                }
            }
        }
    }

    /// The role and its scope, shared by grant and revoke.
    struct Scope: ParsableArguments {
        @Argument(help: "Mã người dùng (user id).")
        var id: String

        @Argument(help: "Vai trò, ví dụ HUYEN, VPDPT (role code).")
        var role: String

        @Option(name: .customLong("unit"), help: "Chỉ trong đơn vị hành chính này: mã hoặc tên (limited to a unit, by code or name).")
        var unit: String?

        @Option(name: .customLong("subject"), help: "Chỉ cho chủ thể này (limited to a subject).")
        var subject: String?

        @Option(name: .customLong("by"), help: "Người cấp hoặc thu hồi: phải có vai trò ADMIN (trừ khi cấp ADMIN đầu tiên) — who grants or revokes: an ADMIN.")
        var by: String

        var grant: UserStore.Grant { UserStore.Grant(role: role, unitCode: unit, subjectID: subject) }

        /// `HUYEN @ 760 / subject`.
        var text: String { role + (unit.map { " @ \($0)" } ?? "") + (subject.map { " / \($0)" } ?? "") }
    }

    /// `ocop user grant ID ROLE [--unit U] [--subject S] --by USER`.
    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cấp vai trò (grant a role).")
        @OptionGroup var scope: Scope
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, registerWorkflows: false, domain: false) { context in
                try await context.services.accounts.grant(scope.grant, to: scope.id, by: scope.by)
                UserCommand.report(scope, granted: true, global)
            }
        }
    }

    /// `ocop user revoke ID ROLE [--unit U] [--subject S] --by USER`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Thu hồi vai trò (revoke a role).")
        @OptionGroup var scope: Scope
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, registerWorkflows: false, domain: false) { context in
                try await context.services.accounts.revoke(scope.grant, from: scope.id, by: scope.by)
                UserCommand.report(scope, granted: false, global)
            }
        }
    }

    static func report(_ scope: Scope, granted: Bool, _ global: GlobalOptions) {
        if global.json {
            JSONOutput.print(
                .object([
                    "user": .string(scope.id), "role": .string(scope.role), "unitCode": .text(scope.unit), "subjectId": .text(scope.subject),
                    "by": .string(scope.by), "change": .string(granted ? "grant" : "revoke"),
                ]))
        } else if granted {
            print(Text("Đã cấp \(scope.text) cho \(scope.id).", "Granted \(scope.text) to \(scope.id).")(global.lang))
        } else {
            print(Text("Đã thu hồi \(scope.text) của \(scope.id).", "Revoked \(scope.text) from \(scope.id).")(global.lang))
        }
    }

    /// `ocop user list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Danh sách người dùng và vai trò (list users and roles).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, registerWorkflows: false, domain: false) { context in
                let list = try await context.services.accounts.listUsers()
                let lang = global.lang
                if global.json {
                    JSONOutput.print(
                        .array(
                            list.map { user in
                                .object([
                                    "id": .string(user.id), "name": .string(user.name), "language": .string(user.language),
                                    "active": .bool(user.active),
                                    "roles": .array(
                                        user.grants.map {
                                            .object(["role": .string($0.role), "unitCode": .text($0.unitCode), "subjectId": .text($0.subjectID)])
                                        }),
                                ])
                            }))
                    return
                }
                guard !list.isEmpty else {
                    print(Text("Chưa có người dùng nào.", "No users yet.")(lang))
                    return
                }
                var table = Table([Text("Mã", "ID")(lang), Text("Họ tên", "Name")(lang), Text("NN", "Lang")(lang), Text("Vai trò", "Roles")(lang)])
                for user in list {
                    let roles = user.grants.map { $0.role + ($0.unitCode.map { "@\($0)" } ?? "") + ($0.subjectID.map { "/\($0)" } ?? "") }
                    let name = user.active ? user.name : user.name + Text(" (đã khóa)", " (deactivated)")(lang)
                    table.add([user.id, name, user.language, roles.isEmpty ? "—" : roles.joined(separator: ", ")])
                }
                print(table.render())
            }
        }
    }
}
