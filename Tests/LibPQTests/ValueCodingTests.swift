import Foundation
import LibPQ
import TestSupport
import Testing

@Suite("Values bound and decoded through a real server")
struct ValueCodingTests {
    let connection: Connection

    init() throws {
        connection = try TestServer.shared.makeDatabase().connect()
    }

    /// Sends `value` as a parameter, casts it on the server, and decodes it back.
    func roundTrip<Value: PostgresEncodable & PostgresDecodable>(_ value: Value, as sqlType: String) throws -> Value {
        let query: Query = "SELECT \(value)::\(unescaped: sqlType) AS v"
        return try connection.query(query).single().decode("v", as: Value.self)
    }

    @Test(arguments: [0, 1, -1, Int.max, Int.min])
    func integers(value: Int) throws {
        #expect(try roundTrip(value, as: "int8") == value)
        #expect(try roundTrip(Int64(value), as: "int8") == Int64(value))
    }

    @Test func int4ColumnsDecodeAsInt() throws {
        let row = try connection.query("SELECT 42::int4 AS a, (-7)::int2 AS b").single()
        #expect(try row.decode("a", as: Int.self) == 42)
        #expect(try row.decode("b", as: Int.self) == -7)
    }

    @Test(arguments: [0.0, 1.5, -2.25, 1e300, 0.1 + 0.2])
    func doubles(value: Double) throws {
        #expect(try roundTrip(value, as: "float8") == value)
    }

    @Test func specialDoubles() throws {
        #expect(try roundTrip(Double.infinity, as: "float8") == .infinity)
        #expect(try roundTrip(Double.nan, as: "float8").isNaN)
    }

    @Test(arguments: ["49.995", "0.01", "-123.45", "12345678901234567890.123456789", "100"])
    func decimals(text: String) throws {
        let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!
        let back = try roundTrip(value, as: "numeric")
        #expect(back == value)
        // The server sees exactly the decimal, not a binary approximation.
        let onServer = try connection.query("SELECT \(value)::numeric::text AS t").single().decode("t", as: String.self)
        #expect(onServer == text)
    }

    @Test func booleans() throws {
        #expect(try roundTrip(true, as: "bool") == true)
        #expect(try roundTrip(false, as: "bool") == false)
    }

    @Test(arguments: [
        "Nước chấm Thanh Mai – Quang Thọ", "Giò bột Hiên Tý", "Bánh gai gia truyền Thanh Thủy", "đạt / cơ bản đạt / chưa đạt",
        "", "tab\tnew\nline", "emoji ⭐️⭐️⭐️",
    ])
    func vietnameseText(value: String) throws {
        #expect(try roundTrip(value, as: "text") == value)
        let length = try connection.query("SELECT char_length(\(value)) AS n").single().decode("n", as: Int.self)
        #expect(length == value.unicodeScalars.count)
    }

    @Test func uuids() throws {
        let value = UUID()
        #expect(try roundTrip(value, as: "uuid") == value)
    }

    @Test func timestamps() throws {
        let value = Date(timeIntervalSince1970: 1_669_593_600.123456)  // 2022-11-28 00:00:00.123456 UTC
        let back = try roundTrip(value, as: "timestamptz")
        #expect(abs(back.timeIntervalSince1970 - value.timeIntervalSince1970) < 0.000_001)
        let text = try connection.query("SELECT \(value)::timestamptz::text AS t").single().decode("t", as: String.self)
        #expect(text == "2022-11-28 00:00:00.123456+00")
    }

    @Test func timestampsWithOffsetsDecode() throws {
        try connection.executeScript("SET TimeZone TO 'Asia/Ho_Chi_Minh'")
        let back = try connection.query("SELECT '2022-11-28 07:00:00+07'::timestamptz AS t").single().decode("t", as: Date.self)
        #expect(back == Date(timeIntervalSince1970: 1_669_593_600))
    }

    @Test func dates() throws {
        let back = try connection.query("SELECT '2022-11-28'::date AS d").single().decode("d", as: Date.self)
        #expect(back == Date(timeIntervalSince1970: 1_669_593_600))
        let before1970 = try connection.query("SELECT '1945-09-02'::date AS d").single().decode("d", as: Date.self)
        #expect(before1970 == Date(timeIntervalSince1970: -767_836_800))
    }

    @Test func textArrays() throws {
        let value = ["a", "b,c", "quote\"d", "back\\slash", "", "NULL", "Đức Lĩnh", "{brace}"]
        #expect(try roundTrip(value, as: "text[]") == value)
        #expect(try roundTrip([String](), as: "text[]") == [])
        let withNull = try connection.query("SELECT ARRAY['x', NULL]::text[] AS a").single()
        #expect(throws: DatabaseError.self) { try withNull.decode("a", as: [String].self) }
    }

    struct Dossier: Codable, Equatable, Sendable {
        var product: String
        var stars: Int
        var items: [String]
        var score: Decimal
    }

    @Test func jsonbCodable() throws {
        let value = Dossier(product: "Nước chấm Thanh Mai", stars: 4, items: ["biểu 01", "biểu 03"], score: Decimal(string: "72.50")!)
        let back = try roundTrip(JSONB(value), as: "jsonb").value
        #expect(back == value)
        let field = try connection.query("SELECT (\(JSONB(value)))->>'product' AS p").single().decode("p", as: String.self)
        #expect(field == "Nước chấm Thanh Mai")
    }

    @Test func nullsDecodeAsNilAndOnlyAsOptional() throws {
        let row = try connection.query(
            "SELECT NULL::int8 AS i, NULL::text AS s, NULL::numeric AS n, NULL::bool AS b, NULL::uuid AS u, NULL::timestamptz AS t, NULL::jsonb AS j"
        ).single()
        #expect(try row.decode("i", as: Int?.self) == nil)
        #expect(try row.decode("s", as: String?.self) == nil)
        #expect(try row.decode("n", as: Decimal?.self) == nil)
        #expect(try row.decode("b", as: Bool?.self) == nil)
        #expect(try row.decode("u", as: UUID?.self) == nil)
        #expect(try row.decode("t", as: Date?.self) == nil)
        #expect(try row.decode("j", as: JSONB<Dossier>?.self) == nil)
        #expect(throws: DatabaseError.self) { try row.decode("i", as: Int.self) }
        let none: Int? = nil
        #expect(try connection.query("SELECT \(none)::int8 IS NULL AS isnull").single().decode("isnull", as: Bool.self))
    }

    @Test func decodingErrorNamesColumnAndQuery() throws {
        let row = try connection.query("SELECT 'không phải số' AS stars").single()
        do {
            _ = try row.decode("stars", as: Int.self)
            Issue.record("decoding text as Int should fail")
        } catch let error as DatabaseError {
            #expect(error.code == .decoding)
            #expect(error.column == "stars")
            #expect(error.query == "SELECT 'không phải số' AS stars")
            #expect(error.description.contains("stars"))
        }
        #expect(throws: DatabaseError.self) { try row.decode("missing", as: String.self) }
    }
}

extension Query.StringInterpolation {
    /// Test-only: paste a type name written in the test source (never user input).
    mutating func appendInterpolation(unescaped text: String) { appendLiteral(text) }
}
