import Domain
import Foundation
import OCOP
import Testing
import Workflow

@Suite("OCOP certificate (DOMAIN §2.4, §6.4)")
struct CertificateTests {
    /// A 4★ certificate issued by the province on 21/02/2022 (436/QĐ-UBND) under ocop-1048.
    static func issued() throws -> Run {
        let data = Domain.certificateData(
            issuedOn: LocalDate(year: 2022, month: 2, day: 21)!, star: .four, level: .province,
            ruleSet: try Fixtures.ruleSet("ocop-1048"), decisionRef: "436/QĐ-UBND", productRef: "P-5"
        )
        return try Run(try Fixtures.engine("ocop_certificate"), data: data, on: "2022-02-21")
    }

    @Test("issue schedules the notice at expires_on − 30 days and expiry at expires_on (36 months)")
    func timers() throws {
        let run = try Self.issued()
        #expect(run.state == "VALID")
        #expect(run.snapshot.data["expires_on"] == "2025-02-21")
        let term = CertificateTerm(issuedOn: LocalDate(year: 2022, month: 2, day: 21)!, ruleSet: try Fixtures.ruleSet("ocop-1048"))
        #expect(run.scheduled("expiry_notice") == midnight(term.noticeOn.iso))
        #expect(run.scheduled("expiry_notice") == midnight("2025-01-22"))
        #expect(run.scheduled("expiry") == midnight("2025-02-21"))
        #expect(!term.isInForce(on: LocalDate(year: 2025, month: 2, day: 21)!))
    }

    @Test("the notice fires once; the expiry timer keeps running and expires the certificate")
    func noticeThenExpiry() throws {
        var run = try Self.issued()
        try run.fire("send_expiry_notice", as: "SYSTEM", on: "2025-01-22")
        #expect(run.state == "EXPIRY_NOTICE_SENT")
        #expect(run.effects.contains(.cancelTimer(name: "expiry_notice")))
        #expect(run.scheduled("expiry") == nil && !run.cancels("expiry"))
        #expect(run.effects.contains(.notify(roles: ["CT", "XA"], message: "certificate_expiring")))
        #expect(run.rejection("send_expiry_notice", as: "SYSTEM", on: "2025-01-23")?.codes == [.wrongState])
        try run.fire("expire", as: "SYSTEM", on: "2025-02-21")
        #expect(run.state == "EXPIRED")
    }

    @Test("re-rating supersedes the certificate; expiry still applies while it runs")
    func renewal() throws {
        var run = try Self.issued()
        try run.fire("send_expiry_notice", as: "SYSTEM", on: "2025-01-22")
        try run.fire("apply_for_renewal", as: "CT", ["registration_form": "Phiếu ĐK", "self_assessment": "BC 2025"], on: "2025-01-25")
        #expect(run.state == "RENEWAL_IN_PROGRESS")
        #expect(run.rejection("expire", as: "SYSTEM", on: "2025-02-21") == nil)
        try run.fire("supersede", as: "UBT", [
            "new_certificate_ref": "C-88", "new_star": 3, "legal_ref": "512/QĐ-UBND", "legal_ref_date": "2025-02-10",
        ], on: "2025-02-10")
        #expect(run.state == "SUPERSEDED")
    }

    @Test("revocation needs the issuing level and a decision reference")
    func revoke() throws {
        var run = try Self.issued()
        let input: [String: JSONValue] = ["reason": "failed_post_audit", "legal_ref": "77/QĐ-UBND", "legal_ref_date": "2023-05-05"]
        let byDistrict = try #require(run.rejection("revoke", as: "UBH", input, on: "2023-05-05"))
        #expect(byDistrict.text.contains("giấy chứng nhận do cấp tỉnh cấp; chỉ UBT được thực hiện"))
        #expect(run.rejection("revoke", as: "UBT", ["reason": "violation"], on: "2023-05-05")?.codes == [.inputMissing, .inputMissing])
        try run.fire("revoke", as: "UBT", input, on: "2023-05-05")
        #expect(run.state == "REVOKED")
        #expect(run.cancels("expiry_notice") && run.cancels("expiry"))
    }
}
