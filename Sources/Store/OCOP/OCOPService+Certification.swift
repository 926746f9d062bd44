import Foundation
import LibPQ
import OCOP
import Workflow

/// What a certification created.
public struct CertificationOutcome: Sendable, Hashable {
    /// The new certificate's instance id.
    public var certificateID: Int64
    /// The star certified.
    public var star: Star
    /// The level that certified it.
    public var level: CouncilLevel
    /// The issue date (the decision's date).
    public var issuedOn: LocalDate
    /// The first day it is no longer in force: issue + the rule set's 36 months.
    public var expiresOn: LocalDate
    /// The support claims opened, one per covering policy.
    public var claims: [OpenedClaim]
}

/// A support claim opened by a certification.
public struct OpenedClaim: Sendable, Hashable {
    /// The claim's instance id.
    public var claimID: Int64
    /// The policy, e.g. "ha-tinh-2019".
    public var policyID: String
    /// The amount in VND.
    public var amount: VND
}

/// Certification (§2.3, §2.4, §6.3, §6.4): the decision, the certificate with its 36-month term and timers, and one
/// support claim per active policy covering the product (§6.5).
extension OCOPService {
    /// Certifies a scored product by decision. The star defaults to the one the rule set routes; a star or level the rule
    /// set does not allow is refused by the workflow's guards (`routing_allows`, `may_certify`) with their reasons.
    /// Under ocop-1048 a province score ≥ 90 certifies 4★ and forwards to the central level (`letterRef` needed).
    public func certify(
        _ id: Int64, star requested: Star? = nil, decision: Decision, letterRef: String? = nil, by userID: String, now: Date,
        on connection: Connection
    ) throws -> CertificationOutcome {
        let record = try instance(id, of: Self.productWorkflow, Self.productWhat, on: connection)
        let (ruleSet, level, routed) = try routing(of: record, on: Self.day(now))
        let actor = try actor(userID, for: record, on: connection)
        var input: [String: JSONValue] = [:]
        var event = "certify"
        if case .forward(_, let first?) = routed, requested == nil || requested == first {
            event = "certify_and_forward"
            guard let letterRef else {
                throw OCOPError(
                    .badInput, vi: "công nhận \(first.name.vi) rồi chuyển Trung ương: cần số văn bản đề nghị (--letter)",
                    en: "certifying \(first) and forwarding to the central level needs the request letter number (--letter)")
            }
            input["letter_ref"] = .string(letterRef)
        }
        guard let star = requested ?? routed.starCertifiedHere else {
            throw OCOPError(
                .wrongStage, vi: "\(level.name.vi) không công nhận sản phẩm \(id): \(routed.explanation.vi)",
                en: "the \(level.name.en) does not certify product \(id): \(routed.explanation.en)")
        }
        input["star"] = .int(Int64(star.rawValue))
        try fire(id, event, actor: actor, input: input, decision: decision, now: now, on: connection)

        let term = CertificateTerm(issuedOn: decision.date, ruleSet: ruleSet)
        let previous =
            try connection.query(
                "SELECT star::int AS star FROM ocop_certificate WHERE product_instance_id = \(id) ORDER BY issued_on DESC, instance_id DESC LIMIT 1"
            ).first.map { Star(rawValue: try $0.decode("star", as: Int.self)) } ?? nil
        let data: [String: JSONValue] = [
            "issued_on": .string(term.issuedOn.iso), "expires_on": .string(term.expiresOn.iso), "notice_on": .string(term.noticeOn.iso),
            "star": .int(Int64(star.rawValue)), "level": .string(level.rawValue), "rule_set": .string(ruleSet.id),
            "decision_ref": .string(decision.historyText), "product_ref": .string("\(id)"),
            "product_name": record.snapshot.data["product_name"] ?? .null, "subject_name": record.snapshot.data["subject_name"] ?? .null,
        ]
        let certificate = try workflows.start(
            workflow: "ocop_certificate", actor: actor, data: data, subjectID: record.subjectID, unitCode: record.unitCode,
            comment: decision.historyText, now: now, on: connection)
        try connection.execute(
            """
            INSERT INTO ocop_certificate (instance_id, product_instance_id, star, level, rule_set, issued_on, expires_on, decision_ref)
            VALUES (\(certificate.id), \(id), \(star.rawValue), \(level.rawValue), \(ruleSet.id), \(term.issuedOn.iso)::date,
                \(term.expiresOn.iso)::date, \(decision.historyText))
            """)
        try supersedePrevious(ofProduct: id, by: certificate.id, star: star, decision: decision, actor: actor, now: now, on: connection)
        let claims = try openClaims(
            product: record, certificateID: certificate.id, star: star, previous: previous, term: term, actor: actor, now: now, on: connection)
        return CertificationOutcome(
            certificateID: certificate.id, star: star, level: level, issuedOn: term.issuedOn, expiresOn: term.expiresOn, claims: claims)
    }

