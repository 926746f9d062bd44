import Foundation
import Workflow

/// Reads `--input k=v` arguments into event input.
///
/// `k=v` guesses the type the way a person means it: `70` an int, `72.50` an exact decimal, `true`/`false` a bool,
/// anything else (dates `2025-03-01`, codes `0123`) a string. `k:=JSON` takes the value as raw JSON
/// (`tags:=["a","b"]`, `note:="70"` for a string that looks like a number).
enum InputArguments {
    /// The input object; a malformed or repeated argument is a bad-input error naming it.
    static func parse(_ arguments: [String]) throws -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else {
                throw CommandError.badInput(
                    vi: "--input \"\(argument)\": thiếu dấu = (viết dạng khoá=giá_trị hoặc khoá:=JSON)",
                    en: "--input \"\(argument)\": no = sign (write key=value or key:=JSON)")
            }
            var key = String(argument[..<equals])
            let text = String(argument[argument.index(after: equals)...])
            let raw = key.hasSuffix(":")
            if raw { key.removeLast() }
            guard isKey(key) else {
                throw CommandError.badInput(
                    vi: "--input \"\(argument)\": tên \"\(key)\" không hợp lệ (chữ, số, _)",
                    en: "--input \"\(argument)\": \"\(key)\" is not a valid name (letters, digits, _)")
            }
            guard result[key] == nil else {
                throw CommandError.badInput(vi: "--input: \"\(key)\" được nêu hai lần", en: "--input: \"\(key)\" is given twice")
            }
            result[key] = raw ? try json(text, argument: argument) : guess(text)
        }
        return result
    }

    /// The value `text` most likely means.
    static func guess(_ text: String) -> JSONValue {
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if matches(text, #"^-?(0|[1-9][0-9]{0,17})$"#), let number = Int64(text) { return .int(number) }
        if matches(text, #"^-?(0|[1-9][0-9]*)\.[0-9]+$"#), let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) {
            return .decimal(number)
        }
        return .string(text)
    }

    private static func json(_ text: String, argument: String) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw CommandError.badInput(
                vi: "--input \"\(argument)\": giá trị sau := không phải JSON hợp lệ",
                en: "--input \"\(argument)\": the value after := is not valid JSON")
        }
    }

    private static func isKey(_ key: String) -> Bool { matches(key, #"^[A-Za-z_][A-Za-z0-9_]*$"#) }

    private static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }
}
