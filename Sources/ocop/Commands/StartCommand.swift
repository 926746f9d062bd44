import ArgumentParser
import Foundation
import Store
import Workflow

/// `ocop start WORKFLOW --as USER …`: creates an instance of the current version of a workflow.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Tạo hồ sơ mới của một quy trình (start an instance of a workflow).")

    @Argument(help: "Tên quy trình, ví dụ product_idea (workflow name).")
    var workflow: String

    @Option(name: .customLong("as"), help: "Người thực hiện (user id).")
    var user: String

    @Option(name: .customLong("role"), help: "Vai trò dùng, nếu người dùng có nhiều vai trò (role to act in).")
    var role: String?

    @Option(name: .customLong("input"), help: "Dữ liệu ban đầu khoá=giá_trị hoặc khoá:=JSON, lặp lại được (initial data).")
    var inputs: [String] = []

    @Option(name: .customLong("subject"), help: "Chủ thể OCOP của hồ sơ (producer id).")
    var subject: String?

    @Option(name: .customLong("unit"), help: "Đơn vị hành chính: mã hoặc tên, có hay không dấu (unit code or name).")
    var unit: String?

    @Option(name: .customLong("comment"), help: "Ghi chú (comment).")
    var comment: String?

    @OptionGroup var time: BusinessTimeOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        await AppContext.run(global) { context in
            let data = try InputArguments.parse(inputs)
            let now = try time.resolve()
            let record = try await context.services.workflows.start(
                StartRequest(workflow: workflow, data: data, subjectID: subject, unitCode: unit, comment: comment), as: context.caller(user, role: role),
                at: now)
            let definition = try await context.services.workflows.definition(record.definitionID)
            let view = InstanceView(record: record, definition: definition, language: global.lang)
            if global.json {
                JSONOutput.print(.object(view.json))
            } else {
                print(Text("Đã tạo hồ sơ \(record.id).", "Created instance \(record.id).")(global.lang))
                print(view.fields().render())
            }
        }
    }
}
