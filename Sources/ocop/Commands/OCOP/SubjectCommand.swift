import ArgumentParser
import Foundation
import LibPQ
import OCOP
import Store
import Workflow

/// `ocop subject add|list`: OCOP subjects (chủ thể), the producers.
struct SubjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subject", abstract: "Chủ thể OCOP: HTX, doanh nghiệp, tổ hợp tác, hộ kinh doanh (subjects).",
        subcommands: [Add.self, List.self])

    /// `ocop subject add ID --name N --kind cooperative --unit CODE --as ADMIN`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Thêm chủ thể (add a subject).")
        @Argument(help: "Mã chủ thể, chữ thường và gạch nối.") var id: String
        @Option(help: "Tên.") var name: String
        @Option(help: "Loại: cooperative, enterprise, cooperative_group, household_business.") var kind: String
        @Option(help: "Mã đơn vị hành chính (xã, thị trấn).") var unit: String
        @Option(help: "Người đại diện.") var representative: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, service in
                try await service.write { connection in
                    try requireStaff(acting.user, unit: unit, on: connection)
                    try ReferenceStore().add(
                        ReferenceStore.Subject(id: id, name: name, kind: kind, unitCode: unit, representative: representative), on: connection)
                }
                OCOPCommand.done(global, Text("Đã thêm chủ thể \(id): \(name).", "Subject \(id) added: \(name)."), json: ["id": .string(id)])
            }
        }
    }

    /// `ocop subject list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Danh sách chủ thể (list subjects).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, service in
                let subjects = try await service.read { try ReferenceStore().subjects(on: $0) }
                if global.json {
                    JSONOutput.print(
                        .array(
                            subjects.map {
                                .object(["id": .string($0.id), "name": .string($0.name), "kind": .string($0.kind), "unit": .string($0.unitCode)])
                            }))
                    return
                }
                let lang = global.lang
                var table = Table([Text("Mã", "Id")(lang), Text("Tên", "Name")(lang), Text("Loại", "Kind")(lang), Text("Đơn vị", "Unit")(lang)])
                for subject in subjects { table.add([subject.id, subject.name, subject.kind, subject.unitCode]) }
                print(table.render())
            }
        }
    }
}

/// Reference data is kept by ADMIN, or by staff (HUYEN, XA, VPDPT) whose unit covers it.
func requireStaff(_ userID: String, unit: String?, on connection: Connection) throws {
    let user = try UserStore().user(userID, on: connection)
    let covering = try AccessPolicy().coveringGrants(of: user, subjectID: nil, unitCode: unit, on: connection)
    guard user.active, covering.contains(where: { ["ADMIN", "HUYEN", "XA", "VPDPT"].contains($0.role) }) else {
        throw CommandError(
            kind: .rejected,
            message: Bilingual(
                vi: "người dùng \"\(userID)\" không có quyền quản lý danh mục (cần ADMIN, HUYEN, XA hoặc VPDPT trong phạm vi)",
                en: "user \"\(userID)\" may not change reference data (needs ADMIN, HUYEN, XA or VPDPT in scope)"))
    }
}
