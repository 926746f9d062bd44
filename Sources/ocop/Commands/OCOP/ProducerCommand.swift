import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// `ocop producer status --as USER`: the producer's view of every idea and product.
struct ProducerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "producer", abstract: "Góc nhìn của chủ thể (the producer's view).", subcommands: [Status.self])

    /// Every idea and product of the user's subjects: stage, what is missing, next deadline.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mọi ý tưởng và sản phẩm: giai đoạn, hồ sơ còn thiếu, hạn kế tiếp (stage, missing items, next deadline).")
        @Option(name: .customLong("as"), help: "Người dùng (chủ thể hoặc cán bộ).") var user: String
        @OptionGroup var time: BusinessTimeOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { context, service in
                let today = OCOPCommand.today(try time.resolve())
                let items = try await service.producerStatus(for: user, today: today)
                let messages = try await context.services.outbox.messages(to: user, limit: 50)
                let lang = global.lang
                if global.json {
                    JSONOutput.print(ProducerStatusDocument.json(items, messages: messages))
                    return
                }
                defer { Self.printMessages(messages, lang) }
                guard !items.isEmpty else {
                    print(Text("Chưa có ý tưởng hay sản phẩm nào.", "No ideas or products yet.")(lang))
                    return
                }
                for item in items {
                    let kind = item.kind == "idea" ? Text("Ý tưởng", "Idea")(lang) : Text("Sản phẩm", "Product")(lang)
                    print("\(kind) \(item.row.id): \(item.row.name) — \(item.row.subjectName)")
                    var fields = Fields()
                    fields.add("  " + Text("Giai đoạn", "Stage")(lang), "\(item.row.stateLabel.text(lang)) (\(item.row.state))")
                    if let star = item.row.fields["star"] ?? nil { fields.add("  " + Text("Hạng sao", "Star")(lang), "\(star)★") }
                    if !item.missing.isEmpty {
                        fields.add(
                            "  " + Text("Hồ sơ còn thiếu", "Missing")(lang), item.missing.map { lang == .vi ? $0.vi : $0.en }.joined(separator: "; "))
                    }
                    for score in item.details.scores {
                        fields.add(
                            "  " + Text("Điểm hội đồng", "Council score")(lang),
                            "\(Self.level(score.level, lang)), " + Text("vòng", "round")(lang) + " \(score.round): \(score.average) "
                                + Text("điểm", "points")(lang) + " (\(score.bandStar)★, \(score.sheets) " + Text("phiếu", "sheets")(lang) + ", "
                                + VietnamClock.day(score.ratedOn) + ")")
                    }
                    for certificate in item.details.certificates {
                        fields.add(
                            "  " + Text("Giấy chứng nhận", "Certificate")(lang),
                            "\(certificate.star)★ \(certificate.decisionRef), " + Text("hiệu lực", "valid")(lang) + " "
                                + VietnamClock.day(certificate.issuedOn) + "–" + VietnamClock.day(certificate.expiresOn) + " — "
                                + certificate.stateLabel.text(lang))
                    }
                    for claim in item.details.claims {
                        var text = "\(claim.policy) (\(claim.star)★): \(claim.amount.text.text(lang)) — \(claim.stateLabel.text(lang))"
                        if let paid = claim.paid {
                            text += "; " + Text("đã chi", "paid")(lang) + " \(paid.text.text(lang))"
                            if let day = claim.paidOn { text += " " + Text("ngày", "on")(lang) + " " + VietnamClock.day(day) }
                        }
                        fields.add("  " + Text("Hỗ trợ", "Support")(lang), text)
                    }
                    for reason in item.details.reasons {
                        var text = "\(VietnamClock.screen(reason.at)) \(reason.eventLabel.text(lang))"
                        if !reason.reason.isEmpty { text += ": \(reason.reason)" }
                        if let legal = reason.legalRef { text += " (\(legal))" }
                        fields.add("  " + Text("Trả lại / từ chối", "Returned / refused")(lang), text)
                    }
                    for (index, deadline) in item.deadlines.enumerated() {
                        fields.add(
                            "  " + (index == 0 ? Text("Hạn kế tiếp", "Next deadline")(lang) : Text("Hạn sau đó", "Then")(lang)),
                            "\(VietnamClock.screen(deadline.at)) — \(deadline.label.text(lang))")
                    }
                    print(fields.render())
                }
            }
        }

        /// A council level by name.
        static func level(_ code: String, _ lang: Language) -> String {
            switch code {
            case "district": return Text("Hội đồng cấp huyện", "District council")(lang)
            case "province": return Text("Hội đồng cấp tỉnh", "Province council")(lang)
            case "central": return Text("Hội đồng Trung ương", "Central council")(lang)
            default: return code
            }
        }

        /// The notifications sent (or waiting to be sent) to the user, newest first.
        static func printMessages(_ messages: [OutboxService.Entry], _ lang: Language) {
            guard !messages.isEmpty else { return }
            print(Text("Thông báo gửi cho bạn:", "Notifications to you:")(lang))
            for message in messages {
                let when = VietnamClock.screen(message.deliveredAt ?? message.createdAt)
                print("  \(when)  \(message.channel ?? "—")  \(OutboxCommand.statusText(message.status, lang))  \(message.subject ?? "")")
            }
        }
    }
}
