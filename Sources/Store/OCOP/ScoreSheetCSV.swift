import Foundation
import OCOP
import SwiftCSV
import Workflow

/// Reads a CSV file of council score sheets, one member's sheet per line:
///
/// ```
/// product,member,a,b,c,bonus,scored_on
/// 17,hdt-01,30.5,20,28.25,,2022-12-15
/// ```
///
/// Vietnamese headers work too (`san_pham, thanh_vien, phan_a, phan_b, phan_c, diem_cong, ngay_cham`). `product` may be
/// left out when the command names one product; `bonus` and `scored_on` are optional. Decimals take a dot, or a comma
/// inside quotes ("30,5"). Every problem is reported with its line and column; the file is taken whole or not at all.
public enum ScoreSheetCSV {
    private static let aliases: [String: String] = [
        "product": "product", "san_pham": "product", "member": "member", "thanh_vien": "member",
        "a": "a", "phan_a": "a", "b": "b", "phan_b": "b", "c": "c", "phan_c": "c",
        "bonus": "bonus", "diem_cong": "bonus", "scored_on": "scored_on", "ngay_cham": "scored_on",
    ]

    /// Parses the text; `product` is used for lines without a product column. Throws every problem at once.
    public static func parse(_ text: String, product: Int64? = nil) throws -> [ScoreEntry] {
        let (entries, problems) = try read(text, product: product)
        guard problems.isEmpty else { throw failure(problems) }
        guard !entries.isEmpty else { throw OCOPError(.badInput, vi: "tệp CSV không có phiếu chấm nào", en: "the CSV file holds no score sheet") }
        return entries
    }

    /// The well-formed lines as entries and a problem for each malformed one, so that the service can report them
    /// together with the problems only it can see (members, stages, maxima). Throws when the header is unusable.
    public static func read(_ text: String, product: Int64? = nil) throws -> (entries: [ScoreEntry], problems: [Bilingual]) {
        let csv: CSV<Enumerated>
        do {
            csv = try CSV<Enumerated>(string: text.replacingOccurrences(of: "\r\n", with: "\n"), delimiter: .comma, loadColumns: false)
        } catch {
            throw OCOPError(.badInput, vi: "tệp CSV không đọc được: \(error)", en: "the CSV file cannot be read: \(error)")
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
        for required in ["member", "a", "b", "c"] + (product == nil ? ["product"] : []) where columns[required] == nil {
            problems.append(Bilingual(vi: "dòng 1: thiếu cột \"\(required)\"", en: "line 1: column \"\(required)\" is missing"))
        }
        guard problems.isEmpty else { throw failure(problems) }
        var entries: [ScoreEntry] = []
        for (offset, row) in csv.rows.enumerated() {
            let line = offset + 2
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
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
                let value = row[index].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            func problem(_ column: String, vi: String, en: String) {
                problems.append(Bilingual(vi: "dòng \(line), cột \(column): \(vi)", en: "line \(line), column \(column): \(en)"))
            }
            var productID = product
            if let text = cell("product") {
                productID = Int64(text)
                if productID == nil { problem("product", vi: "\"\(text)\" không phải số hồ sơ", en: "\"\(text)\" is not an instance id") }
            }
            guard let member = cell("member") else {
                problem("member", vi: "thiếu mã thành viên hội đồng", en: "the council member is missing")
                continue
            }
            var parts: [String: Decimal] = [:]
            for key in ["a", "b", "c", "bonus"] {
                guard let text = cell(key) else {
                    if key != "bonus" { problem(key, vi: "thiếu điểm", en: "the score is missing") }
                    continue
                }
                guard let value = decimal(text) else {
                    problem(key, vi: "\"\(text)\" không phải số điểm", en: "\"\(text)\" is not a score")
                    continue
                }
                parts[key] = value
            }
            var scoredOn: LocalDate?
            if let text = cell("scored_on") {
                scoredOn = date(text)
                if scoredOn == nil {
                    problem("scored_on", vi: "\"\(text)\" không phải ngày (yyyy-mm-dd hoặc dd/mm/yyyy)", en: "\"\(text)\" is not a date")
                }
            }
            guard let productID, let a = parts["a"], let b = parts["b"], let c = parts["c"] else { continue }
            let sheet = ScoreSheet(memberID: member, a: a, b: b, c: c, bonus: parts["bonus"])
            entries.append(
                ScoreEntry(productID: productID, sheet: sheet, scoredOn: scoredOn, origin: Bilingual(vi: "dòng \(line)", en: "line \(line)")))
        }
        return (entries, problems)
    }

    /// "30.5", "-2" or "30,5": digits with at most one separator; anything else is refused rather than half-read.
    public static func decimal(_ text: String) -> Decimal? {
        let normalised = text.replacingOccurrences(of: ",", with: ".")
        guard normalised.wholeMatch(of: /-?[0-9]+(\.[0-9]+)?/) != nil else { return nil }
        return Decimal(string: normalised, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    public static func date(_ text: String) -> LocalDate? { LocalDate(typed: text) }

    static func failure(_ problems: [Bilingual]) -> OCOPError {
        OCOPError(
            .badInput, vi: "tệp CSV có \(problems.count) lỗi, không nhập phiếu nào",
            en: "the CSV file has \(problems.count) problem(s); nothing was added",
            details: problems)
    }
}
