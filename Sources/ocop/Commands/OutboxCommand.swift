import ArgumentParser
import Dispatch
import Foundation
import Logging
import Store
import Workflow

/// `ocop outbox run|list|retry`: the outbox relay that delivers notifications (e-mail, webhooks).
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Hộp thư đi: gửi thông báo (e-mail, webhook), xem và gửi lại (the outbox relay).",
        subcommands: [Run.self, List.self, Retry.self])

    /// The relay's tuning, on top of the environment's (`OCOP_OUTBOX_*`, `OCOP_SENDMAIL`, `OCOP_MAIL_FROM`).
    struct Tuning: ParsableArguments {
        @Option(name: .customLong("batch"), help: "Số dòng mỗi giao dịch (rows per transaction; OCOP_OUTBOX_BATCH, default 10).")
        var batch: Int?
        @Option(name: .customLong("max-attempts"), help: "Số lần thử trước khi tạm dừng dòng (attempts before parking; default 8).")
        var maxAttempts: Int?
        @Option(name: .customLong("backoff-base"), help: "Giây chờ trước lần thử lại đầu (first retry delay, seconds; default 30).")
        var backoffBase: Double?
        @Option(name: .customLong("backoff-cap"), help: "Giây chờ tối đa giữa hai lần thử (longest retry delay, seconds; default 21600).")
        var backoffCap: Double?

        func apply(to base: OutboxRelay.Configuration) throws -> OutboxRelay.Configuration {
            var configuration = base
            if let batch {
                guard (1...1000).contains(batch) else { throw CommandError.badInput(vi: "--batch phải từ 1 đến 1000", en: "--batch must be 1 to 1000") }
                configuration.batchSize = batch
            }
            if let maxAttempts {
                guard (1...100).contains(maxAttempts) else {
                    throw CommandError.badInput(vi: "--max-attempts phải từ 1 đến 100", en: "--max-attempts must be 1 to 100")
                }
                configuration.maxAttempts = maxAttempts
            }
            for (name, value) in [("--backoff-base", backoffBase), ("--backoff-cap", backoffCap)] {
                if let value, !(0...604_800).contains(value) {
                    throw CommandError.badInput(vi: "\(name) phải từ 0 đến 604800 giây", en: "\(name) must be 0 to 604800 seconds")
                }
            }
            if let backoffBase { configuration.backoffBase = backoffBase }
            if let backoffCap { configuration.backoffCap = backoffCap }
            return configuration
        }
    }

    /// `ocop outbox run [--once]`.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Gửi các thông báo đến hạn (deliver what is due).",
            discussion: """
                --once: gửi hết những gì đến hạn rồi thoát. Không có --once: chạy mãi, thức dậy khi có sự kiện mới (NOTIFY) hoặc
                đến lần thử lại kế tiếp (tối đa 30 giây); Ctrl-C hoặc SIGTERM dừng gọn. Nhiều tiến trình có thể chạy cùng lúc.
                --once: deliver what is due, then exit. Otherwise keeps running, waking on new events (NOTIFY) or at the next
                retry (at most 30 s); SIGINT/SIGTERM stop it cleanly. Several relays may run at once: no row is sent by two.
                E-mail: OCOP_SENDMAIL (default "/usr/sbin/sendmail -t -i"), OCOP_MAIL_FROM. Webhooks: ocop user contact.
                """)

        @Flag(name: .customLong("once"), help: "Một lượt rồi thoát (one pass, then exit).")
        var once = false
        @OptionGroup var tuning: Tuning
        @OptionGroup var listen: ListenOption
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let routing = DatabaseRouting(listenDatabaseURL: listen.listenDatabaseURL)
            await AppContext.run(global, domain: false, cancelOnSignals: false, routing: routing) { context in
                let lang = global.lang
                let configuration = try tuning.apply(to: context.services.outbox.configuration)
                if once {
                    let pass = try await context.services.outbox.runDue(configuration: configuration)
                    print(OutboxCommand.summary(pass, json: global.json, lang))
                    return
                }
                try await OutboxLoop(context: context, configuration: configuration, json: global.json, language: lang).run()
            }
        }
    }

    /// `ocop outbox list [--failed] [--limit N]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Các dòng chưa gửi; --failed: chỉ dòng lỗi hoặc tạm dừng (undelivered rows; --failed: failing or parked).")
        @Flag(name: .customLong("failed"), help: "Chỉ dòng đã lỗi hoặc bị tạm dừng (only failing or parked rows).")
        var failed = false
        @Option(name: .customLong("limit"), help: "Số dòng tối đa (default 50).")
        var limit = 50
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, registerWorkflows: false, domain: false) { context in
                let entries = try await context.services.outbox.list(failedOnly: failed, limit: limit)
                let lang = global.lang
                if global.json {
                    JSONOutput.print(.array(entries.map(OutboxCommand.json)))
                    return
                }
                guard !entries.isEmpty else {
                    print(Text("Hộp thư đi trống: mọi thứ đã được gửi.", "The outbox is empty: everything was delivered.")(lang))
                    return
                }
                var table = Table(
                    [
                        Text("Số", "ID")(lang), Text("Loại", "Kind")(lang), Text("Hồ sơ", "Record")(lang), Text("Người nhận", "To")(lang),
                        Text("Kênh", "Channel")(lang), Text("Tình trạng", "Status")(lang), Text("Lần thử", "Tries")(lang),
                        Text("Thử lại lúc", "Next try")(lang), Text("Lỗi", "Error")(lang),
                    ], rightAligned: [0, 2, 6])
                for entry in entries {
                    table.add([
                        "\(entry.id)", entry.kind, "\(entry.instanceID)", entry.recipient ?? "—", entry.channel ?? "—",
                        OutboxCommand.statusText(entry.status, lang), "\(entry.attempts)",
                        entry.parkedAt == nil ? VietnamClock.screen(entry.nextAttemptAt) : "—", entry.lastError ?? "",
                    ])
                }
                print(table.render())
            }
        }
    }

    /// `ocop outbox retry ID --as ADMIN`.
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Gửi lại một dòng bị tạm dừng hoặc đang lỗi, ngay bây giờ (retry a parked or failing row now; ADMIN).")
        @Argument(help: "Số dòng (outbox row id).") var id: Int64
        @Option(name: .customLong("as"), help: "Quản trị viên (an ADMIN).") var user: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, registerWorkflows: false, domain: false) { context in
                try await context.services.outbox.retry(id, by: user, now: Date())
                if global.json {
                    JSONOutput.print(.object(["id": .int(id), "status": .string("pending")]))
                } else {
                    print(Text("Dòng \(id) sẽ được gửi lại ở lượt chạy kế tiếp.", "Row \(id) will be retried on the relay's next pass.")(global.lang))
                }
            }
        }
    }

    static func statusText(_ status: String, _ lang: Language) -> String {
        switch status {
        case "delivered": Text("đã gửi", "delivered")(lang)
        case "parked": Text("tạm dừng", "parked")(lang)
        case "failed": Text("lỗi, sẽ thử lại", "failed, will retry")(lang)
        default: Text("chờ gửi", "pending")(lang)
        }
    }

    static func json(_ entry: OutboxService.Entry) -> JSONValue {
        .object([
            "id": .int(entry.id), "kind": .string(entry.kind), "instanceId": .int(entry.instanceID),
            "recipient": entry.recipient.map(JSONValue.string) ?? .null, "channel": entry.channel.map(JSONValue.string) ?? .null,
            "template": entry.template.map(JSONValue.string) ?? .null, "subject": entry.subject.map(JSONValue.string) ?? .null,
            "status": .string(entry.status), "attempts": .int(Int64(entry.attempts)), "createdAt": .time(entry.createdAt),
            "nextAttemptAt": .time(entry.nextAttemptAt), "deliveredAt": .time(entry.deliveredAt),
            "parkedAt": .time(entry.parkedAt), "lastError": entry.lastError.map(JSONValue.string) ?? .null,
            "deliveryId": .string(entry.deliveryID.uuidString.lowercased()),
        ])
    }

    static func summary(_ pass: OutboxRelay.Pass, json: Bool, _ lang: Language) -> String {
        if json {
            return JSONOutput.render(
                .object([
                    "delivered": .int(Int64(pass.delivered)), "failed": .int(Int64(pass.failed)), "parked": .int(Int64(pass.parked)),
                    "expanded": .int(Int64(pass.expanded)), "skipped": .int(Int64(pass.skipped)),
                ]))
        }
        return Text(
            "Đã gửi \(pass.delivered), lỗi \(pass.failed), tạm dừng \(pass.parked), sự kiện đã xử lý \(pass.expanded), bỏ qua \(pass.skipped).",
            "Delivered \(pass.delivered), failed \(pass.failed), parked \(pass.parked), events handled \(pass.expanded), skipped \(pass.skipped).")(lang)
    }
}

/// The long-running loop of `ocop outbox run`: deliver what is due, sleep until the next retry, a NOTIFY or a signal.
struct OutboxLoop {
    let context: AppContext
    let configuration: OutboxRelay.Configuration
    let json: Bool
    let language: Language

    func run() async throws {
        let outbox = context.services.outbox
        FileHandle.standardError.write(Data((Text("Đang gửi thông báo; Ctrl-C để dừng.", "Delivering notifications; Ctrl-C to stop.")(language) + "\n").utf8))
        try await WakeLoop(listening: "events", logger: context.logger, wakeUps: { outbox.wakeUps() }) {
            let pass = try await outbox.runDue(configuration: configuration)
            if !pass.isEmpty { FileHandle.standardOutput.write(Data((OutboxCommand.summary(pass, json: json, language) + "\n").utf8)) }
            return try await outbox.nextDue()
        }.run()
    }
}
