internal import CLibPQ
import Foundation
import Logging

/// One connection to PostgreSQL through libpq.
///
/// Deliberately not `Sendable`: a connection is used by one thread at a time, the one its
/// ``ConnectionPool`` worker runs on. Every call blocks that thread.
///
/// ```swift
/// let conn = try Connection(conninfo: "postgres://localhost/ocop")
/// let count = try conn.query("SELECT count(*) AS n FROM product WHERE stars >= \(4)").single().decode("n", as: Int.self)
/// ```
public final class Connection {
    let handle: OpaquePointer
    let logger: Logger
    private var statements: [StatementKey: String] = [:]
    private var statementCounter = 0
    /// Set by the pool for the duration of a job: when it returns true, the next statement throws `CancellationError`.
    var interruptCheck: (@Sendable () -> Bool)?

    /// Connects with a libpq conninfo string (`host=/run/pg dbname=ocop`) or URL (`postgres://…`).
    ///
    /// An empty string uses libpq's own defaults: PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD,
    /// PGSERVICE and `~/.pgpass`, exactly as `psql` does.
    public init(conninfo: String, logger: Logger = Logger(label: "ocop.libpq")) throws {
        self.logger = logger
        let keywords = ["dbname", "fallback_application_name", "client_encoding"]
        let values = [conninfo, "ocop", "UTF8"]
        let connection = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw DatabaseError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        // libpq returns a handle even when connecting failed; it must be finished either way.
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw DatabaseError(code: .connectionFailed, message: message)
        }
        handle = connection
        // libpq prints NOTICEs ("relation … already exists, skipping") on stderr by default; they are not errors
        // and must not interleave with a command's output.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        do {
            // A fixed session format, so that decoding never depends on the server's defaults.
            try executeScript("SET DateStyle TO 'ISO, YMD'; SET TimeZone TO 'UTC'; SET extra_float_digits TO 3")
        } catch {
            PQfinish(connection)
            throw error
        }
    }

    deinit { PQfinish(handle) }

    // MARK: - Properties

    /// Whether libpq considers the connection unusable.
    public var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }

    /// Whether a transaction block is open (or failed and awaiting rollback).
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// The server's version number, e.g. 150018.
    public var serverVersionNumber: Int { Int(PQserverVersion(handle)) }

    /// The process id of the server backend serving this connection.
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// A handle that can cancel this connection's running query from another thread.
    public func makeCancelHandle() -> CancelHandle? { CancelHandle(PQgetCancel(handle)) }

    // MARK: - Statements

    /// Whether ``query(_:)`` prepares statements: not with `OCOP_PREPARED_STATEMENTS=off` — behind PgBouncer in
    /// transaction mode, where a statement prepared on one server connection is not there on the next (issue 15).
    public static let preparesStatementsByDefault = ProcessInfo.processInfo.environment["OCOP_PREPARED_STATEMENTS"]?.lowercased() != "off"

    /// Whether this connection prepares statements (``preparesStatementsByDefault`` unless set).
    public var preparesStatements = Connection.preparesStatementsByDefault

    /// Runs a statement and returns its rows; prepared once per connection and SQL text (unless
    /// ``preparesStatements`` is off: then sent with its parameters each time, as ``queryUnprepared(_:)``).
    @discardableResult
    public func query(_ query: Query) throws -> QueryResult {
        guard preparesStatements else { return try queryUnprepared(query) }
        if let interruptCheck, interruptCheck() { throw CancellationError() }
        try refuseNUL(query.binds, query: query.sql)
        let name = try prepare(query)
        let result = withParameters(query.binds) { values, count in
            PQexecPrepared(handle, name, count, values, nil, nil, 0)
        }
        return try consume(result, query: query.sql)
    }

    /// Runs a statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ query: Query) throws -> Int {
        try self.query(query).affectedRows
    }

    /// Runs a statement without preparing it: for statements run once (DDL, `CREATE DATABASE`).
    @discardableResult
    public func queryUnprepared(_ query: Query) throws -> QueryResult {
        if let interruptCheck, interruptCheck() { throw CancellationError() }
        try refuseNUL(query.binds, query: query.sql)
        let types = query.binds.map { Oid($0.type.rawValue) }
        let result = withParameters(query.binds) { values, count in
            types.withUnsafeBufferPointer { PQexecParams(handle, query.sql, count, $0.baseAddress, values, nil, nil, 0) }
        }
        return try consume(result, query: query.sql)
    }

    /// Runs a script of several statements with the simple protocol. It takes no parameters, so it can
    /// bind no values: for migration files and fixed session settings only.
    public func executeScript(_ script: String) throws {
        if let interruptCheck, interruptCheck() { throw CancellationError() }
        guard let result = PQexec(handle, script) else { throw connectionError(query: nil) }
        defer { PQclear(result) }
        // PQexec returns the last result; an error anywhere stops the script and is reported here.
        if let failure = error(from: result, query: String(script.prefix(200))) { throw failure }
    }

    // MARK: - Internals

    private struct StatementKey: Hashable {
        let sql: String
        let types: [UInt32]
    }

    private func prepare(_ query: Query) throws -> String {
        let key = StatementKey(sql: query.sql, types: query.binds.map(\.type.rawValue))
        if let name = statements[key] { return name }
        statementCounter += 1
        let name = "ocop_s\(statementCounter)"
        let types = key.types.map { Oid($0) }
        let result = types.withUnsafeBufferPointer { PQprepare(handle, name, query.sql, Int32(types.count), $0.baseAddress) }
        _ = try consume(result, query: query.sql)
        statements[key] = name
        return name
    }

    /// libpq reads parameters as C strings, so a NUL would silently cut the value: refuse it instead (PostgreSQL's own
    /// SQLSTATE for a character text cannot hold).
    private func refuseNUL(_ binds: [Query.Bind], query: String) throws {
        if binds.contains(where: { $0.text?.utf8.contains(0) == true }) {
            throw DatabaseError(
                code: .server, sqlState: .characterNotInRepertoire, message: "a text parameter holds a NUL character", query: query)
        }
    }

    private func withParameters<R>(_ binds: [Query.Bind], _ body: (UnsafePointer<UnsafePointer<CChar>?>?, Int32) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = binds.map { bind in bind.text.flatMap { strdup($0) } }
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(buffer.count, 1)) {
                body(binds.isEmpty ? nil : UnsafePointer($0), Int32(binds.count))
            }
        }
    }

    /// Copies a result into Swift values and clears it.
    private func consume(_ result: OpaquePointer?, query: String) throws -> QueryResult {
        guard let result else { throw connectionError(query: query) }
        defer { PQclear(result) }
        if let failure = error(from: result, query: query) { throw failure }
        let rowCount = Int(PQntuples(result))
        let fieldCount = Int(PQnfields(result))
        var names: [String] = []
        var types: [PostgresType] = []
        names.reserveCapacity(fieldCount)
        for field in 0..<fieldCount {
            names.append(String(cString: PQfname(result, Int32(field))))
            types.append(PostgresType(rawValue: UInt32(PQftype(result, Int32(field)))))
        }
        let columns = ResultColumns(names: names, types: types, query: query)
        var rows: [Row] = []
        rows.reserveCapacity(rowCount)
        for rowIndex in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(fieldCount)
            for field in 0..<fieldCount {
                if PQgetisnull(result, Int32(rowIndex), Int32(field)) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, Int32(rowIndex), Int32(field))))
                }
            }
            rows.append(Row(columns: columns, values: values))
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? rowCount
        return QueryResult(rows: rows, affectedRows: affected)
    }

    func error(from result: OpaquePointer?, query: String?) -> DatabaseError? {
        guard let result else { return connectionError(query: query) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_SINGLE_TUPLE:
            return nil
        default:
            break
        }
        func field(_ code: Int32) -> String? {
            guard let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        let sqlState = field(OCOP_PG_DIAG_SQLSTATE).map(SQLState.init(rawValue:))
        let message = field(OCOP_PG_DIAG_MESSAGE_PRIMARY) ?? Self.trimmed(PQresultErrorMessage(result))
        let lost = isBroken
        return DatabaseError(
            code: lost ? .connectionLost : (sqlState == nil ? .connectionLost : .server),
            sqlState: sqlState, message: message, detail: field(OCOP_PG_DIAG_MESSAGE_DETAIL),
            hint: field(OCOP_PG_DIAG_MESSAGE_HINT), constraint: field(OCOP_PG_DIAG_CONSTRAINT_NAME),
            table: field(OCOP_PG_DIAG_TABLE_NAME), column: field(OCOP_PG_DIAG_COLUMN_NAME), query: query)
    }

    func connectionError(query: String?) -> DatabaseError {
        DatabaseError(code: isBroken ? .connectionLost : .server, message: Self.trimmed(PQerrorMessage(handle)), query: query)
    }

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown libpq error" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

@available(*, unavailable)
extension Connection: Sendable {}

/// Cancels the query running on a connection, from any thread (`PQcancel`).
public final class CancelHandle: @unchecked Sendable {
    // PGcancel is documented as safe to use from another thread than the connection's.
    private let pointer: OpaquePointer

    init?(_ pointer: OpaquePointer?) {
        guard let pointer else { return nil }
        self.pointer = pointer
    }

    deinit { PQfreeCancel(pointer) }

    /// Asks the server to cancel the running query; returns whether the request was sent.
    @discardableResult
    public func cancel() -> Bool {
        var buffer = [CChar](repeating: 0, count: 256)
        return PQcancel(pointer, &buffer, Int32(buffer.count)) == 1
    }
}

/// Calls `body` with a NULL-terminated array of C strings.
private func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeMutableBufferPointer { buffer in
        buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) { body($0) }
    }
}
