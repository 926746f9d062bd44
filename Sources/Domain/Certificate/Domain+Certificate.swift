import Foundation
import OCOP
import Workflow

/// Guards that look at an OCOP certificate from another workflow (support claims), through the copy in the data.
extension Domain {
    /// The certificate workflow's states in which the certificate is in force, with their names for messages.
    static let certificateStatesInForce: Set<String> = ["VALID", "EXPIRY_NOTICE_SENT", "RENEWAL_IN_PROGRESS"]

    /// Names of the certificate workflow's states, for messages.
    static let certificateStateNames: [String: Bilingual] = [
        "VALID": Bilingual(vi: "còn hiệu lực", en: "valid"),
        "EXPIRY_NOTICE_SENT": Bilingual(vi: "đã thông báo sắp hết hiệu lực", en: "expiry notice sent"),
        "RENEWAL_IN_PROGRESS": Bilingual(vi: "đang đánh giá lại", en: "re-rating in progress"),
        "SUPERSEDED": Bilingual(vi: "đã được thay thế", en: "superseded"),
        "EXPIRED": Bilingual(vi: "hết hiệu lực", en: "expired"),
        "REVOKED": Bilingual(vi: "bị thu hồi", en: "revoked"),
    ]

    /// `certificate_in_force`: the certificate state copied into `certificate_state` is one in which it is in force
    /// (VALID, EXPIRY_NOTICE_SENT, RENEWAL_IN_PROGRESS), and `certificate_expires_on`, when recorded, is after today.
    ///
    /// The date check covers the hours between 00:00 on the expiry day and the expiry timer being processed.
    public static let certificateInForce = GuardSpec(
        name: "certificate_in_force",
        parameters: [.init("field", .string, isRequired: false), .init("expires_field", .string, isRequired: false)]
    ) { context in
        let path = context.path("field", default: "certificate_state")
        guard let state = context.text(at: path) else {
            return .failed(
                vi: "chưa có trạng thái giấy chứng nhận OCOP (\(path)); cần đối chiếu giấy chứng nhận trước",
                en: "the OCOP certificate's state is not recorded (\(path)); check the certificate first"
            )
        }
        guard certificateStatesInForce.contains(state) else {
            let name = certificateStateNames[state] ?? Bilingual(vi: state, en: state)
            return .failed(
                vi: "giấy chứng nhận OCOP \(name.vi) (\(state)), không còn hiệu lực",
                en: "the OCOP certificate is \(name.en) (\(state)), no longer in force"
            )
        }
        if let expires = context.date(at: context.path("expires_field", default: "certificate_expires_on")), expires <= context.localToday {
            return .failed(
                vi: "giấy chứng nhận OCOP hết hiệu lực từ ngày \(expires.displayString)",
                en: "the OCOP certificate expired on \(expires.displayString)"
            )
        }
        return .passed
    }
}

/// The data a new certificate instance starts with.
extension Domain {
    /// The initial data of an `ocop_certificate` instance, started in VALID when a product is certified.
    ///
    /// `expires_on` comes from `CertificateTerm` under the rule set that issued the certificate (§9.10: 36 months,
    /// clamped at month end), so the expiry timer and `CertificateTerm.isInForce` agree on the day.
    ///
    /// ```swift
    /// let data = Domain.certificateData(issuedOn: day, star: .four, level: .province, ruleSet: ocop148,
    ///                                   decisionRef: "436/QĐ-UBND", productRef: "P-17")
    /// let creation = try engine.start(data: data, now: now)   // schedules the notice and expiry timers
    /// ```
    public static func certificateData(
        issuedOn: LocalDate, star: Star, level: CouncilLevel, ruleSet: RuleSet, decisionRef: String, productRef: String? = nil
    ) -> [String: JSONValue] {
        let term = CertificateTerm(issuedOn: issuedOn, ruleSet: ruleSet)
        var data: [String: JSONValue] = [
            "issued_on": .string(term.issuedOn.iso),
            "expires_on": .string(term.expiresOn.iso),
            "notice_on": .string(term.noticeOn.iso),
            "star": .int(Int64(star.rawValue)),
            "level": .string(level.rawValue),
            "rule_set": .string(ruleSet.id),
            "decision_ref": .string(decisionRef),
        ]
        if let productRef { data["product_ref"] = .string(productRef) }
        return data
    }
}
