/// Which days public offices work: weekends and decreed holidays are off, make-up Saturdays are on.
///
/// Pure data: the holidays come from `workflows/calendars/vn-holidays.yaml` (see `WorkingCalendar+YAML.swift`),
/// never from the host.
public struct WorkingCalendar: Sendable, Hashable {
    /// A named day off, as decreed.
    public struct Holiday: Sendable, Hashable {
        /// The day.
        public var date: LocalDate
        /// What the day is, e.g. "Tết Nguyên đán" / "Lunar New Year".
        public var name: Bilingual

        /// Creates a holiday.
        public init(date: LocalDate, name: Bilingual) {
            self.date = date
            self.name = name
        }
    }

    /// ISO weekdays that are off (6 = Saturday, 7 = Sunday).
    public var weekend: Set<Int>
    /// Days off that would otherwise be working days, keyed by date.
    public var holidays: [LocalDate: Holiday]
    /// Weekend days decreed as working days, to make up for a bridged day (làm bù).
    public var makeUpWorkingDays: Set<LocalDate>

    /// Creates a calendar; the default is Saturday and Sunday off with no holidays.
    public init(weekend: Set<Int> = [6, 7], holidays: [Holiday] = [], makeUpWorkingDays: Set<LocalDate> = []) {
        self.weekend = weekend
        self.holidays = Dictionary(holidays.map { ($0.date, $0) }, uniquingKeysWith: { first, _ in first })
        self.makeUpWorkingDays = makeUpWorkingDays
    }

    /// A calendar where only weekends are off.
    public static let weekendsOnly = WorkingCalendar()

    /// True when public offices work on that day.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        if makeUpWorkingDays.contains(date) { return true }
        if holidays[date] != nil { return false }
        return !weekend.contains(date.isoWeekday)
    }

    /// The day that is `count` working days after `date` (before it when negative).
    ///
    /// The start day itself is not counted, so "2 working days after Friday" is Tuesday; a count of 0 returns the
    /// date unchanged even when it is a day off.
    public func addWorkingDays(_ count: Int, to date: LocalDate) -> LocalDate {
        let step = count >= 0 ? 1 : -1
        var remaining = abs(count)
        var current = date
        // A run of days off is at most a few weeks (Tết), so this ends; a calendar with no working day at all would
        // not, which `validated` prevents for calendars loaded from YAML.
        while remaining > 0 {
            current = current.adding(days: step)
            if isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// The number of working days in the half-open range `start ..< end` (0 when `end <= start`).
    public func workingDays(from start: LocalDate, to end: LocalDate) -> Int {
        var count = 0
        var current = start
        while current < end {
            if isWorkingDay(current) { count += 1 }
            current = current.adding(days: 1)
        }
        return count
    }
}
