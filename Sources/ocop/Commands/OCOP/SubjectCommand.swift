import ArgumentParser
import Foundation
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
            await OCOPCommand.run(global) { context, _ in
                try await context.services.reference.addSubject(
                    ReferenceStore.Subject(id: id, name: name, kind: kind, unitCode: unit, representative: representative), by: acting.user)
                OCOPCommand.done(global, Text("Đã thêm chủ thể \(id): \(name).", "Subject \(id) added: \(name)."), json: ["id": .string(id)])
            }
        }
    }

    /// `ocop subject list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Danh sách chủ thể (list subjects).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { context, _ in
                let subjects = try await context.services.reference.subjects()
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
