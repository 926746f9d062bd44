import Foundation
import OCOP
import Workflow

/// Reads NTM assessments from CSV as exported by Excel (UTF-8, with or without BOM, CRLF or LF):
///
/// ```
/// unit,criteria_set,criterion,as_of,status,note,evidence
/// duc-linh,ntm-commune-advanced-ha-tinh-provisional,02,31/10/2022,đạt,,BB-02
/// ```
///
/// Vietnamese headers work too (`don_vi, bo_tieu_chi, tieu_chi, ngay, trang_thai, ghi_chu, minh_chung`). Dates are
/// dd/mm/yyyy or yyyy-mm-dd; status is đạt / cơ bản đạt / chưa đạt (or dat, co_ban_dat, chua_dat). Optional columns
/// `plan`/`khoi_luong` ("85-95", % of the planned volume) and `kind`/`loai` (đã đạt / ước đạt / dự kiến, or achieved /
/// estimate / forecast) record a % range; a line then needs a status or a range. Every problem is reported with its
/// line and column, and nothing is taken unless every line is valid.
public enum NTMAssessmentCSV {
    private static let aliases: [String: String] = [
        "unit": "unit", "don_vi": "unit", "criteria_set": "set", "bo_tieu_chi": "set", "criterion": "criterion", "tieu_chi": "criterion",
        "as_of": "as_of", "ngay": "as_of", "status": "status", "trang_thai": "status", "note": "note", "ghi_chu": "note",
        "evidence": "evidence", "minh_chung": "evidence", "plan": "plan", "khoi_luong": "plan", "kind": "kind", "loai": "kind",
    ]

    public static func parse(_ text: String, today: LocalDate? = nil) throws -> [NTMAssessmentStore.Row] {
        try parseLines(text, today: today).map(\.row)
    }

    /// The rows with the line each came from. With `today` (the business day of the request), a row dated after it
    /// is a problem of its line and date column; every problem of the file is reported at once.
    public static func parseLines(_ text: String, today: LocalDate? = nil) throws -> [(line: Int, row: NTMAssessmentStore.Row)] {
        // Split by ``CSVFields`` on the text's bytes (SwiftCSV's rules, character by character, took most of a large
        // import's time); CRLF and a byte-order mark are handled there.
        let all: [[String]]
        do {
            all = try CSVFields.rows(text)
        } catch {
            throw NTMError(vi: "tệp CSV không đọc được: \(error)", en: "the CSV file cannot be read: \(error)")
        }
        let csv = (header: all.first ?? [], rows: all.dropFirst())
        var columns: [String: Int] = [:]
        var problems: [Bilingual] = []
        for (index, raw) in csv.header.enumerated() {
            let name = CSVFields.trimmed(raw).lowercased()
            guard let key = aliases[name] else {
                problems.append(Bilingual(vi: "dòng 1: cột \"\(raw)\" không được hỗ trợ", en: "line 1: column \"\(raw)\" is not supported"))
                continue
            }
            columns[key] = index
        }
        for required in ["unit", "set", "criterion", "as_of"] where columns[required] == nil {
            problems.append(Bilingual(vi: "dòng 1: thiếu cột \"\(required)\"", en: "line 1: column \"\(required)\" is missing"))
        }
        for required in ["status"] where columns[required] == nil && columns["plan"] == nil {
            problems.append(Bilingual(vi: "dòng 1: thiếu cột \"\(required)\"", en: "line 1: column \"\(required)\" is missing"))
        }
        guard problems.isEmpty else { throw failure(problems) }
        var rows: [(line: Int, row: NTMAssessmentStore.Row)] = []
        rows.reserveCapacity(csv.rows.count)
        for (offset, row) in csv.rows.enumerated() {
            let line = offset + 2
            if row.allSatisfy({ CSVFields.trimmed($0).isEmpty }) { continue }
            // A row longer than the header (cells beyond it that are not empty): a stray comma or a shifted row, never read
            // as if it fitted. Empty trailing cells (Excel's trailing commas) are harmless.
            if row.count > csv.header.count, row[csv.header.count...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                problems.append(
                    Bilingual(
                        vi: "dòng \(line), cột \(csv.header.count + 1): dòng có \(row.lastIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }).map { $0 + 1 } ?? row.count) ô nhưng tiêu đề chỉ có \(csv.header.count) cột (thừa dấu phẩy?)",
                        en: "line \(line), column \(csv.header.count + 1): the row has \(row.lastIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }).map { $0 + 1 } ?? row.count) cells but the header only \(csv.header.count) (a stray comma?)"))
                continue
            }
            func cell(_ key: String) -> String? {
                guard let index = columns[key], index < row.count else { return nil }
                let value = CSVFields.trimmed(row[index])
                return value.isEmpty ? nil : value
            }
            func problem(_ key: String, vi: String, en: String) {
                let column = (columns[key] ?? 0) + 1
                problems.append(Bilingual(vi: "dòng \(line), cột \(column) (\(key)): \(vi)", en: "line \(line), column \(column) (\(key)): \(en)"))
            }
            let unit = cell("unit")
            let set = cell("set")
            let criterion = cell("criterion")
            if unit == nil { problem("unit", vi: "thiếu đơn vị", en: "unit missing") }
            if set == nil { problem("set", vi: "thiếu bộ tiêu chí", en: "criteria set missing") }
            if criterion == nil { problem("criterion", vi: "thiếu tiêu chí", en: "criterion missing") }
            let dateText = cell("as_of")
            let date = dateText.flatMap(Self.date)
            if date == nil { problem("as_of", vi: "ngày \"\(dateText ?? "")\" không hợp lệ (dd/mm/yyyy)", en: "date \"\(dateText ?? "")\" is invalid (dd/mm/yyyy)") }
            if let date, let today, date > today {
                let message = NTMService.futureMessage(date, today: today, what: Bilingual(vi: "ngày số liệu", en: "the as-of date"))
                problem("as_of", vi: message.vi, en: message.en)
            }
            let statusText = cell("status")
            let status = statusText.flatMap(Self.status)
            if let text = statusText, status == nil {
                problem("status", vi: "trạng thái \"\(text)\" phải là đạt, cơ bản đạt hoặc chưa đạt", en: "status \"\(text)\" must be đạt, cơ bản đạt or chưa đạt")
            }
            var progress: PlanProgress?
            if let text = cell("plan") {
                let kind = cell("kind").map(Self.kind) ?? .achieved
                if let (low, high) = PlanProgress.parseRange(text), let kind, low >= 0, low <= high {
                    progress = PlanProgress(min: low, max: high, kind: kind)
                } else if kind == nil {
                    problem("kind", vi: "loại \"\(cell("kind") ?? "")\" phải là đã đạt, ước đạt hoặc dự kiến", en: "kind \"\(cell("kind") ?? "")\" must be achieved, estimate or forecast")
                } else {
                    problem("plan", vi: "khối lượng \"\(text)\" phải như 85-95 hoặc 90", en: "volume \"\(text)\" must be like 85-95 or 90")
                }
            }
            if statusText == nil, cell("plan") == nil {
                problem("status", vi: "cần trạng thái (đạt, cơ bản đạt, chưa đạt) hoặc % khối lượng", en: "a status (đạt, cơ bản đạt, chưa đạt) or a % of volume is needed")
            }
            if let unit, let set, let criterion, let date, status != nil || progress != nil, statusText == nil || status != nil {
                rows.append((line, .init(
                    unitCode: unit, criteriaSet: set, criterion: criterion, asOf: date, status: status, progress: progress, note: cell("note"),
                    evidence: cell("evidence"))))
            }
        }
        guard problems.isEmpty else { throw failure(problems) }
        return rows
    }

