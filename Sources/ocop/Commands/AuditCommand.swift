import ArgumentParser
import Foundation
import Store
import Workflow

/// `ocop audit verify|anchor|keygen`: checks the hash-chained history, anchors it outside the database.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Kiểm tra và neo nhật ký lịch sử (audit and anchor the history).",
        subcommands: [Verify.self, Anchor.self, Keygen.self])

    /// `ocop audit verify [--anchors FILE [--public-key FILE]]`.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tính lại chuỗi băm của toàn bộ lịch sử, đối chiếu với các mốc đã neo (recompute the hash chain, check it against anchors).",
            discussion: """
                Mã thoát 0: toàn vẹn. Mã thoát 8: có sai lệch (dòng bị sửa, chuỗi bị đứt, thiếu dòng, trạng thái lệch lịch sử; với --anchors:
                lịch sử bị viết lại hoặc cắt bớt sau một mốc, mốc bị sửa hoặc sai chữ ký). Mã thoát 6: không đọc được tệp mốc hoặc khóa.
                Exit 0: intact. Exit 8: findings (altered rows, broken links, missing rows, instance rows that disagree with history; with
                --anchors: history rewritten or truncated since a checkpoint, checkpoints edited or badly signed). Exit 6: unreadable anchor or key file.
                """)

        @Option(name: .customLong("anchors"), help: "Tệp mốc kiểm toán (audit anchor file, JSON lines) to check the history against.")
        var anchors: String?

        @Option(
            name: .customLong("public-key"),
            help: "Khóa công khai tin cậy (pinned public key file); mặc định: khóa của mốc đầu tiên (default: the first checkpoint's).")
        var publicKey: String?

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await AppContext.run(global, domain: false) { context in
                let report = try await context.services.audit.verify(anchorFile: anchors, publicKeyFile: publicKey)
                Self.render(report, anchored: anchors != nil, global: global)
                guard report.findings.isEmpty else {
                    throw CommandError(
                        kind: .auditFindings,
                        message: Bilingual(
                            vi: "\(report.findings.count) sai lệch trong lịch sử (\(report.rows) dòng, \(report.instances) hồ sơ)",
                            en: "\(report.findings.count) finding(s) in the history (\(report.rows) rows, \(report.instances) instances)"))
                }
            }
        }

        static func render(_ report: WorkflowStore.AuditReport, anchored: Bool, global: GlobalOptions) {
            let lang = global.lang
            if global.json {
                var fields: [String: JSONValue] = [
                    "instances": .number(report.instances), "rows": .number(report.rows), "clean": .bool(report.findings.isEmpty),
                    "findings": .array(
                        report.findings.map { finding in
                            .object([
                                "kind": .string(finding.kind.rawValue), "instanceId": finding.instanceID.map { .int($0) } ?? .null,
                                "seq": finding.seq.map { .number($0) } ?? .null, "throughSeq": finding.throughSeq.map { .number($0) } ?? .null,
                                "checkpoint": finding.checkpoint.map { .number($0) } ?? .null, "detail": .string(finding.message.text(lang)),
                            ])
                        }),
                    "role": .string(report.role), "roleCanDisableTriggers": .bool(report.roleCanDisableTriggers),
                ]
                if anchored {
                    fields["checkpoints"] = .number(report.checkpoints)
                    fields["publicKey"] = .text(report.publicKey)
                }
                JSONOutput.print(.object(fields))
                return
            }
            if report.roleCanDisableTriggers {
                print(
                    Text(
                        "Lưu ý: vai trò \(report.role) có thể tắt trigger bảo vệ lịch sử (chủ bảng hoặc superuser); chỉ các mốc đã neo (--anchors) mới phát hiện được sửa đổi cẩn thận của vai trò này.",
                        "Note: role \(report.role) can switch the history's triggers off (table owner or superuser); only anchors (--anchors) catch a careful rewrite by it."
                    )(lang))
            }
            if anchored {
                let fingerprint = report.publicKey.map { AuditSigningKey.fingerprint(ofPublicKey: $0) } ?? "—"
                print(
                    Text(
                        "Đã đọc \(report.checkpoints) mốc, khóa \(fingerprint).",
                        "Read \(report.checkpoints) checkpoint(s), key \(fingerprint).")(lang))
            }
            if report.findings.isEmpty {
                print(
                    Text(
                        "Toàn vẹn: đã kiểm tra \(report.rows) dòng lịch sử của \(report.instances) hồ sơ, không có sai lệch.",
                        "Intact: checked \(report.rows) history rows of \(report.instances) instances, no findings.")(lang))
                return
            }
            var table = Table(
                [Text("Hồ sơ", "Instance")(lang), "#", Text("Mốc", "Checkpoint")(lang), Text("Loại", "Kind")(lang), Text("Chi tiết", "Detail")(lang)],
                rightAligned: [0, 1, 2])
            for finding in report.findings {
                let rows = finding.seq.map { seq in finding.throughSeq.map { "\(seq)–\($0)" } ?? "\(seq)" } ?? ""
                table.add([
                    finding.instanceID.map(String.init) ?? "", rows, finding.checkpoint.map(String.init) ?? "", kind(finding.kind)(lang),
                    finding.message.text(lang),
                ])
            }
            print(table.render())
        }

        static func kind(_ kind: WorkflowStore.AuditFinding.Kind) -> Text {
            switch kind {
            case .rowAltered: return Text("dòng bị sửa", "row altered")
            case .chainBroken: return Text("chuỗi băm bị đứt", "chain broken")
            case .sequenceGap: return Text("thiếu dòng", "rows missing")
            case .hashVersionDowngraded: return Text("hạ phiên bản băm", "hash version lowered")
            case .projectionMismatch: return Text("trạng thái lệch lịch sử", "state disagrees with history")
            case .anchorMismatch: return Text("khác mốc đã neo", "differs from anchor")
            case .historyTruncated: return Text("lịch sử bị cắt bớt", "history truncated")
            case .checkpointInvalid: return Text("mốc không hợp lệ", "invalid checkpoint")
            }
        }
    }
}
