import Foundation

/// A span of calendar dates with inclusive ends, as decisions write them ("từ ngày … đến hết ngày …").
///
/// An open end (`to == nil`) means "until replaced", e.g. the rule set in force today.
public struct ValidityPeriod: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The first day in force.
    public var from: LocalDate
    /// The last day in force, or nil when open-ended.
    public var to: LocalDate?

    /// Creates a period; `to` should not be before `from` (the loaders check it).
    public init(from: LocalDate, to: LocalDate? = nil) {
        self.from = from
        self.to = to
    }

    /// True when `date` is on or after `from` and on or before `to`.
    public func contains(_ date: LocalDate) -> Bool {
        guard date >= from else { return false }
        guard let to else { return true }
        return date <= to
    }

    /// True when the two periods share at least one day.
    public func overlaps(_ other: ValidityPeriod) -> Bool {
        let startsBeforeOtherEnds = other.to.map { from <= $0 } ?? true
        let otherStartsBeforeThisEnds = to.map { other.from <= $0 } ?? true
        return startsBeforeOtherEnds && otherStartsBeforeThisEnds
    }

    /// "21/08/2019 – 23/02/2023", or "từ 06/07/2025" when open-ended.
    public var description: String {
        guard let to else { return "từ \(from.displayString)" }
        return "\(from.displayString) – \(to.displayString)"
    }
}
