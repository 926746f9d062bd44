import ArgumentParser
import Foundation
import Store
import Workflow

/// `ocop list [filters]`: instances by id, a page at a time.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Danh sách hồ sơ theo quy trình, trạng thái, chủ thể, đơn vị (list instances).",
        discussion: "Trang tiếp theo: --after <số hồ sơ cuối của trang trước>. Next page: --after <last id shown>.")

    @Option(name: .customLong("workflow"), help: "Tên quy trình (workflow name).")
    var workflow: String?

    @Option(name: .customLong("state"), help: "Mã trạng thái (state code).")
    var state: String?

    @Option(name: .customLong("subject"), help: "Chủ thể (subject id).")
    var subject: String?

    @Option(name: .customLong("unit"), help: "Đơn vị: mã hoặc tên (unit code or name).")
    var unit: String?

    @Option(name: .customLong("limit"), help: "Số dòng tối đa, 1–10000 (default 100).")
    var limit = 100

    @Option(name: .customLong("after"), help: "Chỉ các hồ sơ có số lớn hơn (ids greater than this).")
    var after: Int64?

    @Option(name: .customLong("as"), help: "Người xem; chỉ liệt kê hồ sơ trong phạm vi của người này (user id).")
    var user: String

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        await AppContext.run(global, poolSize: 1) { context in
            guard (1...10_000).contains(limit) else {
                throw CommandError.badInput(vi: "--limit phải từ 1 đến 10000", en: "--limit must be between 1 and 10000")
            }
            let filter = WorkflowStore.ListFilter(
                workflow: workflow, state: state, subjectID: subject, unitCode: unit, afterID: after, limit: limit)
            let items = try await context.services.workflows.list(filter, as: context.caller(user)).items
            let records = items.map(\.record)
            let due = Dictionary(uniqueKeysWithValues: items.compactMap { item in item.dueState.map { (item.record.id, $0) } })
            if global.json {
                JSONOutput.print(
                    .array(
                        records.map { record in
                            .object([
                                "id": .int(record.id), "workflow": .string(record.workflow), "state": .string(record.snapshot.state),
                                "version": .number(record.snapshot.version), "subjectId": .text(record.subjectID), "unitCode": .text(record.unitCode),
                                "definitionId": .int(record.definitionID), "createdAt": .time(record.createdAt), "updatedAt": .time(record.updatedAt),
                                "dueState": .text(due[record.id]?.state),
                            ])
                        }))
                return
            }
            let lang = global.lang
            guard !records.isEmpty else {
                print(Text("Không có hồ sơ nào.", "No instances.")(lang))
                return
            }
            var table = Table(
                [
                    Text("Số", "ID")(lang), Text("Quy trình", "Workflow")(lang), Text("Trạng thái", "State")(lang),
                    Text("P.bản", "Ver.")(lang), Text("Chủ thể", "Subject")(lang), Text("Đơn vị", "Unit")(lang),
                    Text("Cập nhật", "Updated")(lang),
                ], rightAligned: [0, 3])
            for record in records {
                table.add([
                    // By date, when timers have fallen due that the worker has not recorded yet: "VALID → EXPIRED (đến hạn)".
                    "\(record.id)", record.workflow,
                    due[record.id].map { "\(record.snapshot.state) → \($0.state) " + Text("(đến hạn)", "(due)")(lang) } ?? record.snapshot.state,
                    "\(record.snapshot.version)", record.subjectID ?? "",
                    record.unitCode ?? "", VietnamClock.screen(record.updatedAt),
                ])
            }
            print(table.render())
            if records.count == limit, let last = records.last {
                print(Text("… còn nữa: thêm --after \(last.id)", "… more: add --after \(last.id)")(lang))
            }
        }
    }
}
