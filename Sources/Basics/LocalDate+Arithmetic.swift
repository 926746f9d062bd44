import Foundation

extension LocalDate {
    /// The date `months` calendar months later (or earlier), clamped to the last day of the target month.
    ///
    /// Certificates run "36 months from issue": 2021-08-31 + 36 months is 2024-08-31, and 2020-02-29 + 36
    /// months is 2023-02-28 because 2023 has no 29 February. Clamping never rolls into the next month.
    public func adding(months: Int) -> LocalDate {
        let monthIndex = year * 12 + (month - 1) + months
        let newYear = Self.floorDivide(monthIndex, 12)
        let newMonth = monthIndex - newYear * 12 + 1
        let newDay = min(day, Self.daysInMonth(year: newYear, month: newMonth))
        return LocalDate(uncheckedYear: newYear, month: newMonth, day: newDay)
    }

    /// The date `days` days later (or earlier, when negative).
    public func adding(days: Int) -> LocalDate {
        LocalDate(dayNumber: dayNumber + days)
    }

    /// Whole days from this date to `other`; negative when `other` is earlier.
    public func days(until other: LocalDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// Days since 1970-01-01, by Howard Hinnant's `days_from_civil`; pure integer arithmetic, no time zone.
    public var dayNumber: Int { Self.dayNumber(year: year, month: month, day: day) }

    /// The day number of a civil date, unchecked (a caller validates month and day as it needs).
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = Self.floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day number counted from 1970-01-01 (Hinnant's `civil_from_days`).
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = Self.floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(uncheckedYear: year, month: month, day: day)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public var isoWeekday: Int {
        let offset = (dayNumber + 3) % 7
        return (offset < 0 ? offset + 7 : offset) + 1
    }

    /// Integer division rounding towards minus infinity; Swift's `/` truncates towards zero.
    private static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
