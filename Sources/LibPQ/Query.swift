import Foundation

/// SQL text with its parameters, built only by string interpolation.
///
/// Every interpolated value becomes a `$n` placeholder and a bound parameter; nothing is pasted into the SQL.
///
/// ```swift
/// let rows = try conn.query("SELECT name FROM product WHERE commune = \(commune) AND stars >= \(3)")
/// ```
///
/// Identifiers (database or channel names) go through ``StringInterpolation/appendInterpolation(identifier:)``,
/// which quotes them; fragments compose with ``StringInterpolation/appendInterpolation(_:)-(Query)``.
public struct Query: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// One bound parameter in text format.
    public struct Bind: Sendable, Hashable {
        /// The value's text, or `nil` for NULL.
        public var text: String?
        /// The declared parameter type.
        public var type: PostgresType
    }

    /// The SQL with `$1…$n` placeholders.
    public private(set) var sql: String
    /// The parameters, in placeholder order.
    public private(set) var binds: [Bind]

    /// Creates a query from a literal with no values.
    public init(stringLiteral value: String) {
        sql = value
        binds = []
    }

    /// Creates a query from an interpolation.
    public init(stringInterpolation: StringInterpolation) {
        sql = stringInterpolation.sql
        binds = stringInterpolation.binds
    }

    /// The SQL text only; never the values.
    public var description: String { sql }

    /// Appends another query, renumbering its placeholders.
    public mutating func append(_ other: Query) {
        var interpolation = StringInterpolation(literalCapacity: 0, interpolationCount: 0)
        interpolation.sql = sql
        interpolation.binds = binds
        interpolation.appendInterpolation(other)
        sql = interpolation.sql
        binds = interpolation.binds
    }

    /// Builds a query from interpolated pieces.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql = ""
        var binds: [Bind] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
        }

        /// Appends SQL text written in the source.
        public mutating func appendLiteral(_ literal: String) { sql += literal }

        /// Binds a value as the next parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            binds.append(Bind(text: value.postgresText, type: Value.postgresType))
            sql += "$\(binds.count)"
        }

        /// Binds an optional value; `nil` binds SQL NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            binds.append(Bind(text: value?.postgresText, type: Value.postgresType))
            sql += "$\(binds.count)"
        }

        /// Appends a quoted identifier (`"name"`, with inner quotes doubled).
        public mutating func appendInterpolation(identifier: String) {
            sql += "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }

        /// Appends another query fragment, renumbering its placeholders after this one's.
        public mutating func appendInterpolation(_ fragment: Query) {
            let offset = binds.count
            sql += offset == 0 ? fragment.sql : Self.renumber(fragment.sql, by: offset)
            binds += fragment.binds
        }

        /// Shifts `$n` placeholders outside quotes by `offset`.
        private static func renumber(_ sql: String, by offset: Int) -> String {
            var result = ""
            var iterator = Array(sql)[...]
            var quote: Character?
            while let character = iterator.popFirst() {
                if let open = quote {
                    result.append(character)
                    if character == open { quote = nil }
                    continue
                }
                if character == "'" || character == "\"" {
                    quote = character
                    result.append(character)
                } else if character == "$", let first = iterator.first, first.isASCII, first.isNumber {
                    var digits = ""
                    while let next = iterator.first, next.isASCII, next.isNumber {
                        digits.append(next)
                        iterator.removeFirst()
                    }
                    result += "$\(Int(digits)! + offset)"
                } else {
                    result.append(character)
                }
            }
            return result
        }
    }
}
