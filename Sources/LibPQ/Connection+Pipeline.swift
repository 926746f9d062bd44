internal import CLibPQ
import Foundation

/// Deferred statements: a transaction's BEGIN and writes whose results the caller does not need, sent together with
/// the next statement (or the COMMIT) in one round trip through libpq's pipeline mode (`PQenterPipelineMode`, libpq 14+).
///
/// A fire is BEGIN, the locking SELECT, then UPDATE, history INSERT, outbox row with NOTIFY, and COMMIT: six round trips
/// one statement at a time, three with the writes deferred to the COMMIT (two if BEGIN is deferred too, `deferBegin`,
/// which ``transaction(_:readOnly:maxAttempts:_:)`` does not use yet: its dead-connection retry is not kept reliably). Order and outcome
/// are as if each statement had run at once (each runs, in order, before the next statement that is not deferred),
/// except that a deferred write's error is thrown by that next call (the COMMIT of
/// ``transaction(_:readOnly:maxAttempts:_:)``, a query), with the failing statement's SQL in ``DatabaseError/query``;
/// the statements after a failed one do not run, and the transaction then rolls back.
///
/// ```swift
/// try conn.transaction { conn in
///     let balance = try conn.query("SELECT balance FROM account WHERE id = \(from) FOR UPDATE").single().decode("balance", as: Int.self)
///     try conn.executeDeferred("UPDATE account SET balance = \(balance - amount) WHERE id = \(from)")
///     try conn.executeDeferred("UPDATE account SET balance = balance + \(amount) WHERE id = \(to)")
/// }   // BEGIN, then the SELECT, then both UPDATEs + COMMIT in one round trip
/// ```
extension Connection {
    /// Queues a statement to run with the next one, inside a transaction; outside one it runs at once.
    ///
    /// The statement is prepared now (once per connection), so a syntax error is thrown here; with prepared statements
    /// off (PgBouncer in transaction mode) it goes unnamed and its errors come with the next call.
    public func executeDeferred(_ query: Query) throws {
        guard isInTransaction else {
            try execute(query)
            return
        }
        if let interruptCheck, interruptCheck() { throw CancellationError() }
        try refuseNUL(query.binds, query: query.sql)
        if options.preparedStatements { _ = try prepare(query) }
        deferred.append(query)
    }

    /// Sends what is deferred now, in one round trip, and throws the first error.
    public func flushDeferred() throws {
        guard !deferred.isEmpty || deferredBegin != nil else { return }
        _ = try runPipeline(then: nil)
    }

    /// Starts a transaction whose BEGIN goes with its first statement.
    func deferBegin(_ begin: String) {
        beginFailure = nil
        deferredBegin = begin
    }

    /// The connection error a deferred BEGIN met, once.
    func takeBeginFailure() -> DatabaseError? {
        defer { beginFailure = nil }
        return beginFailure
    }

    /// Forgets what is deferred (the transaction is rolling back: it would have been undone).
    func discardDeferred() {
        deferred.removeAll()
        deferredBegin = nil
    }

    /// COMMIT, in the same round trip as the deferred writes; nothing at all for a transaction that sent nothing.
    func commitDeferred() throws {
        if deferred.isEmpty {
            if deferredBegin != nil {
                deferredBegin = nil
                return
            }
            try executeScript("COMMIT")
            return
        }
        _ = try runPipeline(then: nil, commit: true)
    }

    private enum Step {
        case text(String)
        case prepared(Query, name: String)
        case unnamed(Query)

        var sql: String {
            switch self {
            case .text(let sql): return sql
            case .prepared(let query, _), .unnamed(let query): return query.sql
            }
        }
    }

