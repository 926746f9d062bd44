import ArgumentParser
import Foundation
import Store
import Workflow

/// `ocop audit verify`: checks the hash-chained history.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Kiểm tra nhật ký lịch sử (audit the history).", subcommands: [Verify.self])

    /// `ocop audit verify`.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tính lại chuỗi băm của toàn bộ lịch sử (recompute the history's hash chain).",
            discussion: """
                Mã thoát 0: toàn vẹn. Mã thoát 8: có sai lệch (dòng bị sửa, chuỗi bị đứt, thiếu số thứ tự, trạng thái lệch lịch sử).
                Exit 0: intact. Exit 8: findings (altered rows, broken chain, sequence gaps, instance rows that disagree with history).
                """)

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, domain: false) { context in
                let report = try await context.services.definitions.verifyAudit()
                let lang = global.lang
                if global.json {
                    JSONOutput.print(
                        .object([
                            "instances": .number(report.instances), "rows": .number(report.rows), "clean": .bool(report.findings.isEmpty),
                            "findings": .array(
                                report.findings.map { finding in
                                    .object([
                                        "kind": .string(finding.kind.rawValue), "instanceId": .int(finding.instanceID),
                                        "seq": finding.seq.map { .number($0) } ?? .null, "detail": .string(finding.detail),
                                    ])
                                }),
                        ]))
                } else if report.findings.isEmpty {
                    print(
                        Text(
                            "Toàn vẹn: đã kiểm tra \(report.rows) dòng lịch sử của \(report.instances) hồ sơ, không có sai lệch.",
                            "Intact: checked \(report.rows) history rows of \(report.instances) instances, no findings.")(lang))
                } else {
                    var table = Table(
                        [Text("Hồ sơ", "Instance")(lang), "#", Text("Loại", "Kind")(lang), Text("Chi tiết", "Detail")(lang)], rightAligned: [0, 1])
                    for finding in report.findings {
                        table.add(["\(finding.instanceID)", finding.seq.map(String.init) ?? "", Self.kind(finding.kind)(lang), finding.detail])
                    }
                    print(table.render())
                }
                guard report.findings.isEmpty else {
                    throw CommandError(
                        kind: .auditFindings,
                        message: Bilingual(
                            vi: "\(report.findings.count) sai lệch trong lịch sử (\(report.rows) dòng, \(report.instances) hồ sơ)",
                            en: "\(report.findings.count) finding(s) in the history (\(report.rows) rows, \(report.instances) instances)"))
                }
            }
        }

        static func kind(_ kind: WorkflowStore.AuditFinding.Kind) -> Text {
            switch kind {
            case .rowAltered: return Text("dòng bị sửa", "row altered")
            case .chainBroken: return Text("chuỗi băm bị đứt", "chain broken")
            case .sequenceGap: return Text("thiếu số thứ tự", "sequence gap")
            case .projectionMismatch: return Text("trạng thái lệch lịch sử", "state disagrees with history")
            }
        }
    }
}
