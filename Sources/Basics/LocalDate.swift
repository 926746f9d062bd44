import Foundation

/// A calendar date with no time and no time zone, as written in decisions ("ngày 21/8/2019").
///
/// Foundation's `Date` is an instant: turning 2019-08-21 into one needs a time zone, and a wrong zone moves
/// a boundary date by a day. Rule-set boundaries, certificate expiry and policy validity are all calendar
/// dates, so they use this type. Codable as ISO "yyyy-mm-dd"; shown to people as dd/mm/yyyy.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, e.g. 2019.
    public let year: Int
    /// The month, 1…12.
    public let month: Int
    /// The day of the month, 1…28/29/30/31.
    public let day: Int

    /// Creates a date, or nil when the day does not exist (2023-02-29, month 13…).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...LocalDate.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly "yyyy-mm-dd"; anything else (no padding, a time part, an impossible day) is nil.
    /// A day as staff type it: `yyyy-mm-dd` or `dd/mm/yyyy`.
    public init?(typed text: String) {
        if let iso = LocalDate(iso: text) {
            self = iso
            return
        }
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 3, let date = LocalDate(year: parts[2], month: parts[1], day: parts[0]) else { return nil }
        self = date
    }

    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Unchecked initialiser for values the arithmetic has already clamped.
    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// ISO form, "2019-08-21"; the form stored in data files and the database.
    public var iso: String {
        // Without Foundation's `String(format:)`: an import writes hundreds of thousands of these (issue 15).
        guard year >= 0, month >= 0, day >= 0 else { return String(format: "%04d-%02d-%02d", year, month, day) }
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    /// The Vietnamese display form, "21/08/2019".
    public var displayString: String {
        String(format: "%02d/%02d/%04d", day, month, year)
    }

    /// The ISO form, so interpolating a date into a log line is unambiguous.
    public var description: String { iso }

    /// Chronological order.
    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // MARK: - Calendar facts

    /// Gregorian leap year rule.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Number of days in a month of a year; 0 for a month outside 1…12.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    // MARK: - Codable

    /// Decodes from "yyyy-mm-dd".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a date as yyyy-mm-dd, got '\(text)'"
            )
        }
        self = date
    }

    /// Encodes as "yyyy-mm-dd".
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}
