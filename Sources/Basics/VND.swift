import Foundation

/// An amount of money in whole Vietnamese đồng (DOMAIN §10: no subunit is in use).
///
/// Officers type amounts the way they write them on paper, so `parse` reads every common form and refuses what could
/// mean two things; `text` writes them back the same way:
///
/// ```swift
/// try VND.parse("30.000.000")   // 30 000 000 đ — dots group thousands in Vietnamese
/// try VND.parse("30,000,000")   // the same, as typed by English keyboards and Excel
/// try VND.parse("30 triệu")     // the same; also "30tr", "1,5 tỷ", "500 nghìn", "500k"
/// try VND.parse("30.5")         // throws: a fraction of a đồng
/// VND(30_000_000).text.vi       // "30.000.000 đ"
/// ```
public struct VND: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The amount in đồng.
    public var dong: Int64

    /// The largest amount accepted from people: a million billion đồng (the whole state budget is far below it).
    public static let maximum = VND(1_000_000_000_000_000)

    /// Creates an amount from whole đồng.
    public init(_ dong: Int64) { self.dong = dong }

    /// Adds two amounts (report totals); amounts stay far below Int64's range (`maximum` is 10^15).
    public static func + (lhs: VND, rhs: VND) -> VND { VND(lhs.dong + rhs.dong) }

    public static func < (lhs: VND, rhs: VND) -> Bool { lhs.dong < rhs.dong }

    /// Whole đồng, so logs and JSON stay plain numbers.
    public var description: String { "\(dong)" }

    public init(from decoder: any Decoder) throws { dong = try decoder.singleValueContainer().decode(Int64.self) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dong)
    }

    // MARK: - Display

    /// "30.000.000 đ" in Vietnamese, "30,000,000 VND" in English.
    public var text: Bilingual {
        let digits = String(dong.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        let sign = dong < 0 ? "-" : ""
        return Bilingual(vi: sign + groups.joined(separator: ".") + " đ", en: sign + groups.joined(separator: ",") + " VND")
    }

    // MARK: - Reading

    /// Why a text is not an amount, in both languages.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The text as typed.
        public var input: String
        /// What is wrong with it.
        public var reason: Bilingual

        public var description: String { "\"\(input)\": \(reason.en)" }
        /// "\"30.5\" không phải số tiền: …".
        public var message: Bilingual {
            Bilingual(
                vi: "\"\(input)\" không phải số tiền hợp lệ: \(reason.vi) (ví dụ 30.000.000, 30,000,000, 30 triệu, 30tr)",
                en: "\"\(input)\" is not a valid amount: \(reason.en) (e.g. 30.000.000, 30,000,000, 30 triệu, 30tr)")
        }
    }

    private static let units: [(words: [String], factor: Int64)] = [
        (["tỷ", "tỉ", "ty", "ti"], 1_000_000_000),
        (["triệu", "trieu", "tr"], 1_000_000),
        (["nghìn", "ngàn", "nghin", "ngan", "k"], 1_000),
    ]
    private static let currencyWords = ["đồng", "dong", "vnđ", "vnd", "đ", "₫"]

    /// Reads an amount as officers type it (see the type's documentation). Refuses negative amounts, fractions of a
    /// đồng, separators that could be read two ways ("1.500 triệu", "30.000,000"), and anything above `maximum`.
    public static func parse(_ text: String) throws(ParseError) -> VND {
        func fail(_ vi: String, _ en: String) -> ParseError { ParseError(input: text, reason: Bilingual(vi: vi, en: en)) }
        var body = text.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        for word in currencyWords where body.hasSuffix(word) {
            body = String(body.dropLast(word.count)).trimmingCharacters(in: .whitespacesAndNewlines)
            break
        }
        guard !body.isEmpty else { throw fail("trống", "empty") }
        guard !body.hasPrefix("-") else { throw fail("số tiền không được âm", "an amount cannot be negative") }
        if body.hasPrefix("+") { body.removeFirst() }
        var factor: Int64 = 1
        for (words, unitFactor) in units {
            if let word = words.first(where: { body.hasSuffix($0) }) {
                let number = body.dropLast(word.count)
                // "30tr", "30 triệu": a unit word only after a number (so "tr" alone or "abc tr" fail below).
                body = String(number).trimmingCharacters(in: .whitespacesAndNewlines)
                factor = unitFactor
                break
            }
        }
        body.removeAll { $0 == " " || $0 == "\u{a0}" || $0 == "\u{202f}" }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else {
            throw fail("chỉ gồm chữ số, dấu chấm, dấu phẩy và đơn vị (nghìn, triệu, tỷ, đ)",
                       "use digits, dots, commas and a unit (nghìn, triệu, tỷ, đ) only")
        }
        let separators = Set(body.filter { $0 == "." || $0 == "," })
        let pieces = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "," }).map(String.init)
        guard pieces.allSatisfy({ !$0.isEmpty }) else { throw fail("dấu phân cách đặt sai chỗ", "a separator is out of place") }

        // The whole part, and the decimal part — meaningful only with a unit word ("1,5 triệu").
        let whole: String
        var fraction = ""
        switch separators.count {
        case 0:
            whole = body
        case 1:
            let groupedOK = pieces.count >= 2 && (1...3).contains(pieces[0].count) && pieces.dropFirst().allSatisfy { $0.count == 3 }
            if pieces.count == 2 && !groupedOK {
                // "1,5" or "1.25": a decimal, meaningful only with a unit word.
                whole = pieces[0]
                fraction = pieces[1]
            } else if groupedOK {
                if factor != 1 && pieces.count == 2 {
                    throw fail("\"\(pieces[0])\(separators.first!)\(pieces[1])\" với đơn vị có thể là số thập phân hoặc hàng nghìn; viết rõ (ví dụ 1,5 triệu hoặc 1500 triệu)",
                               "\"\(pieces[0])\(separators.first!)\(pieces[1])\" with a unit could be a decimal or thousands; write it plainly (e.g. 1,5 triệu or 1500 triệu)")
                }
                whole = pieces.joined()
            } else {
                throw fail("nhóm hàng nghìn phải có 3 chữ số", "thousands groups must have 3 digits")
            }
        default:
            // Both marks: "30.000.000,00" (Vietnamese) or "30,000,000.00" (English) — the last one is the decimal mark.
            let decimalMark: Character = body.last(where: { $0 == "." || $0 == "," })!
            let groupMark: Character = decimalMark == "." ? "," : "."
            guard body.filter({ $0 == decimalMark }).count == 1,
                let markIndex = body.lastIndex(of: decimalMark),
                !body[body.index(after: markIndex)...].contains(groupMark)
            else { throw fail("dấu chấm và dấu phẩy lẫn lộn", "dots and commas are mixed up") }
            let groups = body[..<markIndex].split(separator: groupMark, omittingEmptySubsequences: false).map(String.init)
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                throw fail("nhóm hàng nghìn phải có 3 chữ số", "thousands groups must have 3 digits")
            }
            whole = groups.joined()
            fraction = String(body[body.index(after: markIndex)...])
            // "30.000,000": three digits after the last mark look like one more group of thousands.
            guard factor > 1 || fraction.count <= 2 else {
                throw fail("\"\(body)\" có thể đọc theo hai cách; viết lại không có phần thập phân", "\"\(body)\" can be read two ways; write it without decimals")
            }
        }
        guard whole.count <= 19, let wholeValue = Int64(whole) else { throw fail("số quá lớn", "the number is too large") }
        let trimmedFraction = fraction.reversed().drop(while: { $0 == "0" }).reversed()
        var fractionValue: Int64 = 0
        if !trimmedFraction.isEmpty {
            // The fraction must come to whole đồng: "1,5 triệu" is 1.500.000 đ, "30,5" is half a đồng.
            guard factor > 1, trimmedFraction.count <= String(factor).count - 1,
                let digits = Int64(String(trimmedFraction))
            else { throw fail("số tiền tính bằng đồng, không có phần lẻ", "amounts are whole đồng, with no fraction") }
            var scale: Int64 = factor
            for _ in trimmedFraction { scale /= 10 }
            fractionValue = digits * scale
        }
        let (product, overflow) = wholeValue.multipliedReportingOverflow(by: factor)
        guard !overflow, product <= maximum.dong - fractionValue else {
            throw fail("vượt quá \(maximum.text.vi)", "above \(maximum.text.en)")
        }
        return VND(product + fractionValue)
    }
}

extension VND: ExpressibleByIntegerLiteral {
    /// `let reward: VND = 30_000_000`.
    public init(integerLiteral value: Int64) { self.init(value) }
}
