import Foundation
import Logging

/// A transaction isolation level.
public enum IsolationLevel: String, Sendable, CaseIterable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension Connection {
    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws (the first error is rethrown).
    ///
    /// A serialization failure or deadlock (SQLSTATE 40001, 40P01) rolls back and runs `body` again, up to
    /// `maxAttempts` times in all, so `body` must be safe to repeat: no side effects outside the database.
    ///
    /// ```swift
    /// let version = try conn.transaction(.serializable) { conn in
    ///     try conn.query("UPDATE instance SET version = version + 1 WHERE id = \(id) RETURNING version").single().decode("version", as: Int.self)
    /// }
    /// ```
    public func transaction<T>(
        _ isolation: IsolationLevel = .readCommitted, readOnly: Bool = false, maxAttempts: Int = 5,
        _ body: (Connection) throws -> T
    ) throws -> T {
        guard !isInTransaction else {
            throw DatabaseError(code: .misuse, message: "a transaction is already open on this connection; nested transactions are not supported")
        }
        var attempt = 1
        while true {
            // BEGIN is sent on its own: a dead connection found here lets the pool reconnect and start again. (Sending it
            // with the first statement, `deferBegin`, saves a round trip but did not yet keep that retry: see README.)
            do {
                try executeScript("BEGIN ISOLATION LEVEL \(isolation.rawValue)\(readOnly ? " READ ONLY" : "")")
            } catch let error as DatabaseError where error.isConnectionError {
                throw TransactionNotStarted(underlying: error)
            }
            do {
                let value = try body(self)
                // With the writes the body deferred, in one round trip.
                try commitDeferred()
                return value
            } catch {
                if let deadAtBegin = takeBeginFailure() {
                    // BEGIN itself found the connection dead: nothing ran, so the pool may reconnect and start again.
                    discardDeferred()
                    throw TransactionNotStarted(underlying: deadAtBegin)
                }
                rollbackQuietly()
                if let failure = error as? DatabaseError, failure.isTransient, attempt < maxAttempts {
                    logger.debug("retrying transaction", metadata: ["sqlstate": "\(failure.sqlState?.rawValue ?? "")", "attempt": "\(attempt)"])
                    // Jittered backoff, so that the transactions that collided do not collide again.
                    usleep(UInt32.random(in: 500...2_000) * UInt32(attempt))
                    attempt += 1
                    continue
                }
                throw error
            }
        }
    }

    private func rollbackQuietly() {
        discardDeferred()
        guard !isBroken, isInTransaction else { return }
        do {
            try executeScript("ROLLBACK")
        } catch {
            logger.warning("rollback failed", metadata: ["error": "\(error)"])
        }
    }
}

/// Thrown when BEGIN itself failed on a dead connection: nothing ran, so the pool may reconnect and retry.
struct TransactionNotStarted: Error {
    let underlying: DatabaseError
}