    /// Each known column's number (1-based) by its key (`unit`, `set`, `criterion`, …), from the header line — for
    /// the problems only the store can see (an unknown unit, set or criterion), which name the line and the column.
    public static func columnNumbers(_ text: String) -> [String: Int] {
        let firstLine = text.utf8.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }).map { String(text[..<$0]) } ?? text
        guard let header = (try? CSVFields.rows(firstLine))?.first else { return [:] }
        var numbers: [String: Int] = [:]
        for (index, raw) in header.enumerated() {
            if let key = aliases[CSVFields.trimmed(raw).lowercased()], numbers[key] == nil { numbers[key] = index + 1 }
        }
        return numbers
    }

    /// "dòng 5, cột 1 (unit): …" — where a problem is, as every problem of the file is reported.
    static func located(line: Int, _ key: String, columns: [String: Int], vi: String, en: String) -> Bilingual {
        let column = columns[key].map { ", cột \($0) (\(key))" } ?? ""
        let columnEN = columns[key].map { ", column \($0) (\(key))" } ?? ""
        return Bilingual(vi: "dòng \(line)\(column): \(vi)", en: "line \(line)\(columnEN): \(en)")
    }

    /// A date as staff type it: `yyyy-mm-dd` or `dd/mm/yyyy`.
    public static func date(_ text: String) -> LocalDate? { LocalDate(typed: text) }

    static func status(_ text: String) -> Assessment? {
        switch text.lowercased() {
        case "dat": return .dat
        case "co_ban_dat": return .coBanDat
        case "chua_dat": return .chuaDat
        default: return Assessment(vietnamese: text)
        }
    }

    static func kind(_ text: String) -> PlanProgress.Kind? {
        switch text.lowercased().precomposedStringWithCanonicalMapping {
        case "achieved", "đã đạt", "da_dat", "đạt": .achieved
        case "estimate", "ước đạt", "uoc_dat", "ước": .estimate
        case "forecast", "dự kiến", "du_kien": .forecast
        default: nil
        }
    }

    static func failure(_ problems: [Bilingual]) -> NTMError {
        NTMError(vi: "tệp có \(problems.count) lỗi; không có dòng nào được ghi", en: "the file has \(problems.count) error(s); nothing was recorded", problems: problems)
    }
}
