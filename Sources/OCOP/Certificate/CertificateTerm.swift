import Foundation

/// The dates of an OCOP certificate: issue, expiry notice and expiry (§2.4, §6.4).
///
/// A 3–5★ certificate is valid for the rule set's validity months from issue (36), counted in calendar
/// months with the day clamped to the month's end; the issuer notifies the subject `noticeDays` (30) before.
public struct CertificateTerm: Sendable, Hashable, Codable {
    /// Where a certificate stands on a given day.
    public enum Status: String, Sendable, Hashable, Codable {
        /// Before the issue date (a date typed wrongly, or a back-dated query).
        case notYetIssued = "not-yet-issued"
        /// In force, before the notice date.
        case valid
        /// In force, on or after the notice date: the issuer should have notified the subject.
        case noticeDue = "notice-due"
        /// On or after the expiry date.
        case expired
    }

    /// The issue date on the decision.
    public let issuedOn: LocalDate
    /// The first day the certificate is no longer in force: `issuedOn` + validity months.
    public let expiresOn: LocalDate
    /// The day the expiry notice is due: `expiresOn` − notice days.
    public let noticeOn: LocalDate

    /// Computes the term from an issue date and the rule set's validity and notice periods.
    ///
    /// §9.10: a certificate keeps the notice period of the rule set that issued it, so pass that rule set's values.
    public init(issuedOn: LocalDate, validityMonths: Int, noticeDays: Int) {
        self.issuedOn = issuedOn
        self.expiresOn = issuedOn.adding(months: validityMonths)
        self.noticeOn = expiresOn.adding(days: -noticeDays)
    }

    /// Computes the term under the rule set that issued the certificate.
    public init(issuedOn: LocalDate, ruleSet: RuleSet) {
        self.init(issuedOn: issuedOn, validityMonths: ruleSet.validityMonths, noticeDays: ruleSet.noticeDays)
    }

    /// True from the issue date up to the day before `expiresOn`.
    public func isInForce(on date: LocalDate) -> Bool {
        date >= issuedOn && date < expiresOn
    }

    /// The certificate's status on a day; revocation and supersession are workflow states, not dates, so they are not here.
    public func status(on date: LocalDate) -> Status {
        if date < issuedOn { return .notYetIssued }
        if date >= expiresOn { return .expired }
        return date >= noticeOn ? .noticeDue : .valid
    }
}
