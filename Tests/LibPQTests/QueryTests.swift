import LibPQ
import TestSupport
import Testing

@Suite("Queries bind every value as a parameter")
struct QueryTests {
    @Test func interpolationBindsPlaceholders() {
        let commune = "Đức Lĩnh"
        let query: Query = "SELECT * FROM unit WHERE name = \(commune) AND level >= \(3)"
        #expect(query.sql == "SELECT * FROM unit WHERE name = $1 AND level >= $2")
        #expect(query.binds.map(\.text) == ["Đức Lĩnh", "3"])
        #expect(query.description == query.sql)
        #expect(!query.description.contains("Đức"))
    }

    @Test func fragmentsAreRenumbered() {
        let filter: Query = "stars = \(4) AND name <> '$1' AND code = \(Optional<String>.none)"
        let query: Query = "SELECT id FROM product WHERE year = \(2022) AND \(filter) LIMIT \(10)"
        #expect(query.sql == "SELECT id FROM product WHERE year = $1 AND stars = $2 AND name <> '$1' AND code = $3 LIMIT $4")
        #expect(query.binds.map(\.text) == ["2022", "4", nil, "10"])
        var appended: Query = "SELECT \(1)"
        appended.append(" + \(2)")
        #expect(appended.sql == "SELECT $1 + $2")
    }

    @Test func identifiersAreQuoted() {
        let query: Query = "CREATE DATABASE \(identifier: "x\"; DROP TABLE y; --")"
        #expect(query.sql == "CREATE DATABASE \"x\"\"; DROP TABLE y; --\"")
        #expect(query.binds.isEmpty)
    }

    @Test func injectionAttemptStaysData() throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        try connection.executeScript("CREATE TABLE product (name text NOT NULL)")
        let hostile = "x'); DROP TABLE product; --"
        try connection.execute("INSERT INTO product (name) VALUES (\(hostile))")
        let names = try connection.query("SELECT name FROM product").map { try $0.decode("name", as: String.self) }
        #expect(names == [hostile])
        let matches = try connection.query("SELECT count(*) AS n FROM product WHERE name = \("' OR '1'='1")").single().decode("n", as: Int.self)
        #expect(matches == 0)
        // Identifiers too: the quoted name is one identifier, so no second statement runs.
        try connection.queryUnprepared("CREATE TABLE \(identifier: "p\"; DROP TABLE product; --") (id int)")
        #expect(try connection.query("SELECT count(*) AS n FROM product").single().decode("n", as: Int.self) == 1)
    }

    @Test func preparedStatementsAreReused() throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        for value in 1...5 {
            #expect(try connection.query("SELECT \(value) + 1 AS v").single().decode("v", as: Int.self) == value + 1)
        }
        let prepared = try connection.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = 'SELECT $1 + 1 AS v'")
            .single().decode("n", as: Int.self)
        #expect(prepared == 1)
    }

    @Test func affectedRowsAreCounted() throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        try connection.executeScript("CREATE TABLE t (v int); INSERT INTO t SELECT generate_series(1, 10)")
        #expect(try connection.execute("UPDATE t SET v = v + 1 WHERE v > \(4)") == 6)
        #expect(try connection.execute("DELETE FROM t WHERE v > \(100)") == 0)
    }
}
