import Foundation

/// A JSON value as kept in an instance's data and in event inputs.
///
/// Decimals are `Foundation.Decimal`, base 10, so a score of 68.75 stays 68.75 through the database and back
/// (DOMAIN: scores are never truncated or rounded through binary floating point).
public enum JSONValue: Sendable, Hashable {
    /// JSON `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number that fits 64 bits.
    case int(Int64)
    /// A number with a fractional part, kept exactly in base 10.
    case decimal(Decimal)
    /// A string; dates are strings `yyyy-mm-dd`.
    case string(String)
    /// An ordered list.
    case array([JSONValue])
    /// A map from keys to values.
    case object([String: JSONValue])
}

// MARK: - Accessors

extension JSONValue {
    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number as a decimal, for an int or a decimal; nil otherwise.
    public var numberValue: Decimal? {
        switch self {
        case .int(let value): return Decimal(value)
        case .decimal(let value): return value
        default: return nil
        }
    }

    /// The boolean, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The date, if this is a string holding a valid `yyyy-mm-dd` date.
    public var dateValue: LocalDate? {
        stringValue.flatMap(LocalDate.init(iso:))
    }

    /// True for `null`; a missing field and a null field mean the same to guards and timers.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short rendering for messages: strings unquoted, numbers as written.
    public var displayText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .decimal(let value): return "\(value)"
        case .string(let value): return value
        case .array(let values): return "[" + values.map(\.displayText).joined(separator: ", ") + "]"
        case .object(let values):
            return "{" + values.keys.sorted().map { "\($0): \(values[$0]!.displayText)" }.joined(separator: ", ") + "}"
        }
    }

    /// Looks a dotted path (`dossier.plan`) up inside nested objects.
    public func value(atPath path: some Collection<Substring>) -> JSONValue? {
        guard let first = path.first else { return self }
        guard case .object(let fields) = self, let child = fields[String(first)] else { return nil }
        return child.value(atPath: path.dropFirst())
    }
}

// MARK: - Literals

// Deliberately not ExpressibleByNilLiteral: `nil` must always mean Optional.none, never JSON null.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    /// A string value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An int value.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A bool value.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

// MARK: - Codable as plain JSON

extension JSONValue: Codable {
    /// Decodes any plain JSON value; numbers without a fraction become `.int` when they fit 64 bits.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .decimal(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Encodes as plain JSON, with no wrapping of the case name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .decimal(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
