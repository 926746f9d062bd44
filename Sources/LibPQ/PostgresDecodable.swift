import Foundation

/// A Swift value that can be read from a result column in PostgreSQL's text format.
public protocol PostgresDecodable: Sendable {
    /// Decodes a non-NULL value; throws a ``PostgresDecodingFailure`` with a reason.
    static func decode(postgresText text: String, type: PostgresType) throws -> Self
    /// The value for SQL NULL; non-optional types throw.
    static func decodeNull() throws -> Self
}

/// The reason a single value did not decode; the row adds the column and the query.
public struct PostgresDecodingFailure: Error, Sendable {
    /// Why the value did not decode.
    public var reason: String
    /// Creates a failure with its reason.
    public init(_ reason: String) { self.reason = reason }
}

extension PostgresDecodable {
    public static func decodeNull() throws -> Self {
        throw PostgresDecodingFailure("unexpected NULL for non-optional \(Self.self)")
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText text: String, type: PostgresType) throws -> Self {
        try Wrapped.decode(postgresText: text, type: type)
    }
    public static func decodeNull() throws -> Self { nil }
}

extension String: PostgresDecodable {
    public static func decode(postgresText text: String, type: PostgresType) throws -> String { text }
}

extension Int: PostgresDecodable {
    public static func decode(postgresText text: String, type: PostgresType) throws -> Int {
        guard let value = Int(text) else { throw PostgresDecodingFailure("value of type \(type.rawValue) is not an integer") }
        return value
    }
}

extension Int64: PostgresDecodable {
    public static func decode(postgresText text: String, type: PostgresType) throws -> Int64 {
        guard let value = Int64(text) else { throw PostgresDecodingFailure("value of type \(type.rawValue) is not an integer") }
        return value
    }
}

extension Int32: PostgresDecodable {
    public static func decode(postgresText text: String, type: PostgresType) throws -> Int32 {
        guard let value = Int32(text) else { throw PostgresDecodingFailure("value of type \(type.rawValue) is not a 32-bit integer") }
        return value
    }
}

extension Double: PostgresDecodable {
    public static func decode(postgresText text: String, type: PostgresType) throws -> Double {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            guard let value = Double(text) else { throw PostgresDecodingFailure("value of type \(type.rawValue) is not a number") }
            return value
        }
    }
}

extension Decimal: PostgresDecodable {
    public static func decode(postgresText text: String, type: PostgresType) throws -> Decimal {
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), !value.isNaN || text == "NaN" else {
            throw PostgresDecodingFailure("value of type \(type.rawValue) is not a decimal number")
        }
        return value
    }
}

extension Bool: PostgresDecodable {
    public static func decode(postgresText text: String, type: PostgresType) throws -> Bool {
        switch text {
        case "t", "true": return true
        case "f", "false": return false
        default: throw PostgresDecodingFailure("value of type \(type.rawValue) is not a boolean")
        }
    }
}

extension UUID: PostgresDecodable {
    public static func decode(postgresText text: String, type: PostgresType) throws -> UUID {
        guard let value = UUID(uuidString: text) else { throw PostgresDecodingFailure("value is not a UUID") }
        return value
    }
}

extension Date: PostgresDecodable {
    public static func decode(postgresText text: String, type: PostgresType) throws -> Date {
        guard let value = PostgresDateFormat.parse(text) else {
            throw PostgresDecodingFailure("value of type \(type.rawValue) is not an ISO date or timestamp")
        }
        return value
    }
}

extension Array: PostgresDecodable where Element == String {
    public static func decode(postgresText text: String, type: PostgresType) throws -> [String] {
        guard let elements = PostgresArrayFormat.decode(text) else { throw PostgresDecodingFailure("value is not an array literal") }
        return try elements.map { element in
            guard let element else { throw PostgresDecodingFailure("array holds NULL; decode as [String?]") }
            return element
        }
    }
}

extension JSONB: PostgresDecodable {
    public static func decode(postgresText text: String, type: PostgresType) throws -> JSONB<Value> {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return JSONB(try decoder.decode(Value.self, from: Data(text.utf8)))
        } catch {
            throw PostgresDecodingFailure("JSON does not decode as \(Value.self): \(error)")
        }
    }
}

extension JSONText: PostgresDecodable {
    public static func decode(postgresText text: String, type: PostgresType) throws -> JSONText { JSONText(text) }
}
