import Foundation
import Yams

extension YAMLValue {
    /// The scalar text of this node, trimmed; empty text is refused because every text field here means something.
    func string() throws -> String {
        guard case .scalar(let scalar) = node else {
            throw wrongType(expectedVI: "một giá trị chữ", expectedEN: "a text value")
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw error(.invalidValue, vi: "giá trị không được để trống", en: "the value must not be empty")
        }
        return text
    }

    /// A decimal read from its text, never through `Double`.
    func decimal() throws -> Decimal {
        let text = try string()
        guard let value = Decimal.parseStrict(text) else {
            throw wrongType(
                expectedVI: "một số thập phân, ví dụ 29.99 (nhận được '\(text)')",
                expectedEN: "a decimal number such as 29.99 (got '\(text)')"
            )
        }
        return value
    }

    /// A whole number.
    func int() throws -> Int {
        let text = try string()
        guard let value = Int(text) else {
            throw wrongType(expectedVI: "một số nguyên (nhận được '\(text)')", expectedEN: "a whole number (got '\(text)')")
        }
        return value
    }

    /// A boolean written `true` or `false`; YAML 1.1's yes/no/on/off are refused as too easy to misread.
    func bool() throws -> Bool {
        switch try string() {
        case "true": return true
        case "false": return false
        case let text:
            throw wrongType(expectedVI: "true hoặc false (nhận được '\(text)')", expectedEN: "true or false (got '\(text)')")
        }
    }

    /// A calendar date written as ISO yyyy-mm-dd.
    func date() throws -> LocalDate {
        let text = try string()
        guard let date = LocalDate(iso: text) else {
            throw wrongType(expectedVI: "một ngày dạng yyyy-mm-dd (nhận được '\(text)')", expectedEN: "a date as yyyy-mm-dd (got '\(text)')")
        }
        return date
    }

    /// A mapping `{vi: …, en: …}`; both are required.
    func localized() throws -> Bilingual {
        let map = try mapping()
        try map.allowOnly(["vi", "en"])
        return Bilingual(vi: try map.required("vi").string(), en: try map.required("en").string())
    }

    /// One of the raw values of a string enumeration, listing the allowed values when it is not.
    func oneOf<Value: RawRepresentable & CaseIterable>(_ type: Value.Type) throws -> Value where Value.RawValue == String {
        let text = try string()
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw error(
                .invalidValue,
                vi: "giá trị không hợp lệ '\(text)'; cho phép: \(allowed)",
                en: "invalid value '\(text)'; allowed: \(allowed)"
            )
        }
        return value
    }

    /// A legal reference `{number, date?, title?}`.
    func legalReference() throws -> LegalReference {
        let map = try mapping()
        try map.allowOnly(["number", "date", "title"])
        return LegalReference(
            number: try map.required("number").string(),
            date: try map.optional("date")?.date(),
            title: try map.optional("title")?.localized()
        )
    }

    /// A validity period `{from, to?}` with `to` not before `from`; both ends inclusive.
    func validityPeriod() throws -> ValidityPeriod {
        let map = try mapping()
        try map.allowOnly(["from", "to"])
        let from = try map.required("from").date()
        let toValue = map.optional("to")
        let to = try toValue?.date()
        if let to, let toValue, to < from {
            throw toValue.error(
                .inconsistent,
                vi: "ngày kết thúc \(to.displayString) trước ngày bắt đầu \(from.displayString)",
                en: "end date \(to) is before start date \(from)"
            )
        }
        return ValidityPeriod(from: from, to: to)
    }
}
