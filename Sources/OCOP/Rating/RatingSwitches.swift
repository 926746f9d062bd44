import Foundation

/// The configuration switches of DOMAIN.md §9 that change how a score becomes a decision.
///
/// Each rule-set file states all of them, so the defaults are data a reviewer can read next to the rules
/// they modify; `RatingSwitches.domainDefaults` mirrors §9 for callers building a rule set by hand.
/// A switch is consulted only where its situation can arise under a rule set's levels.
public struct RatingSwitches: Sendable, Hashable {
    /// §9.5: a level that certifies 4★ scores ≥ 90 and must forward the product for 5★.
    public enum TopScoreBeforeForwarding: String, Sendable, Hashable, CaseIterable {
        /// Certify 4★ first and forward as potential 5★ (1048 default).
        case certifyFourStarThenForward = "certify-4-star-then-forward"
        /// Forward only; the higher level decides (148's "tiềm năng 5 sao" procedure, and 1048's switch).
        case forwardWithoutCertifying = "forward-without-certifying"
    }

    /// §9.6: a higher level finds a star that a lower level certifies.
    public enum LowerStarAtHigherLevel: String, Sendable, Hashable, CaseIterable {
        /// Send the product back to the level that certifies that star (default).
        case returnToCertifyingLevel = "return-to-certifying-level"
        /// The higher level certifies the lower star itself.
        case certifyHere = "certify-here"
    }

    /// §9.7: the mandatory criteria of the score's band are not met.
    public enum MandatoryCriteriaUnmet: String, Sendable, Hashable, CaseIterable {
        /// Lower the star to the highest rank whose mandatory criteria are met (default).
        case lowerStar = "lower-star"
        /// The product is not recognised.
        case notRecognised = "not-recognised"
    }

    /// §9.8: how the average of members' totals is rounded before banding.
    public enum RoundingMode: String, Sendable, Hashable, CaseIterable {
        /// Half up (49.995 → 50.00), the default.
        case halfUp = "half-up"
        /// Half to even (banker's rounding).
        case halfEven = "half-even"
        /// Truncate towards zero.
        case down = "down"
    }

    /// §9.9: a district step is due on a day when districts no longer exist (1–5 July 2025 under 148).
    public enum WithoutDistrictLevel: String, Sendable, Hashable, CaseIterable {
        /// The province takes the district's steps, including 3★ (default).
        case provinceActsForDistrict = "province-acts-for-district"
        /// Stop and wait for a person to route the product.
        case holdForManualRouting = "hold-for-manual-routing"
    }

    /// §9.5.
    public var topScoreBeforeForwarding: TopScoreBeforeForwarding
    /// §9.6, first bullet: the province finds a star the district certifies.
    public var lowerStarAtProvince: LowerStarAtHigherLevel
    /// §9.6, second bullet: the central level finds a star the province (or district) certifies.
    public var lowerStarAtCentral: LowerStarAtHigherLevel
    /// §9.7.
    public var mandatoryCriteriaUnmet: MandatoryCriteriaUnmet
    /// §9.8: rounding mode of the average.
    public var averageRounding: RoundingMode
    /// §9.8: decimal places of the average.
    public var averagePlaces: Int
    /// §9.9.
    public var withoutDistrictLevel: WithoutDistrictLevel

    /// Creates a set of switches; every argument defaults to DOMAIN.md §9.
    public init(
        topScoreBeforeForwarding: TopScoreBeforeForwarding = .certifyFourStarThenForward,
        lowerStarAtProvince: LowerStarAtHigherLevel = .returnToCertifyingLevel,
        lowerStarAtCentral: LowerStarAtHigherLevel = .returnToCertifyingLevel,
        mandatoryCriteriaUnmet: MandatoryCriteriaUnmet = .lowerStar,
        averageRounding: RoundingMode = .halfUp,
        averagePlaces: Int = 2,
        withoutDistrictLevel: WithoutDistrictLevel = .provinceActsForDistrict
    ) {
        self.topScoreBeforeForwarding = topScoreBeforeForwarding
        self.lowerStarAtProvince = lowerStarAtProvince
        self.lowerStarAtCentral = lowerStarAtCentral
        self.mandatoryCriteriaUnmet = mandatoryCriteriaUnmet
        self.averageRounding = averageRounding
        self.averagePlaces = averagePlaces
        self.withoutDistrictLevel = withoutDistrictLevel
    }

    /// The defaults of DOMAIN.md §9 points 5–9.
    public static let domainDefaults = RatingSwitches()

    /// The switch that applies when `level` finds a star certified below it.
    func lowerStar(at level: CouncilLevel) -> LowerStarAtHigherLevel {
        level == .central ? lowerStarAtCentral : lowerStarAtProvince
    }

    /// Rounds an average as configured.
    public func roundAverage(_ value: Decimal) -> Decimal {
        let mode: NSDecimalNumber.RoundingMode =
            switch averageRounding {
            case .halfUp: .plain
            case .halfEven: .bankers
            case .down: .down
            }
        return value.rounded(places: averagePlaces, mode: mode)
    }
}
