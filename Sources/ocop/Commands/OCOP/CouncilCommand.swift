import ArgumentParser
import Foundation
import OCOP
import Store
import Workflow

/// `ocop council create|add-member|list|show`: rating councils as set up by decision (DOMAIN §2.3, §9.22).
struct CouncilCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "council", abstract: "Hội đồng đánh giá, phân hạng sản phẩm OCOP (rating councils).",
        subcommands: [Create.self, AddMember.self, List.self, Show.self])

    /// `--member "hdh-1:chair:Nguyễn Văn A[:user]"`.
    static func member(_ text: String) throws -> CouncilMember {
        let parts = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard parts.count >= 3, let role = CouncilRole(typed: parts[1]) else {
            throw CommandError.badInput(
                vi: "--member \"\(text)\": dùng MÃ:VAI_TRÒ:HỌ TÊN[:NGƯỜI_DÙNG], vai trò chair, vice-chair, member hoặc secretary",
                en: "--member \"\(text)\": use ID:ROLE:FULL NAME[:USER], role chair, vice-chair, member or secretary")
        }
        return CouncilMember(memberID: parts[0], name: parts[2], role: role, userID: parts.count == 4 && !parts[3].isEmpty ? parts[3] : nil)
    }

    /// `ocop council create CODE --name N --level district --unit vu-quang --decision 123/QĐ-UBND --decision-date D --member …`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lập hội đồng theo quyết định (set up a council).",
            discussion: """
                Ví dụ: ocop council create hdh-vq-2022 --name "Hội đồng OCOP huyện Vũ Quang" --level district --unit vu-quang \
                --decision 120/QĐ-UBND --decision-date 01/06/2022 --member "hdh-1:chair:Nguyễn Văn A:hdh-1" \
                --member "hdh-2:member:Trần Thị B" --member "hdh-3:member:Lê Văn C" --as cb-huyen
                """)
        @Argument(help: "Mã hội đồng (chữ thường, số, '-').") var code: String
        @Option(help: "Tên hội đồng.") var name: String
        @Option(help: "Cấp: district, province, central.") var level: String
        @Option(help: "Mã huyện hoặc tỉnh (không dùng cho cấp Trung ương).") var unit: String?
        @Option(help: "Số quyết định thành lập.") var decision: String
        @Option(name: .customLong("decision-date"), help: "Ngày quyết định (mặc định ngày --at).") var decisionDate: String?
        @Option(name: .customLong("min-sheets"), help: "Số phiếu tối thiểu trước khi ra kết quả (mặc định 3).") var minSheets: Int?
        @Option(help: "Thành viên MÃ:VAI_TRÒ:HỌ TÊN[:NGƯỜI_DÙNG]; lặp lại cho mỗi người.") var member: [String] = []
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                guard let level = CouncilLevel(rawValue: level.lowercased()) else {
                    throw CommandError.badInput(
                        vi: "--level \"\(level)\": chọn district, province hoặc central", en: "--level \"\(level)\": choose district, province or central")
                }
                let form = CouncilForm(
                    code: code, name: name, level: level, unitCode: unit, decision: try OCOPCommand.decision(decision, date: decisionDate, now: now),
                    minimumSheets: minSheets, members: try member.map(CouncilCommand.member))
                let council = try await service.createCouncil(form, by: acting.user, now: now)
                return (
                    Text(
                        "Đã lập \(council.name) (\(council.code)): \(council.members.count) thành viên, cần \(council.minimumSheets) phiếu.",
                        "Council \(council.code) set up: \(council.members.count) members, \(council.minimumSheets) sheets needed."),
                    CouncilCommand.json(council)
                )
            }
        }
    }

    /// `ocop council add-member CODE --member "hdh-4:member:Phạm Văn D"`.
    struct AddMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-member", abstract: "Thêm thành viên (add a member).")
        @Argument(help: "Mã hội đồng.") var code: String
        @Option(help: "Thành viên MÃ:VAI_TRÒ:HỌ TÊN[:NGƯỜI_DÙNG].") var member: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, _ in
                let member = try CouncilCommand.member(member)
                let council = try await service.addCouncilMember(member, to: code, by: acting.user)
                return (
                    Text("Đã thêm \(member.name) (\(member.memberID)) vào \(council.code).", "\(member.memberID) added to \(council.code)."),
                    CouncilCommand.json(council)
                )
            }
        }
    }

    /// `ocop council list --as USER`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Danh sách hội đồng (list councils).")
        @Option(name: .customLong("as"), help: "Người xem (user id).") var user: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, service in
                let councils = try await service.councils(by: user)
                if global.json { return JSONOutput.print(.array(councils.map { .object(CouncilCommand.json($0)) })) }
                let lang = global.lang
                var table = Table(
                    [
                        Text("Mã", "Code")(lang), Text("Tên", "Name")(lang), Text("Cấp", "Level")(lang), Text("Đơn vị", "Unit")(lang),
                        Text("Quyết định", "Decision")(lang), Text("Thành viên", "Members")(lang), Text("Phiếu tối thiểu", "Min. sheets")(lang),
                    ], rightAligned: [5, 6])
                for council in councils {
                    table.add([
                        council.code, council.name, council.level.name.text(lang), council.unitCode ?? "—",
                        "\(council.decisionRef) \(Text("ngày", "of")(lang)) \(council.decisionDate.displayString)", "\(council.members.count)",
                        "\(council.minimumSheets)",
                    ])
                }
                print(councils.isEmpty ? Text("Chưa có hội đồng nào.", "No councils.")(lang) : table.render())
            }
        }
    }

    /// `ocop council show CODE --as USER`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Một hội đồng và thành viên (one council).")
        @Argument(help: "Mã hội đồng.") var code: String
        @Option(name: .customLong("as"), help: "Người xem (user id).") var user: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.run(global) { _, service in
                let council = try await service.council(code, by: user)
                if global.json { return JSONOutput.print(.object(CouncilCommand.json(council))) }
                let lang = global.lang
                print("\(council.name) (\(council.code)) — \(council.level.name.text(lang))\(council.unitCode.map { ", \($0)" } ?? "")")
                print(Text("Quyết định", "Decision")(lang) + ": \(council.decisionRef) \(Text("ngày", "of")(lang)) \(council.decisionDate.displayString)")
                print(Text("Số phiếu tối thiểu", "Sheets needed")(lang) + ": \(council.minimumSheets)")
                var table = Table([Text("Mã", "Id")(lang), Text("Họ tên", "Name")(lang), Text("Vai trò", "Role")(lang), Text("Người dùng", "User")(lang)])
                for member in council.members { table.add([member.memberID, member.name, member.role.name.text(lang), member.userID ?? "—"]) }
                print(table.render())
            }
        }
    }

    static func json(_ council: Council) -> [String: JSONValue] {
        [
            "code": .string(council.code), "name": .string(council.name), "level": .string(council.level.rawValue),
            "unit": council.unitCode.map(JSONValue.string) ?? .null, "decisionRef": .string(council.decisionRef),
            "decisionDate": .string(council.decisionDate.iso), "minSheets": .int(Int64(council.minimumSheets)),
            "members": .array(
                council.members.map {
                    .object([
                        "id": .string($0.memberID), "name": .string($0.name), "role": .string($0.role.rawValue),
                        "user": $0.userID.map(JSONValue.string) ?? .null,
                    ])
                }),
        ]
    }
}
