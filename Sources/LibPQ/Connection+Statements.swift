internal import CLibPQ
import Foundation

extension Connection {
    /// How a connection sends statements.
    public struct Options: Sendable, Equatable {
        /// Whether ``Connection/query(_:)`` prepares each SQL text once per connection (`PQprepare`, then
        /// `PQexecPrepared`). Off, every statement goes with `PQexecParams` (the unnamed statement): what PgBouncer
        /// in transaction mode needs, where the next transaction may run on another server connection.
        public var preparedStatements: Bool
        /// How many prepared statements a connection keeps; the least recently used is deallocated beyond it.
        public var statementCacheCapacity: Int

        /// Creates options.
        public init(preparedStatements: Bool = true, statementCacheCapacity: Int = 256) {
            self.preparedStatements = preparedStatements
            self.statementCacheCapacity = max(1, statementCacheCapacity)
        }

        /// The one place the environment decides: `OCOP_PREPARED_STATEMENTS=off` (or `0`, `false`, `no`) turns
        /// prepared statements off for every connection and pool of the process; anything else, or nothing, leaves them on.
        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Options {
            let value = environment["OCOP_PREPARED_STATEMENTS"]?.trimmingCharacters(in: .whitespaces).lowercased()
            return Options(preparedStatements: !["off", "0", "false", "no"].contains(value ?? ""))
        }

        /// The options from the environment, read once.
        public static let `default` = fromEnvironment()
    }

    /// The number of statements this connection holds prepared.
    public var preparedStatementCount: Int { statements.count }

    /// Forgets every prepared statement, on the server too (`DEALLOCATE ALL`): after a `DISCARD ALL`, say.
    public func resetStatementCache() {
        statements.removeAll()
        if !isBroken, PQtransactionStatus(handle) != PQTRANS_INERROR {
            countRoundTrip()
            if let result = PQexec(handle, "DEALLOCATE ALL") { PQclear(result) }
        }
    }

    /// Runs a statement through the cache: prepared on its second use, then executed; re-prepared once when the server no
    /// longer has it (`DISCARD ALL`, `DEALLOCATE`) or its cached plan no longer fits (a schema change: "cached plan must
    /// not change result type"). Inside a transaction the failed statement has aborted it, so the error is marked
    /// transient: the transaction is rolled back and run again, and the statement is prepared afresh.
    func runPrepared(_ query: Query) throws -> QueryResult {
        // A text's first run goes unnamed (one round trip, as psql's); from its second it is prepared: a one-shot
        // command pays no PQprepare for statements it sends once, a server prepares the ones it repeats.
        let types = query.binds.map(\.type.rawValue)
        if !statements.contains(sql: query.sql, types: types), statements.firstSight(sql: query.sql, types: types, capacity: options.statementCacheCapacity) {
            return try queryUnprepared(query)
        }
        var retried = false
        while true {
            let wasIdle = PQtransactionStatus(handle) == PQTRANS_IDLE
            let name = try prepare(query)
            countRoundTrip()
            let result = withParameters(query.binds) { values, count in
                PQexecPrepared(handle, name, count, values, nil, nil, 0)
            }
            do {
                return try consume(result, query: query.sql)
            } catch var error as DatabaseError {
                guard Self.isStaleStatement(error) else { throw error }
                if error.sqlState == .invalidStatementName {
                    // The server dropped them all (DISCARD ALL / DEALLOCATE ALL): none of the names is good any more.
                    statements.removeAll()
                } else {
                    deallocate(statements.remove(sql: query.sql, types: query.binds.map(\.type.rawValue)))
                }
                if wasIdle && !retried {
                    retried = true
                    continue
                }
                error.staleStatement = true
                throw error
            }
        }
    }

    static func isStaleStatement(_ error: DatabaseError) -> Bool {
        if error.sqlState == .invalidStatementName { return true }
        return error.sqlState == .featureNotSupported && error.message.contains("cached plan must not change result type")
    }

    func prepare(_ query: Query) throws -> String {
        let types = query.binds.map(\.type.rawValue)
        if let name = statements.name(sql: query.sql, types: types) { return name }
        if statements.count >= options.statementCacheCapacity { deallocate(statements.removeLeastRecentlyUsed()) }
        let name = statements.nextName()
        let oids = types.map { Oid($0) }
        countRoundTrip()
        let result = oids.withUnsafeBufferPointer { PQprepare(handle, name, query.sql, Int32(oids.count), $0.baseAddress) }
        _ = try consume(result, query: query.sql)
        statements.insert(name, sql: query.sql, types: types)
        return name
    }

    /// Drops a statement on the server; harmless when the server no longer has it. Not sent in a failed transaction
    /// (it would be refused); the name is never reused, so a statement left behind costs only its memory.
    private func deallocate(_ name: String?) {
        guard let name, !isBroken, PQtransactionStatus(handle) != PQTRANS_INERROR else { return }
        countRoundTrip()
        if let result = PQexec(handle, "DEALLOCATE \(name)") { PQclear(result) }
    }
}

/// A connection's prepared statements by SQL text and parameter types, bounded, least recently used evicted first.
struct StatementCache {
    private struct Key: Hashable {
        let sql: String
        let types: [UInt32]
    }

    private var entries: [Key: (name: String, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0
    private var counter = 0

    var count: Int { entries.count }

    /// Texts run once, unprepared (bounded: forgotten all at once when full).
    private var seen: Set<Key> = []

    func contains(sql: String, types: [UInt32]) -> Bool { entries[Key(sql: sql, types: types)] != nil }

    /// Whether this is the first time the text is seen (it is remembered for the next time).
    mutating func firstSight(sql: String, types: [UInt32], capacity: Int) -> Bool {
        if seen.count >= capacity * 4 { seen.removeAll() }
        return seen.insert(Key(sql: sql, types: types)).inserted
    }

    mutating func name(sql: String, types: [UInt32]) -> String? {
        let key = Key(sql: sql, types: types)
        guard let entry = entries[key] else { return nil }
        clock += 1
        entries[key] = (entry.name, clock)
        return entry.name
    }

    mutating func nextName() -> String {
        counter += 1
        return "ocop_s\(counter)"
    }

    mutating func insert(_ name: String, sql: String, types: [UInt32]) {
        clock += 1
        entries[Key(sql: sql, types: types)] = (name, clock)
    }

    mutating func remove(sql: String, types: [UInt32]) -> String? {
        entries.removeValue(forKey: Key(sql: sql, types: types))?.name
    }

    mutating func removeLeastRecentlyUsed() -> String? {
        guard let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) else { return nil }
        entries[oldest.key] = nil
        return oldest.value.name
    }

    mutating func removeAll() {
        entries.removeAll()
        seen.removeAll()
    }
}
