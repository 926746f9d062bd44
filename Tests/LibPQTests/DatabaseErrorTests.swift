import LibPQ
import TestSupport
import Testing

@Suite("Server errors carry their diagnostics, never bound values")
struct DatabaseErrorTests {
    @Test func uniqueViolationCarriesSQLStateAndConstraint() throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        try connection.executeScript("CREATE TABLE producer (tax_code text CONSTRAINT producer_tax_code_key UNIQUE)")
        let secret = "0312345678-personal"
        try connection.execute("INSERT INTO producer VALUES (\(secret))")
        do {
            try connection.execute("INSERT INTO producer VALUES (\(secret))")
            Issue.record("duplicate insert should fail")
        } catch let error as DatabaseError {
            #expect(error.code == .server)
            #expect(error.sqlState == .uniqueViolation)
            #expect(error.sqlState?.isClass(.integrityConstraintViolation) == true)
            #expect(error.constraint == "producer_tax_code_key")
            #expect(error.table == "producer")
            #expect(error.detail?.contains(secret) == true)
            #expect(!error.description.contains(secret))
            #expect(error.debugDescription.contains(secret))
            #expect(error.query == "INSERT INTO producer VALUES ($1)")
        }
    }

    @Test func hintsAndSyntaxErrors() throws {
        let connection = try TestServer.shared.makeDatabase().connect()
        do {
            try connection.query("SELEC 1")
            Issue.record("bad SQL should fail")
        } catch let error as DatabaseError {
            #expect(error.sqlState == .syntaxError)
        }
        do {
            try connection.executeScript("DO $$ BEGIN RAISE EXCEPTION 'hồ sơ thiếu' USING HINT = 'bổ sung biểu 03'; END $$")
            Issue.record("RAISE should fail")
        } catch let error as DatabaseError {
            #expect(error.sqlState == .raiseException)
            #expect(error.message == "hồ sơ thiếu")
            #expect(error.hint == "bổ sung biểu 03")
        }
        // The connection is still usable afterwards.
        #expect(try connection.query("SELECT 1 AS one").single().decode("one", as: Int.self) == 1)
    }

    @Test func badConnectionStringsFailClearly() {
        #expect(throws: DatabaseError.self) { try Connection(conninfo: "host=/nonexistent/socket/dir dbname=x connect_timeout=2") }
        do {
            _ = try Connection(conninfo: "this is = not valid")
            Issue.record("malformed conninfo should fail")
        } catch let error as DatabaseError {
            #expect(error.code == .connectionFailed)
            #expect(!error.message.isEmpty)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func connectionStringsParseAndReplaceTheDatabase() throws {
        let replaced = try ConnectionString.replacingDatabase(in: "postgres://ocop:pa'ss@localhost:5433/main?sslmode=disable", with: "t_1")
        let options = try ConnectionString.parse(replaced)
        #expect(options["dbname"] == "t_1")
        #expect(options["port"] == "5433")
        #expect(options["password"] == "pa'ss")
        #expect(options["sslmode"] == "disable")
    }
}
