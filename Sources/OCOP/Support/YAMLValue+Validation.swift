import Foundation

extension YAMLValue {
    /// Refuses a second use of the same code in a list, pointing at the second occurrence.
    static func checkUnique(_ codes: [(code: String, node: YAMLValue)], what: Bilingual) throws {
        var seen: [String: YAMLValue] = [:]
        for (code, node) in codes {
            if let first = seen[code] {
                throw node.error(
                    .duplicateCode,
                    vi: "\(what.vi) '\(code)' bị trùng (đã khai báo ở dòng \(first.location.line))",
                    en: "duplicate \(what.en) '\(code)' (first declared on line \(first.location.line))"
                )
            }
            seen[code] = node
        }
    }

    /// A list that must have at least one entry.
    func nonEmptySequence() throws -> [YAMLValue] {
        let items = try sequence()
        guard !items.isEmpty else {
            throw error(.invalidValue, vi: "danh sách không được rỗng", en: "the list must not be empty")
        }
        return items
    }

    /// A decimal that must lie in a range and have at most two decimal places.
    func decimal(in range: ClosedRange<Decimal>, places: Int = 2) throws -> Decimal {
        let value = try decimal()
        guard range.contains(value) else {
            throw error(
                .invalidValue,
                vi: "giá trị \(value.vietnameseText) nằm ngoài khoảng \(range.lowerBound.vietnameseText)…\(range.upperBound.vietnameseText)",
                en: "value \(value) is outside \(range.lowerBound)…\(range.upperBound)"
            )
        }
        guard value.hasAtMost(places: places) else {
            throw error(
                .invalidValue,
                vi: "giá trị \(value.vietnameseText) có quá \(places) chữ số thập phân",
                en: "value \(value) has more than \(places) decimal places"
            )
        }
        return value
    }

    /// A whole number that must lie in a range.
    func int(in range: ClosedRange<Int>) throws -> Int {
        let value = try int()
        guard range.contains(value) else {
            throw error(
                .invalidValue,
                vi: "giá trị \(value) nằm ngoài khoảng \(range.lowerBound)…\(range.upperBound)",
                en: "value \(value) is outside \(range.lowerBound)…\(range.upperBound)"
            )
        }
        return value
    }

    /// A code: lowercase ASCII letters, digits, '-', '_' and '.', so it is safe as a key in the database and URLs.
    func code() throws -> String {
        let text = try string()
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard text.unicodeScalars.allSatisfy(allowed.contains) else {
            throw error(
                .invalidValue,
                vi: "mã '\(text)' chỉ được dùng chữ cái không dấu, chữ số, '-', '_' và '.'",
                en: "code '\(text)' may only use ASCII letters, digits, '-', '_' and '.'"
            )
        }
        return text
    }
}
