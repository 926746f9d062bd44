import Foundation

/// A length of time as written in workflow files: `36 months`, `30 days`, `2 working days`, `12 hours`.
///
/// Months and years are calendar months (clamped at month end), days and weeks are calendar days, working days skip
/// weekends and the holidays of the `WorkingCalendar` in use. All arithmetic is in Vietnamese time.
public struct WorkflowDuration: Sendable, Hashable, CustomStringConvertible {
    /// The unit of a duration.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        /// Hours of elapsed time.
        case hours
        /// Calendar days.
        case days
        /// Seven calendar days.
        case weeks
        /// Days public offices work.
        case workingDays = "working days"
        /// Calendar months.
        case months
        /// Calendar years.
        case years
    }

    /// How many units; zero or more.
    public var amount: Int
    /// Which unit.
    public var unit: Unit

    /// Creates a duration.
    public init(_ amount: Int, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// Parses `<n> <unit>`, singular or plural, e.g. `1 month`, `2 working days`; nil for anything else.
    public init?(parsing text: String) {
        let words = text.lowercased().split(whereSeparator: \.isWhitespace)
        guard words.count >= 2, let amount = Int(words[0]), amount >= 0, amount <= 100_000 else { return nil }
        var unitText = words.dropFirst().joined(separator: " ")
        if !unitText.hasSuffix("s") { unitText += "s" }
        unitText = unitText.replacingOccurrences(of: "working-days", with: "working days")
        guard let unit = Unit(rawValue: unitText) else { return nil }
        self.init(amount, unit)
    }

    /// `36 months`, `1 working day`.
    public var description: String {
        let name = unit.rawValue
        return "\(amount) " + (amount == 1 ? String(name.dropLast()) : name)
    }

    /// The instant this duration after (or before) `instant`, keeping the time of day for day-based units.
    public func apply(to instant: Date, backwards: Bool = false, calendar: WorkingCalendar) -> Date {
        let sign = backwards ? -1 : 1
        if unit == .hours {
            return instant.addingTimeInterval(TimeInterval(sign * amount * 3600))
        }
        let timeOfDay = VietnamTime.secondsIntoDay(of: instant)
        let day = apply(to: VietnamTime.date(of: instant), backwards: backwards, calendar: calendar)
        return VietnamTime.startOfDay(day).addingTimeInterval(timeOfDay)
    }

    /// The day this duration after (or before) `date`; hours count as whole days only once they reach 24.
    public func apply(to date: LocalDate, backwards: Bool = false, calendar: WorkingCalendar) -> LocalDate {
        let signed = backwards ? -amount : amount
        switch unit {
        case .hours: return date.adding(days: signed / 24)
        case .days: return date.adding(days: signed)
        case .weeks: return date.adding(days: 7 * signed)
        case .workingDays: return calendar.addWorkingDays(signed, to: date)
        case .months: return date.adding(months: signed)
        case .years: return date.adding(months: 12 * signed)
        }
    }
}
