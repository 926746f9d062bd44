import Foundation

/// The score range that gives a star rank: `[lower, upper)`, or `[lower, upper]` for the top band.
///
/// Bands are half-open so that exactly 30, 50, 70 and 90 fall in the higher band (DOMAIN §2.2); software that
/// wrote `> 50 && < 70` let those scores fall through (§7).
public struct StarBand: Sendable, Hashable {
    /// The rank this band gives.
    public var star: Star
    /// The lowest score in the band, inclusive.
    public var lower: Decimal
    /// The upper bound of the band.
    public var upper: Decimal
    /// True only for the top band, whose upper bound (the maximum score) is itself in the band.
    public var upperInclusive: Bool

    /// Creates a band.
    public init(star: Star, lower: Decimal, upper: Decimal, upperInclusive: Bool) {
        self.star = star
        self.lower = lower
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    /// True when the score lies in this band.
    public func contains(_ score: Decimal) -> Bool {
        guard score >= lower else { return false }
        return upperInclusive ? score <= upper : score < upper
    }

    /// "[50, 70)" or "[90, 100]".
    public var notation: String {
        "[\(lower), \(upper)\(upperInclusive ? "]" : ")")"
    }
}
