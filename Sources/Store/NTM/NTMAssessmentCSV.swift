import Foundation
import OCOP
import SwiftCSV
import Workflow

/// Reads NTM assessments from CSV as exported by Excel (UTF-8, with or without BOM, CRLF or LF):
///
/// ```
/// unit,criteria_set,criterion,as_of,status,note,evidence
/// duc-linh,ntm-commune-advanced-ha-tinh-provisional,02,31/10/2022,đạt,,BB-02
/// ```
///
/// Vietnamese headers work too (`don_vi, bo_tieu_chi, tieu_chi, ngay, trang_thai, ghi_chu, minh_chung`). Dates are
/// dd/mm/yyyy or yyyy-mm-dd; status is đạt / cơ bản đạt / chưa đạt (or dat, co_ban_dat, chua_dat). Every problem is
/// reported with its line and column, and nothing is taken unless every line is valid.
public enum NTMAssessmentCSV {
    private static let aliases: [String: String] = [
        "unit": "unit", "don_vi": "unit", "criteria_set": "set", "bo_tieu_chi": "set", "criterion": "criterion", "tieu_chi": "criterion",
        "as_of": "as_of", "ngay": "as_of", "status": "status", "trang_thai": "status", "note": "note", "ghi_chu": "note",
        "evidence": "evidence", "minh_chung": "evidence",
    ]

    public static func parse(_ text: String) throws -> [NTMAssessmentStore.Row] {
        var body = text.replacingOccurrences(of: "\r\n", with: "\n")
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let csv: CSV<Enumerated>
        do {
            csv = try CSV<Enumerated>(string: body, delimiter: .comma, loadColumns: false)
        } catch {
            throw NTMError(vi: "tệp CSV không đọc được: \(error)", en: "the CSV file cannot be read: \(error)")
        }
        var columns: [String: Int] = [:]
        var problems: [Bilingual] = []
        for (index, raw) in csv.header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard let key = aliases[name] else {
                problems.append(Bilingual(vi: "dòng 1: cột \"\(raw)\" không được hỗ trợ", en: "line 1: column \"\(raw)\" is not supported"))
                continue
            }
            columns[key] = index
        }
        for required in ["unit", "set", "criterion", "as_of", "status"] where columns[required] == nil {
            problems.append(Bilingual(vi: "dòng 1: thiếu cột \"\(required)\"", en: "line 1: column \"\(required)\" is missing"))
        }
        guard problems.isEmpty else { throw failure(problems) }
        var rows: [NTMAssessmentStore.Row] = []
        for (offset, row) in csv.rows.enumerated() {
            let line = offset + 2
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func cell(_ key: String) -> String? {
                guard let index = columns[key], index < row.count else { return nil }
                let value = row[index].trimmingCharacters(in: .whitespaces)
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
            let date = cell("as_of").flatMap(Self.date)
            if date == nil { problem("as_of", vi: "ngày \"\(cell("as_of") ?? "")\" không hợp lệ (dd/mm/yyyy)", en: "date \"\(cell("as_of") ?? "")\" is invalid (dd/mm/yyyy)") }
            let status = cell("status").flatMap(Self.status)
            if status == nil {
                problem("status", vi: "trạng thái \"\(cell("status") ?? "")\" phải là đạt, cơ bản đạt hoặc chưa đạt",
                        en: "status \"\(cell("status") ?? "")\" must be đạt, cơ bản đạt or chưa đạt")
            }
            if let unit, let set, let criterion, let date, let status {
                rows.append(.init(unitCode: unit, criteriaSet: set, criterion: criterion, asOf: date, status: status, note: cell("note"), evidence: cell("evidence")))
            }
        }
        guard problems.isEmpty else { throw failure(problems) }
        return rows
    }

    /// A date as staff type it: `yyyy-mm-dd` or `dd/mm/yyyy`.
    public static func date(_ text: String) -> LocalDate? {
        if let iso = LocalDate(iso: text) { return iso }
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return LocalDate(year: parts[2], month: parts[1], day: parts[0])
    }

    static func status(_ text: String) -> Assessment? {
        switch text.lowercased() {
        case "dat": return .dat
        case "co_ban_dat": return .coBanDat
        case "chua_dat": return .chuaDat
        default: return Assessment(vietnamese: text)
        }
    }

    private static func failure(_ problems: [Bilingual]) -> NTMError {
        NTMError(vi: "tệp có \(problems.count) lỗi; không có dòng nào được ghi", en: "the file has \(problems.count) error(s); nothing was recorded", problems: problems)
    }
}
