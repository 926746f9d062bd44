import ArgumentParser
import Foundation
import Store
import Workflow

extension CertificateCommand {
    /// `ocop certificate revoke ID --reason failed_post_audit --decision 9/QĐ-UBND --decision-date 10/01/2025`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Thu hồi giấy chứng nhận theo quyết định của cấp công nhận (revoke by the issuing authority's decision).")
        @Argument(help: "Số giấy chứng nhận.") var id: Int64
        @Option(help: "Lý do: violation (vi phạm), failed_post_audit (hậu kiểm không đạt), failed_rerating (đánh giá lại không đạt).")
        var reason: String
        @Option(help: "Số quyết định thu hồi.") var decision: String
        @Option(name: .customLong("decision-date"), help: "Ngày quyết định (mặc định ngày --at).") var decisionDate: String?
        @Option(help: "Ghi chú.") var note: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            await OCOPCommand.step(global, acting) { service, now in
                let ref = try OCOPCommand.decision(decision, date: decisionDate, now: now)
                try await service.revokeCertificate(id, reason: reason, decision: ref, note: note, by: acting.user, now: now)
                return (Text("Giấy chứng nhận \(id): đã thu hồi.", "Certificate \(id): revoked."), ["id": .int(id)])
            }
        }
    }
}