    /// One claim per policy that covers the certificate's date and the product's area and pays for this star.
    private func openClaims(
        product: InstanceRecord, certificateID: Int64, star: Star, previous: Star?, term: CertificateTerm, actor: WorkflowActor,
        now: Date, on connection: Connection
    ) throws -> [OpenedClaim] {
        let areas = try unitNames(of: product.unitCode, on: connection)
        var opened: [OpenedClaim] = []
        for (policy, amount) in policies.applicable(forStar: star, previousStar: previous, certifiedOn: term.issuedOn)
        where Self.policy(policy, coversAnyOf: areas) {
            let data: [String: JSONValue] = [
                "policy": .string(policy.id), "product_ref": .string("\(product.id)"), "certificate_ref": .string("\(certificateID)"),
                "star": .int(Int64(star.rawValue)), "amount": .int(amount.dong), "certificate_state": .string("VALID"),
                "certificate_expires_on": .string(term.expiresOn.iso),
                "product_name": product.snapshot.data["product_name"] ?? .null,
            ]
            let claim = try workflows.start(
                workflow: "support_claim", actor: actor, data: data, subjectID: product.subjectID, unitCode: product.unitCode, now: now,
                on: connection)
            do {
                try connection.execute(
                    """
                    INSERT INTO ocop_claim (instance_id, certificate_instance_id, product_instance_id, policy_id, star, amount)
                    VALUES (\(claim.id), \(certificateID), \(product.id), \(policy.id), \(star.rawValue), \(amount.dong))
                    """)
            } catch let error as DatabaseError where error.sqlState == .uniqueViolation {
                throw OCOPError(
                    .duplicate, vi: "sản phẩm \(product.id) đã có hồ sơ hỗ trợ theo chính sách \(policy.id) cho hạng \(star.name.vi)",
                    en: "product \(product.id) already has a claim under policy \(policy.id) for \(star)")
            }
            opened.append(OpenedClaim(claimID: claim.id, policyID: policy.id, amount: amount))
        }
        return opened
    }

    /// The unit and its ancestors, as (kind, name).
    func unitNames(of code: String?, on connection: Connection) throws -> [(kind: String, name: String)] {
        guard let code else { return [] }
        return try connection.query(
            """
            WITH RECURSIVE up(code, name, kind, parent_code, depth) AS (
                SELECT code, name, kind, parent_code, 0 FROM admin_unit WHERE code = \(code)
                UNION ALL
                SELECT u.code, u.name, u.kind, u.parent_code, up.depth + 1 FROM admin_unit u JOIN up ON u.code = up.parent_code
                WHERE up.depth < 10
            )
            SELECT kind, name FROM up ORDER BY depth
            """
        ).map { (try $0.decode("kind"), try $0.decode("name")) }
    }

    /// A policy covers a product when its area names the product's unit of the policy's level (province or district).
    ///
    /// Policies record their area as text only (`area: "huyện Hương Sơn, tỉnh Hà Tĩnh"`), so the match is on the
    /// unit's name without its "tỉnh"/"huyện" prefix, case-insensitively.
    static func policy(_ policy: SupportPolicy, coversAnyOf units: [(kind: String, name: String)]) -> Bool {
        let area = policy.area.vi.lowercased()
        let kind = policy.level == .district ? "district" : policy.level == .province ? "province" : nil
        return units.contains { unit in
            guard kind == nil || unit.kind == kind else { return false }
            var name = unit.name.lowercased()
            for prefix in ["tỉnh ", "huyện ", "thành phố ", "thị xã "] where name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
            return !name.isEmpty && area.contains(name)
        }
    }
}
