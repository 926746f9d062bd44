import Foundation
import Yams

/// Loading a working calendar from `workflows/calendars/*.yaml`.
///
/// ```yaml
/// weekend: [saturday, sunday]
/// holidays:
///   - { date: 2024-01-01, vi: Tết Dương lịch, en: New Year's Day }
///   - { from: 2024-02-08, to: 2024-02-14, vi: Tết Nguyên đán, en: Lunar New Year }
/// working_days:            # make-up Saturdays (làm bù)
///   - 2024-05-04
/// ```
extension WorkingCalendar {
    private static let weekdays = ["monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7]

    /// Parses a calendar file; throws every problem found, each with file, line and column.
    public static func load(path: String, yaml: String) throws(DefinitionErrors) -> WorkingCalendar {
        var diagnostics = Diagnostics(path: path)
        guard let root = diagnostics.compose(yaml),
            let top = diagnostics.mapping(root, what: "calendar", allowed: ["weekend", "holidays", "working_days", "note"])
        else { throw DefinitionErrors(diagnostics.errors) }

        var weekend: Set<Int> = [6, 7]
        if let node = top["weekend"] {
            weekend = []
            for item in diagnostics.list(node, what: "weekend") {
                guard let day = item.scalar.flatMap({ weekdays[$0.string.lowercased()] }) else {
                    diagnostics.add(.badValue, at: item, vi: "không phải tên thứ trong tuần (monday … sunday)",
                                    en: "not a weekday name (monday … sunday)")
                    continue
                }
                weekend.insert(day)
            }
        }
        var holidays: [Holiday] = []
        for item in top["holidays"].map({ diagnostics.list($0, what: "holidays") }) ?? [] {
            holidays += parseHoliday(item, diagnostics: &diagnostics)
        }
        var makeUp: Set<LocalDate> = []
        for item in top["working_days"].map({ diagnostics.list($0, what: "working_days") }) ?? [] {
            if let date = date(item, diagnostics: &diagnostics) { makeUp.insert(date) }
        }
        if weekend.count >= 7 {
            diagnostics.add(.badValue, at: top["weekend"], vi: "phải còn ít nhất một ngày làm việc trong tuần",
                            en: "at least one weekday must be a working day")
        }
        guard diagnostics.errors.isEmpty else { throw DefinitionErrors(diagnostics.errors) }
        return WorkingCalendar(weekend: weekend, holidays: holidays, makeUpWorkingDays: makeUp)
    }

    /// Reads a calendar file from disk; `displayPath` is what errors show.
    public static func load(contentsOf url: URL, displayPath: String? = nil) throws(DefinitionErrors) -> WorkingCalendar {
        let path = displayPath ?? url.path
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            throw DefinitionErrors([DefinitionError(
                code: .unreadableFile, location: SourceLocation(path: path, line: 1, column: 1),
                message: Bilingual(vi: "không đọc được tệp", en: "cannot read the file")
            )])
        }
        return try load(path: path, yaml: text)
    }

    private static func parseHoliday(_ node: Node, diagnostics: inout Diagnostics) -> [Holiday] {
        guard let reader = diagnostics.mapping(node, what: "holiday", allowed: ["date", "from", "to", "vi", "en", "note"]) else { return [] }
        let vi = diagnostics.required("vi", in: reader, what: "holiday").flatMap { diagnostics.string($0, what: "vi") }
        let en = diagnostics.required("en", in: reader, what: "holiday").flatMap { diagnostics.string($0, what: "en") }
        var days: [LocalDate] = []
        if let dateNode = reader["date"] {
            days = date(dateNode, diagnostics: &diagnostics).map { [$0] } ?? []
        } else if let fromNode = diagnostics.required("from", in: reader, what: "holiday"),
            let toNode = diagnostics.required("to", in: reader, what: "holiday"),
            let start = date(fromNode, diagnostics: &diagnostics), let end = date(toNode, diagnostics: &diagnostics)
        {
            guard start <= end, end.dayNumber - start.dayNumber < 31 else {
                diagnostics.add(.badValue, at: toNode, vi: "khoảng ngày nghỉ không hợp lệ", en: "bad holiday range")
                return []
            }
            days = (start.dayNumber ... end.dayNumber).map(LocalDate.init(dayNumber:))
        }
        guard let vi, let en else { return [] }
        return days.map { Holiday(date: $0, name: Bilingual(vi: vi, en: en)) }
    }

    private static func date(_ node: Node, diagnostics: inout Diagnostics) -> LocalDate? {
        if let text = node.scalar?.string, let date = LocalDate(iso: text) { return date }
        diagnostics.add(.badValue, at: node, vi: "không phải ngày yyyy-mm-dd", en: "not a yyyy-mm-dd date")
        return nil
    }
}
