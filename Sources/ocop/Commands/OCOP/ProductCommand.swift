import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// `ocop product …`: products and their star rating, DOMAIN §6.3.
struct ProductCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "product",
        abstract: "Sản phẩm OCOP: phương án, hồ sơ, đánh giá, công nhận (products and rating).",
        subcommands: [
            Start.self, Plan.self, ApprovePlan.self, DossierCommand.self, DocumentCommand.self, DocumentsCommand.self, Submit.self, FieldCheck.self, Propose.self, RateCommand.self,
            RouteCommand.self, CertifyCommand.self, Resume.self, List.self,
        ])

    /// `ocop product start --idea ID`.
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tạo sản phẩm từ ý tưởng đã được chấp thuận (start from an approved idea).")
        @Option(help: "Số ý tưởng đã được chấp thuận.") var idea: Int64
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                let id = try await service.startProduct(fromIdea: idea, by: acting.user, now: now)
                return (Text("Đã tạo sản phẩm số \(id) từ ý tưởng \(idea).", "Product \(id) started from idea \(idea)."), ["id": .int(id)])
            }
        }
    }

    /// `ocop product plan ID --business-plan REF`.
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Nộp phương án SXKD (biểu 03) — submit the business plan.")
        @Argument(help: "Số sản phẩm.") var id: Int64
        @Option(name: .customLong("business-plan"), help: "Phương án sản xuất kinh doanh.") var businessPlan: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.submitPlan(id, businessPlan: businessPlan, by: acting.user, now: now)
                return (Text("Sản phẩm \(id): đã nộp phương án SXKD.", "Product \(id): business plan submitted."), ["id": .int(id)])
            }
        }
    }

    /// `ocop product approve-plan ID`.
    struct ApprovePlan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve-plan", abstract: "Thông qua phương án SXKD; sản phẩm vào giai đoạn triển khai (approve the plan).")
        @Argument(help: "Số sản phẩm.") var id: Int64
        @Option(help: "Ý kiến.") var note: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.approvePlan(id, note: note, by: acting.user, now: now)
                return (Text("Sản phẩm \(id): đang triển khai, hoàn thiện.", "Product \(id): developing."), ["id": .int(id)])
            }
        }
    }

    /// `ocop product submit ID [--round R]`.
    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Nộp hồ sơ đánh giá, phân hạng; bộ tiêu chí theo ngày nộp (submit for rating; rule set by date).")
        @Argument(help: "Số sản phẩm.") var id: Int64
        @Option(help: "Đợt đánh giá, ví dụ \"đợt 12/2022\".") var round: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, service in
                let now = try acting.time.resolve()
                let ruleSet = try await service.submitForRating(id, round: round, by: acting.user, now: now)
                OCOPCommand.done(
                    global,
                    Text("Sản phẩm \(id): đã nộp hồ sơ đánh giá theo \(ruleSet.id).", "Product \(id): submitted for rating under \(ruleSet.id)."),
                    json: ["id": .int(id), "ruleSet": .string(ruleSet.id)])
            }
        }
    }

    /// `ocop product field-check ID --report REF`.
    struct FieldCheck: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "field-check", abstract: "Kiểm tra thực tế của tổ giúp việc (field check).")
        @Argument(help: "Số sản phẩm.") var id: Int64
        @Option(help: "Biên bản kiểm tra thực tế.") var report: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.fieldCheck(id, reportRef: report, by: acting.user, now: now)
                return (Text("Sản phẩm \(id): đã kiểm tra thực tế.", "Product \(id): field-checked."), ["id": .int(id)])
            }
        }
    }

    /// `ocop product propose ID --letter REF` (the commune, under ocop-148-1489).
    struct Propose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Xã đề xuất cấp tỉnh đánh giá (commune proposes; ocop-148-1489).")
        @Argument(help: "Số sản phẩm.") var id: Int64
        @Option(help: "Số tờ trình.") var letter: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.proposeToProvince(id, letterRef: letter, by: acting.user, now: now)
                return (Text("Sản phẩm \(id): đã đề xuất cấp tỉnh.", "Product \(id): proposed to the province."), ["id": .int(id)])
            }
        }
    }

    /// `ocop product resume ID`.
    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Quay lại hoàn thiện sản phẩm sau khi không được công nhận (back to development).")
        @Argument(help: "Số sản phẩm.") var id: Int64
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                try await service.resumeDevelopment(id, by: acting.user, now: now)
                return (Text("Sản phẩm \(id): tiếp tục hoàn thiện.", "Product \(id): back to development."), ["id": .int(id)])
            }
        }
    }

    /// `ocop product list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Danh sách sản phẩm trong phạm vi của người dùng (list products).")
        @Option(name: .customLong("as"), help: "Người xem (user id).") var user: String
        @OptionGroup var time: BusinessTimeOptions
        @OptionGroup var output: ListOutputOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, service in
                let today = OCOPCommand.today(try time.resolve())
                let list = OCOPList.products(today: today)
                let rows = try await service.list(list, as: Caller(user))
                try OCOPCommand.printRows(rows, list: list, output, global)
            }
        }
    }
}
