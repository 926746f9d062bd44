import Foundation
import LibPQ
import OCOP
import Workflow

/// Re-rating, upgrade and downgrade of a certified product (§2.4, §6.4): applying moves the product's certificate in
/// force to RENEWAL_IN_PROGRESS (it stays in force until superseded); the new certification supersedes it, whatever
/// the new star; revocation takes a decision of the issuing authority.
extension OCOPService {
    /// The product's certificates that are still in force or being renewed, newest first.
    func openCertificates(ofProduct id: Int64, on connection: Connection) throws -> [(id: Int64, state: String, star: Int)] {
        try connection.query(
            """
            SELECT c.instance_id, i.state, c.star::int AS star FROM ocop_certificate c JOIN workflow_instance i ON i.id = c.instance_id
            WHERE c.product_instance_id = \(id) AND i.state IN ('VALID', 'EXPIRY_NOTICE_SENT', 'RENEWAL_IN_PROGRESS')
            ORDER BY c.issued_on DESC, c.instance_id DESC
            """
        ).map { (try $0.decode("instance_id"), try $0.decode("state"), try $0.decode("star")) }
    }

    /// When a certified product applies for re-rating, its certificate in force enters RENEWAL_IN_PROGRESS.
    func startRenewal(ofProduct product: InstanceRecord, by actor: WorkflowActor, now: Date, on connection: Connection) throws {
        for certificate in try openCertificates(ofProduct: product.id, on: connection) where certificate.state != "RENEWAL_IN_PROGRESS" {
            let data = product.snapshot.data
            let form = data["dossier_registration_form"]?.displayText ?? "phiếu đăng ký đánh giá lại sản phẩm \(product.id)"
            let assessment = data["dossier_self_assessment"]?.displayText ?? "báo cáo tự đánh giá cập nhật, sản phẩm \(product.id)"
            try fire(
                certificate.id, "apply_for_renewal", actor: actor,
                input: ["registration_form": .string(form), "self_assessment": .string(assessment)], now: now, on: connection)
        }
    }

    /// After a new certification: every earlier certificate of the product still in force or being renewed is superseded
    /// by the new one (a re-rating's result, or the central 5★ over the province's 4★).
    func supersedePrevious(
        ofProduct id: Int64, by newCertificate: Int64, star: Star, decision: Decision, actor: WorkflowActor, now: Date, on connection: Connection
    ) throws {
        for certificate in try openCertificates(ofProduct: id, on: connection) where certificate.id != newCertificate {
            try fire(
                certificate.id, "supersede", actor: actor,
                input: ["new_certificate_ref": .string("\(newCertificate)"), "new_star": .int(Int64(star.rawValue))], decision: decision,
                now: now, on: connection)
        }
    }

    /// Revokes a certificate by decision of its issuing authority (violation, failed post-audit, failed re-rating).
    public func revokeCertificate(
        _ id: Int64, reason: String, decision: Decision, note: String? = nil, by userID: String, now: Date, on connection: Connection
    ) throws {
        let record = try instance(id, of: "ocop_certificate", Bilingual(vi: "giấy chứng nhận", en: "certificate"), on: connection)
        let actor = try actor(userID, for: record, on: connection)
        var input: [String: JSONValue] = ["reason": .string(reason)]
        if let note { input["note"] = .string(note) }
        try fire(id, "revoke", actor: actor, input: input, decision: decision, now: now, on: connection)
    }
}
