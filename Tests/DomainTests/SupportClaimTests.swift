import Domain
import Foundation
import Testing
import Workflow

@Suite("Support claim and nghiệm thu (DOMAIN §3, §6.5)")
struct SupportClaimTests {
    /// A 2021 4★ product under Hà Tĩnh's 2019 policy (50 M), funds allocated by 901/QĐ-UBND, dossier submitted.
    static func submitted() throws -> Run {
        let data: [String: JSONValue] = [
            "policy": "ha-tinh-2019", "product_ref": "P-5", "certificate_ref": "C-5", "star": 4, "amount": 50_000_000,
            "certificate_state": "VALID", "certificate_expires_on": "2025-02-21",
        ]
        var run = try Run(try Fixtures.engine("support_claim"), data: data, on: "2022-02-22")
        try run.fire("allocate", as: "UBT", ["legal_ref": "901/QĐ-UBND", "legal_ref_date": "2022-04-29"], on: "2022-05-03")
        try run.fire("submit_dossier", as: "XA", ["dossier_ref": "HS-HT-17"], on: "2022-06-01")
        return run
    }

    @Test("eligible → allocated → dossier → accepted (nghiệm thu) → paid and settled")
    func happyPath() throws {
        var run = try Self.submitted()
        try run.fire("accept", as: "DLN", ["minutes_ref": "BB-NT-3", "accepted_on": "2022-09-15"], on: "2022-09-15")
        #expect(run.state == "ACCEPTED")
        try run.fire("settle", as: "HUYEN", ["payment_ref": "UNC-91", "paid_on": "2022-10-03", "amount_paid": 50_000_000], on: "2022-10-03")
        #expect(run.state == "PAID_SETTLED")
    }

    @Test("acceptance is refused when the certificate is no longer valid; the claim is then rejected with a reason")
    func certificateNotValid() throws {
        var run = try Self.submitted()
        try run.fire("certificate_changed", as: "SYSTEM", ["certificate_state": "REVOKED"], on: "2022-08-01")
        let refused = try #require(run.rejection("accept", as: "DLN", ["minutes_ref": "BB-NT-3", "accepted_on": "2022-09-15"], on: "2022-09-15"))
        #expect(refused.codes == [.guardFailed])
        #expect(refused.text.contains("giấy chứng nhận OCOP bị thu hồi (REVOKED), không còn hiệu lực"))
        #expect(run.rejection("reject", as: "DLN", on: "2022-09-15")?.codes == [.inputMissing])
        try run.fire("reject", as: "DLN", ["reason": "sản phẩm bị thu hồi giấy chứng nhận"], on: "2022-09-15")
        #expect(run.state == "REJECTED")
    }

    @Test("a certificate past its expiry date is refused even before its state copy changes")
    func expiredByDate() throws {
        let run = try Self.submitted()
        let refused = try #require(run.rejection("accept", as: "DLN", ["minutes_ref": "BB", "accepted_on": "2025-02-21"], on: "2025-02-21"))
        #expect(refused.text.contains("hết hiệu lực từ ngày 21/02/2025"))
        #expect(run.rejection("accept", as: "DLN", ["minutes_ref": "BB", "accepted_on": "2025-02-20"], on: "2025-02-20") == nil)
    }
}
