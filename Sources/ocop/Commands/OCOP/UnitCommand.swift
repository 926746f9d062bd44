import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// `ocop unit add|merge|list`: administrative units, effective-dated, with merger lineage (DOMAIN decision 3).
struct UnitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit", abstract: "Đơn vị hành chính và sáp nhập (administrative units and mergers).",
        subcommands: [Add.self, Merge.self, List.self])

    /// `ocop unit add CODE --name N --kind commune --parent P --from 2019-01-01`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Thêm đơn vị (add a unit).")
        @Argument(help: "Mã đơn vị.") var code: String
        @Option(help: "Tên, ví dụ Vũ Quang.") var name: String
        @Option(help: "Loại: province, district, commune, ward, town, village, residential_group.") var kind: String
        @Option(help: "Mã đơn vị cấp trên.") var parent: String?
        @Option(help: "Hiệu lực từ ngày.") var from: String
        @Option(help: "Mã thống kê (GSO).") var gso: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { context, _ in
                let start = try OCOPCommand.day(from, option: "--from")
                try await context.services.reference.addUnit(
                    ReferenceStore.Unit(code: code, gsoCode: gso, name: name, kind: kind, parentCode: parent, validFrom: start), by: acting.user)
                OCOPCommand.done(global, Text("Đã thêm đơn vị \(code): \(name).", "Unit \(code) added: \(name)."), json: ["code": .string(code)])
            }
        }
    }

    /// `ocop unit merge A B --into CODE --name N --kind commune --parent P --from DATE --decision REF`.
    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sáp nhập các đơn vị thành đơn vị mới (merge units).")
        @Argument(help: "Mã các đơn vị bị sáp nhập.") var predecessors: [String]
        @Option(help: "Mã đơn vị mới.") var into: String
        @Option(help: "Tên đơn vị mới.") var name: String
        @Option(help: "Loại đơn vị mới.") var kind: String
        @Option(help: "Mã đơn vị cấp trên.") var parent: String?
        @Option(help: "Ngày sáp nhập có hiệu lực.") var from: String
        @Option(help: "Nghị quyết / quyết định sáp nhập.") var decision: String?
        @Option(name: .customLong("decision-date"), help: "Ngày của nghị quyết (mặc định: ngày hiệu lực).") var decisionDate: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { context, _ in
                let start = try OCOPCommand.day(from, option: "--from")
                let resolution = try decision.map { Decision(number: $0, date: try decisionDate.map { try OCOPCommand.day($0, option: "--decision-date") } ?? start) }
                let now = try acting.time.resolve()
                // The merged units' NTM recognitions wait for re-confirmation (thừa nhận) in the same transaction (§4.9).
                let moved = try await context.services.reference.mergeUnits(
                    predecessors, into: ReferenceStore.Unit(code: into, name: name, kind: kind, parentCode: parent, validFrom: start),
                    decision: resolution, decisionRef: decision, by: acting.user, now: now)
                OCOPCommand.done(
                    global,
                    Text(
                        "Đã sáp nhập \(predecessors.joined(separator: ", ")) thành \(into)."
                            + (moved.isEmpty ? "" : " \(moved.count) đăng ký NTM đã đạt chuẩn chờ thừa nhận lại: số \(moved.map(String.init).joined(separator: ", "))."),
                        "Merged \(predecessors.joined(separator: ", ")) into \(into)."
                            + (moved.isEmpty ? "" : " \(moved.count) recognised NTM registrations await re-confirmation: \(moved.map(String.init).joined(separator: ", ")).")),
                    json: ["code": .string(into), "reconfirmationPending": .array(moved.map { .int($0) })])
            }
        }
    }

    /// `ocop unit list [--on DATE]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Danh sách đơn vị (list units).")
        @Option(help: "Chỉ các đơn vị có hiệu lực vào ngày này.") var on: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { context, _ in
                let date = try on.map { try OCOPCommand.day($0, option: "--on") }
                let units = try await context.services.reference.units(inForceOn: date)
                if global.json {
                    JSONOutput.print(
                        .array(
                            units.map {
                                .object([
                                    "code": .string($0.code), "name": .string($0.name), "kind": .string($0.kind), "parent": .text($0.parentCode),
                                    "validFrom": .string($0.validFrom.iso), "validTo": .text($0.validTo?.iso),
                                ])
                            }))
                    return
                }
                let lang = global.lang
                var table = Table([
                    Text("Mã", "Code")(lang), Text("Tên", "Name")(lang), Text("Loại", "Kind")(lang), Text("Cấp trên", "Parent")(lang),
                    Text("Từ", "From")(lang), Text("Đến", "To")(lang),
                ])
                for unit in units {
                    table.add([
                        unit.code, unit.name, unit.kind, unit.parentCode ?? "—", unit.validFrom.displayString, unit.validTo?.displayString ?? "—",
                    ])
                }
                print(table.render())
            }
        }
    }
}
