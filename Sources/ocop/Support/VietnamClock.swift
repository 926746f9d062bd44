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
    static func iso(_ instant: Date) -> String { VietnamTime.isoLocal(instant) }

    /// Reads a business time typed by staff (``VietnamTime/parse(typed:)``).
    static func parse(_ text: String) -> Date? { VietnamTime.parse(typed: text) }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
