import Foundation
import Workflow

/// Machine output for `--json`: compact JSON with keys sorted, so scripts and diffs see a stable shape.
///
/// Decimals print exactly as stored (`72.5`, never `72.499999`); times are ISO 8601 in Vietnam time.
enum JSONOutput {
    /// The JSON text of a value.
    static func render(_ value: JSONValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    /// Prints a value as one line of JSON.
    static func print(_ value: JSONValue) { Swift.print(render(value)) }

    private static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .decimal(let number): out += "\(number)"
        case .string(let text): writeString(text, to: &out)
        case .array(let values):
            out += "["
            for (index, element) in values.enumerated() {
                if index > 0 { out += "," }
                write(element, to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                writeString(key, to: &out)
                out += ":"
                write(fields[key]!, to: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension JSONValue {
    /// A string, or null.
    static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// An ISO 8601 time in Vietnam, or null.
    static func time(_ value: Date?) -> JSONValue { value.map { .string(VietnamClock.iso($0)) } ?? .null }

    /// A number.
    static func number(_ value: Int) -> JSONValue { .int(Int64(value)) }

    /// Both texts of a bilingual label, or null.
    static func label(_ value: Bilingual?) -> JSONValue { value.map { .object(["vi": .string($0.vi), "en": .string($0.en)]) } ?? .null }
}
