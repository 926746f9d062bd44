import Foundation

/// Conversions between instants and Vietnamese calendar days (Asia/Ho_Chi_Minh).
///
/// Vietnam has kept UTC+7 with no daylight saving since 1975, so a fixed offset gives the same answers as the
/// tz database for every date this system handles, without depending on the host's zone files.
public enum VietnamTime {
    /// Seconds east of UTC: +07:00.
    public static let offsetSeconds = 7 * 3600

    /// The Vietnamese calendar day on which an instant falls.
    public static func date(of instant: Date) -> LocalDate {
        let local = Int((instant.timeIntervalSince1970 + Double(offsetSeconds)).rounded(.down))
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        return LocalDate(dayNumber: days)
    }

    /// Seconds elapsed since local midnight for an instant.
    public static func secondsIntoDay(of instant: Date) -> TimeInterval {
        instant.timeIntervalSince(startOfDay(date(of: instant)))
    }

    /// 00:00 in Vietnam on a day, as an instant.
    public static func startOfDay(_ date: LocalDate) -> Date {
        Date(timeIntervalSince1970: TimeInterval(date.dayNumber * 86400 - offsetSeconds))
    }

    /// An instant as people in Vietnam read it: `28/11/2022 08:00` (no seconds).
    public static func screen(_ instant: Date) -> String {
        let seconds = Int(secondsIntoDay(of: instant).rounded(.down))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date(of: instant).displayString) \(two(seconds / 3600)):\(two(seconds / 60 % 60))"
    }

    /// Reads a business time typed by staff: `yyyy-mm-dd`, `dd/mm/yyyy` (00:00 that day in Vietnam), either followed by
    /// ` HH:mm[:ss]` or `THH:mm[:ss]`, or a full ISO 8601 time with its own offset. Nil when it is none of these.
    public static func parse(typed text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 40 else { return nil }
        if let instant = try? Date(trimmed, strategy: .iso8601) { return instant }
        let pieces = trimmed.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        guard (1...2).contains(pieces.count), let date = LocalDate(typed: pieces[0]) else { return nil }
        var seconds = 0
        if pieces.count == 2 {
            let clock = pieces[1].split(separator: ":").map { Int($0) }
            guard (2...3).contains(clock.count), clock.allSatisfy({ $0 != nil }) else { return nil }
            let (hour, minute, second) = (clock[0]!, clock[1]!, clock.count == 3 ? clock[2]! : 0)
            guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
            seconds = hour * 3600 + minute * 60 + second
        }
        return startOfDay(date).addingTimeInterval(TimeInterval(seconds))
    }

    /// An instant as ISO 8601 in Vietnam's time, e.g. `2022-11-28T08:00:00+07:00`, as JSON output shows times.
    public static func isoLocal(_ instant: Date) -> String {
        let day = date(of: instant)
        let seconds = Int(secondsIntoDay(of: instant).rounded(.down))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(day)T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))+07:00"
    }

    /// An instant as ISO 8601 in UTC, e.g. `2022-11-28T01:00:00Z`, as stored by `now: timestamp` effects.
    public static func isoTimestamp(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - days * 86400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(LocalDate(dayNumber: days))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    /// Reads a data value as an instant: a `yyyy-mm-dd` day means its start in Vietnam; a full ISO 8601 timestamp is
    /// taken as written.
    public static func instant(from value: JSONValue) -> Date? {
        guard let text = value.stringValue else { return nil }
        if let date = LocalDate(iso: text) { return startOfDay(date) }
        return try? Date(text, strategy: .iso8601)
    }
}
