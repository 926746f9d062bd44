import Foundation
import LibPQ
import TestSupport
import Testing

/// `Connection.copyIn`: rows streamed with libpq's COPY protocol arrive exactly as given.
@Suite("COPY … FROM STDIN through PQputCopyData")
struct CopyTests {
    @Test func rowsArriveExactlyAsGivenEscapesAndNullsIncluded() async throws {
        let database = try await TestServer.shared.database()
        let conn = try database.connect()
        try conn.executeScript("CREATE TABLE staging (line int, unit text, note text)")
        let rows: [[String?]] = [
            ["2", "xã Sơn Kim 1", "ghi chú\tcó tab"],
            ["3", "back\\slash", "dòng\nmới\r\nvà CR"],
            ["4", "\\N", nil],
            ["5", "", "  khoảng trắng  "],
        ]
        #expect(try conn.copyIn("COPY staging (line, unit, note) FROM STDIN", rows: rows) == rows.count)
        let read = try conn.query("SELECT line::text AS line, unit, note FROM staging ORDER BY line").map { row -> [String?] in
            [try row.decode("line", as: String?.self), try row.decode("unit", as: String?.self), try row.decode("note", as: String?.self)]
        }
        #expect(read == rows)
    }

    @Test func manyRowsInOneStream() async throws {
        let database = try await TestServer.shared.database()
        let conn = try database.connect()
        try conn.executeScript("CREATE TABLE staging (line int, unit text)")
        let count = 50_000
        let copied = try conn.copyIn("COPY staging (line, unit) FROM STDIN", rows: (1...count).lazy.map { [String($0), "xa-\($0 % 97)"] })
        #expect(copied == count)
        let sum = try conn.query("SELECT sum(line)::bigint AS s, count(DISTINCT unit)::int AS u FROM staging").single()
        #expect(try sum.decode("s", as: Int.self) == count * (count + 1) / 2)
        #expect(try sum.decode("u", as: Int.self) == 97)
    }

    @Test func aBadRowOrANULCopiesNothingAndTheConnectionGoesOn() async throws {
        let database = try await TestServer.shared.database()
        let conn = try database.connect()
        try conn.executeScript("CREATE TABLE staging (line int, unit text)")
        let bad: [[String?]] = [["1", "a"], ["hai", "b"]]
        do {
            try conn.copyIn("COPY staging (line, unit) FROM STDIN", rows: bad)
            Issue.record("a non-integer line should fail the COPY")
        } catch let error as DatabaseError {
            #expect(error.sqlState == SQLState(rawValue: "22P02"))
        }
        let withNUL: [[String?]] = [["1", "a"], ["2", "b\u{0}c"]]
        do {
            try conn.copyIn("COPY staging (line, unit) FROM STDIN", rows: withNUL)
            Issue.record("a NUL should abort the COPY")
        } catch let error as DatabaseError {
            #expect(error.sqlState == .characterNotInRepertoire)
        }
        #expect(try conn.query("SELECT count(*)::int AS n FROM staging").single().decode("n", as: Int.self) == 0)
        #expect(throws: DatabaseError.self) { try conn.copyIn("SELECT 1", rows: [[String?]]()) }
        #expect(try conn.query("SELECT 41 + 1 AS v").single().decode("v", as: Int.self) == 42)
    }
}
