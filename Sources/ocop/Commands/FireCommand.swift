import ArgumentParser
import Foundation
import Store
import Workflow

/// `ocop fire ID EVENT --as USER …`: fires one event on one instance.
struct FireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fire",
        abstract: "Thực hiện một sự kiện trên hồ sơ (fire an event on an instance).",
        discussion: """
            Bị từ chối: in mọi lý do, mã thoát 4. Phiên bản đã đổi (--expect-version): mã thoát 5.
            Rejected: every reason is printed, exit 4. Stale --expect-version: exit 5.
            --input: 70 → số nguyên, 72.50 → số thập phân chính xác, true/false → bool, còn lại → chuỗi; khoá:=JSON cho JSON.
            """)

    @Argument(help: "Số hồ sơ (instance id).")
    var id: Int64

    @Argument(help: "Sự kiện, ví dụ submit (event name).")
    var event: String

    @Option(name: .customLong("as"), help: "Người thực hiện (user id).")
    var user: String

    @Option(name: .customLong("role"), help: "Vai trò dùng (role to act in).")
    var role: String?

    @Option(name: .customLong("on-behalf-of"), help: "Thực hiện thay cho chủ thể (acting for a subject).")
    var onBehalfOf: String?

    @Option(name: .customLong("input"), help: "Dữ liệu khoá=giá_trị hoặc khoá:=JSON, lặp lại được (event input).")
    var inputs: [String] = []

    @Option(name: .customLong("comment"), help: "Ghi chú (comment).")
    var comment: String?

    @Option(name: .customLong("legal-ref"), help: "Số và ngày quyết định (decision reference).")
    var legalRef: String?

    @Option(name: .customLong("expect-version"), help: "Phiên bản hồ sơ bạn đã xem; khác thì từ chối (expected version).")
    var expectVersion: Int?

    @Option(name: .customLong("idempotency-key"), help: "Khoá chống lặp: gửi lại cùng khoá không thực hiện lần hai.")
    var idempotencyKey: String?

    @OptionGroup var time: BusinessTimeOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        await AppContext.run(global) { context in
            let input = try InputArguments.parse(inputs)
            let now = try time.resolve()
            let caller = context.caller(user, role: role, onBehalfOf: onBehalfOf)
            let result = try await context.services.workflows.fire(
                EventRequest(
                    instanceID: id, event: event, input: input, comment: comment, legalRef: legalRef, expectedVersion: expectVersion,
                    idempotencyKey: idempotencyKey),
                as: caller, at: now)
            let definition = try await context.services.workflows.status(id, as: context.caller(user), at: now).definition
            if global.json {
                JSONOutput.print(
                    .object([
                        "instanceId": .int(result.instanceID), "event": .string(result.event), "from": .string(result.fromState),
                        "to": .string(result.toState), "toLabel": .label(definition.state(result.toState)?.label),
                        "version": .number(result.version), "replayed": .bool(result.replayed), "at": .time(now),
                    ]))
                return
            }
            let lang = global.lang
            let from = context.stateText(result.fromState, in: definition)
            let to = context.stateText(result.toState, in: definition)
            if result.replayed {
                print(
                    Text(
                        "Yêu cầu này đã được thực hiện trước đó (khoá \(idempotencyKey ?? "")): "
                            + "\(result.event) \(from) → \(to), phiên bản \(result.version).",
                        "This request was already done (key \(idempotencyKey ?? "")): \(result.event) \(from) → \(to), version \(result.version).")(
                            lang))
            } else {
                print(
                    Text(
                        "Hồ sơ \(result.instanceID): \(result.event) \(from) → \(to), phiên bản \(result.version).",
                        "Instance \(result.instanceID): \(result.event) \(from) → \(to), version \(result.version).")(lang))
            }
        }
    }
}
