import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// `ocop certificate list [--expiring 90d]`.
struct CertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate", abstract: "Giấy chứng nhận sản phẩm OCOP (certificates).", subcommands: [List.self, Revoke.self])

    /// `ocop certificate list --as USER [--expiring 90d]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Danh sách giấy chứng nhận; --expiring 90d: sắp hết hiệu lực trong 90 ngày.")
        @Option(help: "Sắp hết hiệu lực trong N ngày, ví dụ 90d (expiring within N days).") var expiring: String?
        @Option(name: .customLong("as"), help: "Người xem (user id).") var user: String
        @OptionGroup var time: BusinessTimeOptions
        @OptionGroup var output: ListOutputOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, service in
                let today = OCOPCommand.today(try time.resolve())
                let days = try expiring.map { text -> Int in
                    let digits = text.hasSuffix("d") ? String(text.dropLast()) : text
                    guard let days = Int(digits), days > 0 else {
                        throw CommandError.badInput(
                            vi: "--expiring \"\(text)\": dùng số ngày, ví dụ 90d", en: "--expiring \"\(text)\": use days, e.g. 90d")
                    }
                    return days
                }
                let list = OCOPList.certificates(expiringWithin: days, today: today)
                var rows = try await service.list(list, as: Caller(user))
                if !global.json {
                    // On screen the level reads "cấp tỉnh"; JSON keeps the code.
                    for index in rows.indices {
                        if let level = rows[index].fields["level"].flatMap(CouncilLevel.init(rawValue:)) {
                            rows[index].fields["level"] = global.lang == .vi ? level.name.vi : level.name.en
                        }
                    }
                }
                try OCOPCommand.printRows(rows, list: list, output, global)
            }
        }
    }
}
