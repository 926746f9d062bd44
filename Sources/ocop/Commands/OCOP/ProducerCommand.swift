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
                    JSONOutput.print(
                        .array(
                            items.map { item in
                                .object([
                                    "kind": .string(item.kind), "id": .int(item.row.id), "name": .string(item.row.name),
                                    "subjectName": .string(item.row.subjectName), "state": .string(item.row.state),
                                    "stateLabel": .label(item.row.stateLabel),
                                    "missing": .array(item.missing.map { .object(["vi": .string($0.vi), "en": .string($0.en)]) }),
                                    "nextDeadline": item.nextDeadline.map { .object(["event": .label($0.label), "at": .time($0.at)]) } ?? .null,
                                    "deadlines": .array(item.deadlines.map { .object(["event": .label($0.label), "at": .time($0.at)]) }),
                                    "notifications": .array(
                                        messages.filter { item.relatedIDs.contains($0.instanceID) }.map { message in
                                            .object([
                                                "subject": .text(message.subject), "channel": .text(message.channel), "status": .string(message.status),
                                                "at": .time(message.deliveredAt ?? message.createdAt),
                                            ])
                                        }),
                                ])
                            }))
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
                    for (index, deadline) in item.deadlines.enumerated() {
                        fields.add(
                            "  " + (index == 0 ? Text("Hạn kế tiếp", "Next deadline")(lang) : Text("Hạn sau đó", "Then")(lang)),
                            "\(VietnamClock.screen(deadline.at)) — \(deadline.label.text(lang))")
                    }
                    print(fields.render())
                }
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
