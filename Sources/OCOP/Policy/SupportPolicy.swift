import Foundation

/// A province's or district's OCOP support policy: who pays how much per star and per upgrade (§3, §6.5).
///
/// Policies are data (`workflows/policies/*.yaml`); a support claim is created for each certified product that
/// an active policy covers, with the amount from `amount(forStar:previousStar:)`. District policies stack on
/// top of provincial ones, so several policies may cover the same certificate.
public struct SupportPolicy: Sendable, Hashable, Identifiable {
    /// How sure the file is of its amounts and period (DOMAIN.md's marks): H the legal text, M one source or a firm
    /// inference, L unverified. Shown with the policy so no one mistakes an assumption for a decision.
    public enum Confidence: String, Sendable, Hashable, CaseIterable {
        case high = "H", medium = "M", low = "L"
    }

    /// An amount paid when a product moves up from one certified star to another.
    public struct UpgradeAmount: Sendable, Hashable {
        /// The star held before.
        public var from: Star
        /// The star reached.
        public var to: Star
        /// The amount in the policy's currency.
        public var amount: VND

        /// Creates an upgrade amount.
        public init(from: Star, to: Star, amount: VND) {
            self.from = from
            self.to = to
            self.amount = amount
        }
    }

    /// Other support in the policy that is not tied to a star (technology transfer, an OCOP shop…), kept for reports.
    public struct OtherSupport: Sendable, Hashable {
        /// A stable code.
        public var code: String
        /// What is supported.
        public var name: Bilingual
        /// A fixed amount, if any.
        public var amount: VND?
        /// A share of the cost in percent, if any.
        public var ratePercent: Decimal?
        /// The most paid under `ratePercent`, if capped.
        public var cap: VND?

        /// Creates an entry.
        public init(code: String, name: Bilingual, amount: VND? = nil, ratePercent: Decimal? = nil, cap: VND? = nil) {
            self.code = code
            self.name = name
            self.amount = amount
            self.ratePercent = ratePercent
            self.cap = cap
        }
    }

    /// The stable id, e.g. "ha-tinh-2019".
    public var id: String
    /// A descriptive name.
    public var name: Bilingual
    /// The body that issued and pays the policy.
    public var issuer: Bilingual
    /// The level of the issuing unit: province or district.
    public var level: CouncilLevel
    /// The unit whose products are covered, e.g. Hà Tĩnh or Hương Sơn.
    public var area: Bilingual
    /// The decisions behind the policy.
    public var legalBasis: [LegalReference]
    /// The certification dates the policy covers, inclusive.
    public var validity: ValidityPeriod
    /// The currency of every amount; "VND".
    public var currency: String
    /// Where the money comes from.
    public var fundingSource: Bilingual
    /// The amount for a product certified at a star for the first time.
    public var starAmounts: [Star: VND]
    /// Amounts for upgrades between certified stars.
    public var upgradeAmounts: [UpgradeAmount]
    /// Support not tied to a star.
    public var otherSupport: [OtherSupport]
    /// The beneficiary's claim dossier (§9.16: set per policy).
    public var claimDossierItems: [DossierItem]
    /// The least certain of the policy's facts (`confidence:` in the file; H when not given).
    public var confidence: Confidence
    /// What is confirmed and what is assumed.
    public var confidenceNote: Bilingual?

    /// Creates a policy; prefer loading one from YAML, which also validates it.
    public init(
        id: String,
        name: Bilingual,
        issuer: Bilingual,
        level: CouncilLevel,
        area: Bilingual,
        legalBasis: [LegalReference],
        validity: ValidityPeriod,
        currency: String,
        fundingSource: Bilingual,
        starAmounts: [Star: VND],
        upgradeAmounts: [UpgradeAmount],
        otherSupport: [OtherSupport],
        claimDossierItems: [DossierItem],
        confidence: Confidence = .high,
        confidenceNote: Bilingual? = nil
    ) {
        self.confidence = confidence
        self.confidenceNote = confidenceNote
        self.id = id
        self.name = name
        self.issuer = issuer
        self.level = level
        self.area = area
        self.legalBasis = legalBasis
        self.validity = validity
        self.currency = currency
        self.fundingSource = fundingSource
        self.starAmounts = starAmounts
        self.upgradeAmounts = upgradeAmounts
        self.otherSupport = otherSupport
        self.claimDossierItems = claimDossierItems
    }

    /// True when a certificate issued on `date` falls under this policy (both ends inclusive).
    public func covers(date: LocalDate) -> Bool {
        validity.contains(date)
    }

    /// The support for a product certified at `star`, or nil when the policy pays nothing for it.
    ///
    /// - With no certified previous star (nil, 1★ or 2★), the star's own amount.
    /// - With a lower certified previous star, the upgrade amount for that pair; a policy that lists no
    ///   upgrade amounts (Hà Tĩnh 2019) pays nothing for an upgrade rather than paying the full star again.
    /// - With the same or a higher previous star (re-recognition, downgrade), nothing.
    public func amount(forStar star: Star, previousStar: Star? = nil) -> VND? {
        guard star.isCertifiable else { return nil }
        guard let previous = previousStar, previous.isCertifiable else {
            return starAmounts[star]
        }
        guard previous < star else { return nil }
        return upgradeAmounts.first { $0.from == previous && $0.to == star }?.amount
    }
}
