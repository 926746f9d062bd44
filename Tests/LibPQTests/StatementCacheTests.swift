import LibPQ
import TestSupport
import Testing

@Suite("Prepared statements: a bounded cache per connection, re-prepared when the server drops them, and an off switch")
struct StatementCacheTests {
    private func prepared(_ connection: Connection) throws -> Int {
        try connection.queryUnprepared("SELECT count(*) AS n FROM pg_prepared_statements").single().decode("n", as: Int.self)
    }

    @Test func aFirstRunIsUnnamedASecondPreparesAndAHitIsOneRoundTrip() throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        var before = connection.roundTrips
        _ = try connection.query("SELECT \(1)::int + 1 AS v")
        #expect(connection.roundTrips - before == 1)  // PQexecParams: a one-shot command prepares nothing
        #expect(connection.preparedStatementCount == 0)
        before = connection.roundTrips
        _ = try connection.query("SELECT \(2)::int + 1 AS v")
        #expect(connection.roundTrips - before == 2)  // PQprepare, then PQexecPrepared
        let again = connection.roundTrips
        #expect(try connection.query("SELECT \(41)::int + 1 AS v").single().decode("v", as: Int.self) == 42)
        #expect(connection.roundTrips - again == 1)
        #expect(connection.preparedStatementCount == 1)
        #expect(try prepared(connection) == 1)
    }

    @Test func theCacheIsBoundedAndEvictsTheLeastRecentlyUsed() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try Connection(conninfo: database.conninfo, options: .init(preparedStatements: true, statementCacheCapacity: 3))
        let numbered = { (value: Int) in Query(stringLiteral: "SELECT \(value) AS v\(value)") }
        for value in 1...3 { for _ in 0..<2 { _ = try connection.query(numbered(value)) } }
        _ = try connection.query(numbered(1))  // used again: 2 is now the oldest
        for _ in 0..<2 { _ = try connection.query(numbered(4)) }
        #expect(connection.preparedStatementCount == 3)
        #expect(try prepared(connection) == 3)
        let texts = try connection.queryUnprepared("SELECT statement FROM pg_prepared_statements ORDER BY statement")
            .map { try $0.decode("statement", as: String.self) }
        #expect(texts == ["SELECT 1 AS v1", "SELECT 3 AS v3", "SELECT 4 AS v4"])
    }

    @Test func statementsDroppedByTheServerArePreparedAgain() throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        for _ in 0..<2 { #expect(try connection.query("SELECT \(1)::int AS v").single().decode("v", as: Int.self) == 1) }
        #expect(try prepared(connection) == 1)
        try connection.executeScript("DISCARD ALL")
        #expect(try prepared(connection) == 0)
        // Outside a transaction: re-prepared at once.
        #expect(try connection.query("SELECT \(2)::int AS v").single().decode("v", as: Int.self) == 2)
        #expect(try prepared(connection) == 1)
        // Inside one: the statement's failure aborted it, so the transaction is run again, and succeeds.
        try connection.executeScript("DEALLOCATE ALL")
        var attempts = 0
        let value = try connection.transaction { connection in
            attempts += 1
            return try connection.query("SELECT \(3)::int AS v").single().decode("v", as: Int.self)
        }
        #expect(value == 3)
        #expect(attempts == 2)
    }

    @Test func aSchemaChangeUnderACachedPlanIsPreparedAgain() throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        try connection.executeScript("CREATE TABLE t (a int); INSERT INTO t VALUES (1)")
        for _ in 0..<2 { #expect(try connection.query("SELECT * FROM t WHERE a = \(1)").single().decode("a", as: Int.self) == 1) }
        #expect(try prepared(connection) == 1)
        try connection.executeScript("ALTER TABLE t ADD COLUMN b text DEFAULT 'x'")
        // "cached plan must not change result type" without the cache's help.
        let row = try connection.query("SELECT * FROM t WHERE a = \(1)").single()
        #expect(try row.decode("b", as: String.self) == "x")
    }

    @Test func theOffSwitchSendsUnnamedStatements() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try Connection(conninfo: database.conninfo, options: .init(preparedStatements: false))
        for value in 1...3 { #expect(try connection.query("SELECT \(value)::int AS v").single().decode("v", as: Int.self) == value) }
        #expect(connection.preparedStatementCount == 0)
        #expect(connection.roundTrips >= 3)
        #expect(try prepared(connection) == 0)
        #expect(Connection.Options.fromEnvironment(["OCOP_PREPARED_STATEMENTS": "off"]).preparedStatements == false)
        #expect(Connection.Options.fromEnvironment(["OCOP_PREPARED_STATEMENTS": "OFF "]).preparedStatements == false)
        #expect(Connection.Options.fromEnvironment([:]).preparedStatements == true)
        #expect(Connection.Options.fromEnvironment(["OCOP_PREPARED_STATEMENTS": "on"]).preparedStatements == true)
    }

    @Test func aPoolPassesItsOptionsToItsConnections() async throws {
        let database = try TestServer.shared.makeDatabase()
        let pool = ConnectionPool(configuration: .init(conninfo: database.conninfo, size: 1, connectionOptions: .init(preparedStatements: false)))
        defer { pool.shutdown() }
        let count = try await pool.withConnection { connection in
            for _ in 0..<2 { _ = try connection.query("SELECT \(1)::int AS v") }
            return try connection.queryUnprepared("SELECT count(*) AS n FROM pg_prepared_statements").single().decode("n", as: Int.self)
        }
        #expect(count == 0)
        #expect(pool.roundTrips == 3)
    }
}
