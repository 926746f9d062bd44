import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// `ocop claim allocate|submit|accept|pay|list`: support claims and acceptance (nghiệm thu), §3 and §6.5.
struct ClaimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim", abstract: "Hồ sơ hỗ trợ sản phẩm đạt sao: phân bổ, nộp hồ sơ, nghiệm thu, thanh toán (support claims).",
        subcommands: [Allocate.self, Submit.self, Return.self, Accept.self, Reject.self, Pay.self, List.self])

    /// `ocop claim allocate ID --decision 901/QĐ-UBND --decision-date 29/04/2022`.
    struct Allocate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Quyết định phân bổ kinh phí (allocation decision).")
        @Argument(help: "Số hồ sơ hỗ trợ.") var id: Int64
        @Option(help: "Số quyết định.") var decision: String
        @Option(name: .customLong("decision-date"), help: "Ngày quyết định.") var decisionDate: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                let ref = try OCOPCommand.decision(decision, date: decisionDate, now: now)
                try await service.allocateClaim(id, decision: ref, by: acting.user, now: now)
                return (Text("Hồ sơ hỗ trợ \(id): đã phân bổ kinh phí.", "Claim \(id): funds allocated."), ["id": .int(id)])
            }
        }
    }

    /// `ocop claim submit ID --dossier REF`.
    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Nộp hồ sơ đề nghị hỗ trợ (submit the claim dossier).")
        @Argument(help: "Số hồ sơ hỗ trợ.") var id: Int64
        @Option(help: "Hồ sơ đề nghị hỗ trợ.") var dossier: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.submitClaim(id, dossierRef: dossier, by: acting.user, now: now)
                return (Text("Hồ sơ hỗ trợ \(id): đã nộp.", "Claim \(id): dossier submitted."), ["id": .int(id)])
            }
        }
    }

    /// `ocop claim return ID --reason R`.
    struct Return: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Trả lại hồ sơ để bổ sung (return the dossier for completion).")
        @Argument(help: "Số hồ sơ hỗ trợ.") var id: Int64
        @Option(help: "Nội dung cần bổ sung.") var reason: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.returnClaim(id, reason: reason, by: acting.user, now: now)
                return (Text("Hồ sơ hỗ trợ \(id): đã trả lại để bổ sung.", "Claim \(id): dossier returned."), ["id": .int(id)])
            }
        }
    }

    /// `ocop claim reject ID --reason R`.
    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Không hỗ trợ, nêu lý do (reject the claim).")
        @Argument(help: "Số hồ sơ hỗ trợ.") var id: Int64
        @Option(help: "Lý do.") var reason: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.rejectClaim(id, reason: reason, by: acting.user, now: now)
                return (Text("Hồ sơ hỗ trợ \(id): không được hỗ trợ.", "Claim \(id): rejected."), ["id": .int(id)])
            }
        }
    }

    /// `ocop claim accept ID --minutes REF`.
    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Nghiệm thu với biên bản (accept, nghiệm thu).")
        @Argument(help: "Số hồ sơ hỗ trợ.") var id: Int64
        @Option(help: "Biên bản nghiệm thu.") var minutes: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.acceptClaim(id, minutesRef: minutes, by: acting.user, now: now)
                return (Text("Hồ sơ hỗ trợ \(id): đã nghiệm thu.", "Claim \(id): accepted."), ["id": .int(id), "state": "ACCEPTED"])
            }
        }
    }

    /// `ocop claim pay ID --voucher REF [--amount N]`.
    struct Pay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Thanh toán, quyết toán (pay and settle).")
        @Argument(help: "Số hồ sơ hỗ trợ.") var id: Int64
        @Option(help: "Chứng từ thanh toán.") var voucher: String
        @Option(help: "Số tiền đã chi, bằng đồng: 30.000.000, 30,000,000, 30 triệu, 30tr (mặc định: mức hỗ trợ).") var amount: String?
        @Option(name: .customLong("overpayment-reason"), help: "Lý do khi chi vượt mức hỗ trợ (bắt buộc khi vượt).")
        var overpaymentReason: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                let paid = try amount.map { text throws -> VND in
                    do { return try VND.parse(text) } catch let error as VND.ParseError {
                        throw CommandError.badInput(vi: "--amount: \(error.message.vi)", en: "--amount: \(error.message.en)")
                    }
                }
                let settled = try await service.payClaim(
                    id, paymentRef: voucher, amountPaid: paid, overpaymentReason: overpaymentReason, by: acting.user, now: now)
                return (
                    Text(
                        "Hồ sơ hỗ trợ \(id): đã thanh toán \(settled.text.vi), quyết toán.",
                        "Claim \(id): paid \(settled.text.en) and settled."),
                    ["id": .int(id), "amountPaid": .int(settled.dong)]
                )
            }
        }
    }

    /// `ocop claim list --as USER`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Danh sách hồ sơ hỗ trợ (list claims).")
        @Option(name: .customLong("as"), help: "Người xem (user id).") var user: String
        @OptionGroup var output: ListOutputOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, service in
                let rows = try await service.list(.claims, as: Caller(user))
                try OCOPCommand.printRows(rows, list: .claims, output, global)
            }
        }
    }
}
