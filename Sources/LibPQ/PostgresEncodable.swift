import Foundation

/// A Swift value that can be bound as a query parameter.
///
/// Values travel in PostgreSQL's text format; `postgresType` tells the server how to read them
/// (`.unspecified` lets it infer the type from the statement).
public protocol PostgresEncodable: Sendable {
    /// The parameter type sent with the statement.
    static var postgresType: PostgresType { get }
    /// The value in PostgreSQL's text format, or `nil` for SQL NULL.
    var postgresText: String? { get }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresType { Wrapped.postgresType }
    public var postgresText: String? { self?.postgresText }
}

extension String: PostgresEncodable {
    // Unspecified, so that a string also binds to varchar, enum and domain columns.
    public static var postgresType: PostgresType { .unspecified }
    public var postgresText: String? { self }
}

extension Substring: PostgresEncodable {
    public static var postgresType: PostgresType { .unspecified }
    public var postgresText: String? { String(self) }
}

extension Int: PostgresEncodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String? { String(self) }
}

extension Int64: PostgresEncodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String? { String(self) }
}

extension Int32: PostgresEncodable {
    public static var postgresType: PostgresType { .int4 }
    public var postgresText: String? { String(self) }
}

extension Double: PostgresEncodable {
    public static var postgresType: PostgresType { .float8 }
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return "\(self)"
    }
}

extension Decimal: PostgresEncodable {
    public static var postgresType: PostgresType { .numeric }
    public var postgresText: String? {
        // The POSIX description: a dot as decimal separator whatever the process locale.
        isNaN ? "NaN" : NSDecimalNumber(decimal: self).description(withLocale: Locale(identifier: "en_US_POSIX"))
    }
}

extension Bool: PostgresEncodable {
    public static var postgresType: PostgresType { .bool }
    public var postgresText: String? { self ? "t" : "f" }
}

extension UUID: PostgresEncodable {
    public static var postgresType: PostgresType { .uuid }
    public var postgresText: String? { uuidString.lowercased() }
}

extension Date: PostgresEncodable {
    public static var postgresType: PostgresType { .timestamptz }
    public var postgresText: String? { PostgresDateFormat.timestamptzText(self) }
}

extension Array: PostgresEncodable where Element == String {
    public static var postgresType: PostgresType { .textArray }
    public var postgresText: String? { PostgresArrayFormat.encode(self) }
}

/// A Codable value stored in a `jsonb` column.
///
/// ```swift
/// try conn.execute("INSERT INTO t (data) VALUES (\(JSONB(settings)))")
/// let settings = try row.decode("data", as: JSONB<Settings>.self).value
/// ```
public struct JSONB<Value: Codable & Sendable>: PostgresEncodable, Sendable {
    /// The wrapped value.
    public var value: Value

    /// Wraps a value.
    public init(_ value: Value) { self.value = value }

    public static var postgresType: PostgresType { .jsonb }

    public var postgresText: String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Encoding a Codable value the caller built cannot fail for JSON-representable types;
        // a value that cannot be represented (NaN) binds as JSON null rather than trapping.
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Raw JSON text bound as `jsonb`, for values already serialised.
public struct JSONText: PostgresEncodable, Sendable {
    /// The JSON document.
    public var text: String

    /// Wraps JSON text.
    public init(_ text: String) { self.text = text }

    public static var postgresType: PostgresType { .jsonb }
    public var postgresText: String? { text }
}
