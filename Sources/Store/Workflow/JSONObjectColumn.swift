import Foundation
import LibPQ
import Workflow

/// A `jsonb` object column (an instance's `data`, a step's `input`) read and written without Foundation's JSON coders
/// where the value allows (``JSONValue/jsonText(of:)``, ``JSONValue/object(fromJSONText:)``), and through
/// ``JSONB`` — the same result — where it does not (decimals, fractions, escapes).
struct JSONObjectColumn: PostgresEncodable, PostgresDecodable {
    var object: [String: JSONValue]

    init(_ object: [String: JSONValue]) { self.object = object }

    static var postgresType: PostgresType { .jsonb }

    var postgresText: String? { JSONValue.jsonText(of: object) ?? JSONB(object).postgresText }

    static func decode(postgresText text: String, type: PostgresType) throws -> JSONObjectColumn {
        if let object = JSONValue.object(fromJSONText: text) { return JSONObjectColumn(object) }
        return JSONObjectColumn(try JSONB<[String: JSONValue]>.decode(postgresText: text, type: type).value)
    }
}
