import ArgumentParser
import Foundation
import Store
import Workflow

extension UserCommand {
    /// `ocop user contact USER [--email …] [--phone …] [--webhook URL [--webhook-secret S]] [--opt-out CH] [--opt-in CH] --as WHO`.
    struct Contact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cách liên lạc và từ chối nhận theo kênh (contact and opt-out per channel); không có tùy chọn: xem.",
            discussion: """
                Do chính người dùng hoặc quản trị viên (ADMIN) đặt. "" xóa một trường. Webhook mới không kèm --webhook-secret thì
                được cấp một khóa ngẫu nhiên, in ra một lần: bên nhận dùng nó để kiểm tra chữ ký X-OCOP-Signature.
                Set by the user themself or an administrator. "" clears a field. A new webhook without --webhook-secret gets a
                random secret, printed once: the receiver checks X-OCOP-Signature with it. Channels: email, webhook.
                """)

        @Argument(help: "Mã người dùng (user id).") var id: String
        @Option(name: .customLong("email"), help: "Địa chỉ e-mail.") var email: String?
        @Option(name: .customLong("phone"), help: "Số điện thoại (gửi kèm webhook cho cổng SMS/Zalo).") var phone: String?
        @Option(name: .customLong("webhook"), help: "URL webhook (http:// hoặc https://).") var webhook: String?
        @Option(name: .customLong("webhook-secret"), help: "Khóa ký HMAC-SHA256 của webhook (signing secret).") var webhookSecret: String?
        @Option(name: .customLong("opt-out"), help: "Không nhận qua kênh này: email, webhook (lặp lại được).") var optOut: [String] = []
        @Option(name: .customLong("opt-in"), help: "Nhận lại qua kênh này.") var optIn: [String] = []
        @Option(
            name: .customLong("digest"),
            help: "on: một e-mail tóm tắt mỗi ngày (7:00) thay cho từng e-mail; off: từng e-mail (daily summary on/off).")
        var digest: String?
        @Option(name: .customLong("as"), help: "Người thực hiện: chính người đó hoặc ADMIN (who does it).") var actor: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, registerWorkflows: false, domain: false) { context in
                let daily: Bool? = try digest.map { text in
                    switch text.lowercased() {
                    case "on", "bật", "bat", "yes", "true": return true
                    case "off", "tắt", "tat", "no", "false": return false
                    default: throw CommandError.badInput(vi: "--digest \"\(text)\": chọn on hoặc off", en: "--digest \"\(text)\": choose on or off")
                    }
                }
                let change = OutboxService.ContactChange(
                    email: email, phone: phone, webhookURL: webhook, webhookSecret: webhookSecret, optOut: optOut, optIn: optIn, digest: daily)
                let viewOnly = change == OutboxService.ContactChange()
                let result: (contact: OutboxService.Contact, newSecret: String?) =
                    viewOnly
                    ? (try await context.services.outbox.contact(of: id, by: actor), nil)
                    : try await context.services.outbox.setContact(of: id, change, by: actor, now: Date())
                let contact = result.contact
                let lang = global.lang
                if global.json {
                    JSONOutput.print(
                        .object([
                            "user": .string(contact.userID), "email": .text(contact.email), "phone": .text(contact.phone),
                            "webhook": .text(contact.webhookURL), "optOut": .array(contact.optOut.map(JSONValue.string)),
                            "webhookSecret": .text(result.newSecret), "digest": .bool(contact.digest),
                        ]))
                    return
                }
                var fields = Fields()
                fields.add(Text("Người dùng", "User")(lang), contact.userID)
                fields.add("E-mail", contact.email ?? "—")
                fields.add(Text("Điện thoại", "Phone")(lang), contact.phone ?? "—")
                fields.add("Webhook", contact.webhookURL ?? "—")
                fields.add(Text("Không nhận qua", "Opted out of")(lang), contact.optOut.isEmpty ? "—" : contact.optOut.joined(separator: ", "))
                fields.add(Text("E-mail tóm tắt hằng ngày", "Daily digest")(lang), contact.digest ? Text("có", "on")(lang) : Text("không", "off")(lang))
                print(fields.render())
                if let secret = result.newSecret {
                    print(Text("Khóa ký webhook (chỉ hiện một lần): \(secret)", "Webhook signing secret (shown once): \(secret)")(lang))
                }
            }
        }
    }
}