    /// Sends the deferred BEGIN and statements, then `last` (its result returned) and COMMIT if asked, as one pipeline
    /// with one sync; throws the first error. The server skips the statements after a failed one.
    func runPipeline(then last: Query?, commit: Bool = false) throws -> QueryResult? {
        let begin = deferredBegin
        let queued = deferred
        deferredBegin = nil
        deferred.removeAll()
        // Every statement is prepared before the pipeline starts (cached: no round trip after the first time).
        var steps: [Step] = []
        steps.reserveCapacity(queued.count + 3)
        if let begin { steps.append(.text(begin)) }
        func step(_ query: Query) throws -> Step {
            options.preparedStatements ? .prepared(query, name: try prepare(query)) : .unnamed(query)
        }
        for query in queued { steps.append(try step(query)) }
        let lastIndex = last == nil ? -1 : steps.count
        if let last { steps.append(try step(last)) }
        if commit { steps.append(.text("COMMIT")) }

        var firstError: DatabaseError?
        var lastResult: QueryResult?
        var beginDone = begin == nil
        countRoundTrip()
        if PQenterPipelineMode(handle) == 1 {
            var sentAll = true
            for step in steps where sentAll {
                switch step {
                case .text(let sql):
                    sentAll = PQsendQueryParams(handle, sql, 0, nil, nil, nil, nil, 0) == 1
                case .prepared(let query, let name):
                    sentAll = withParameters(query.binds) { values, count in PQsendQueryPrepared(handle, name, count, values, nil, nil, 0) } == 1
                case .unnamed(let query):
                    let types = query.binds.map { Oid($0.type.rawValue) }
                    sentAll = withParameters(query.binds) { values, count in
                        types.withUnsafeBufferPointer { PQsendQueryParams(handle, query.sql, count, $0.baseAddress, values, nil, nil, 0) }
                    } == 1
                }
            }
            if sentAll { sentAll = PQpipelineSync(handle) == 1 }
            if !sentAll { firstError = connectionError(query: steps.first?.sql) }
            if sentAll {
                for (index, step) in steps.enumerated() {
                    // One result per statement, then NULL.
                    while let result = PQgetResult(handle) {
                        if PQresultStatus(result) == PGRES_PIPELINE_ABORTED {
                            PQclear(result)
                        } else if let failure = error(from: result, query: step.sql) {
                            PQclear(result)
                            if firstError == nil { firstError = failure }
                        } else {
                            if index == 0 && begin != nil { beginDone = true }
                            if index == lastIndex { lastResult = try? consume(result, query: step.sql) } else { PQclear(result) }
                        }
                    }
                    if isBroken { break }
                }
                if !isBroken {
                    // The sync point's result ends the pipeline.
                    while let result = PQgetResult(handle) {
                        let status = PQresultStatus(result)
                        PQclear(result)
                        if status == PGRES_PIPELINE_SYNC { break }
                    }
                }
            }
            leavePipeline()
        } else {
            firstError = connectionError(query: steps.first?.sql)
        }
        if isBroken || firstError?.isConnectionError == true {
            let lost = firstError ?? connectionError(query: steps.first?.sql)
            // BEGIN met a dead connection (terminated backend: 57P01, then EOF), so nothing ran: `transaction` lets the
            // pool start again on a new connection.
            if !beginDone { beginFailure = lost }
            throw lost
        }
        if var firstError {
            // A prepared statement the server no longer has (DISCARD ALL) or whose plan went stale: the transaction is
            // aborted, so forget the names and let `transaction` run it again (as `runPrepared` does).
            if Self.isStaleStatement(firstError) {
                statements.removeAll()
                firstError.staleStatement = true
            }
            throw firstError
        }
        guard lastIndex < 0 || lastResult != nil else { throw connectionError(query: last?.sql) }
        return lastResult
    }

    /// Back to ordinary mode, draining whatever is left (only after a failure).
    private func leavePipeline() {
        if PQexitPipelineMode(handle) == 1 { return }
        while !isBroken, let result = PQgetResult(handle) { PQclear(result) }
        _ = PQexitPipelineMode(handle)
    }
}
