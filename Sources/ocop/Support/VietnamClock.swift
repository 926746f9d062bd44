import Foundation
import Workflow

/// Times as people in Vietnam read and type them: `dd/mm/yyyy HH:mm` on screen, ISO 8601 with `+07:00` in JSON.
///
/// Vietnam keeps UTC+7 with no daylight saving, so a fixed offset is exact (as in `VietnamTime`).
enum VietnamClock {
    /// `28/11/2022 08:00`.
    static func screen(_ instant: Date) -> String { VietnamTime.screen(instant) }

    /// `28/11/2022`.
    static func day(_ date: LocalDate) -> String { "\(two(date.day))/\(two(date.month))/\(date.year)" }

    /// `2022-11-28T08:00:00+07:00`.
    static func iso(_ instant: Date) -> String {
        let (date, hour, minute, second) = parts(instant)
        return "\(date)T\(two(hour)):\(two(minute)):\(two(second))+07:00"
    }

    /// Reads a business time typed by staff: `yyyy-mm-dd`, `dd/mm/yyyy` (00:00 that day in Vietnam), either followed by
    /// ` HH:mm` or `THH:mm[:ss]`, or a full ISO 8601 time with its own offset. Nil when it is none of these.
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let instant = try? Date(trimmed, strategy: .iso8601) { return instant }
        let pieces = trimmed.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        guard (1...2).contains(pieces.count), let date = calendarDate(pieces[0]) else { return nil }
        var seconds = 0
        if pieces.count == 2 {
            let clock = pieces[1].split(separator: ":").map { Int($0) }
            guard (2...3).contains(clock.count), clock.allSatisfy({ $0 != nil }) else { return nil }
            let (hour, minute, second) = (clock[0]!, clock[1]!, clock.count == 3 ? clock[2]! : 0)
            guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
            seconds = hour * 3600 + minute * 60 + second
        }
        return VietnamTime.startOfDay(date).addingTimeInterval(TimeInterval(seconds))
    }

    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    static func calendarDate(_ text: String) -> LocalDate? {
        if let date = LocalDate(iso: text) { return date }
        let numbers = text.split(separator: "/").map { Int($0) }
        guard numbers.count == 3, let day = numbers[0], let month = numbers[1], let year = numbers[2], year >= 1000 else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    private static func parts(_ instant: Date) -> (LocalDate, Int, Int, Int) {
        let date = VietnamTime.date(of: instant)
        let seconds = Int(VietnamTime.secondsIntoDay(of: instant).rounded(.down))
        return (date, seconds / 3600, seconds / 60 % 60, seconds % 60)
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
