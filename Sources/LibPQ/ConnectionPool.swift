import Foundation
import Logging

/// A fixed set of connections, each owned by its own thread, shared by concurrent async callers.
///
/// libpq blocks, so no libpq call ever runs on the Swift concurrency pool (two threads on a small machine)
/// or on a NIO event loop: a caller's closure is handed to a worker thread and the caller suspends until
/// it is done. A caller waits at most ``Configuration/acquireTimeout`` for a free connection; cancelling the
/// caller's task cancels its running query (`PQcancel`); a connection found broken is replaced.
///
/// ```swift
/// let pool = ConnectionPool(configuration: .init(conninfo: url, size: 4))
/// let stars = try await pool.write { conn in
///     try conn.query("UPDATE product SET stars = \(4) WHERE id = \(id) RETURNING stars").single().decode("stars", as: Int.self)
/// }
/// ```
public final class ConnectionPool: Sendable {
    /// How the pool connects and how long callers wait.
    public struct Configuration: Sendable {
        /// A libpq conninfo string or URL; empty means libpq's defaults.
        public var conninfo: String
        /// Number of connections (and worker threads).
        public var size: Int
        /// How long a caller waits for a free connection before ``DatabaseError/Code/poolTimeout``.
        public var acquireTimeout: Duration
        /// Whether the connections prepare statements (off behind PgBouncer in transaction mode; default
        /// `OCOP_PREPARED_STATEMENTS`, on unless `off`).
        public var preparesStatements: Bool

        /// Creates a configuration.
        public init(
            conninfo: String, size: Int = 4, acquireTimeout: Duration = .seconds(30), preparesStatements: Bool = Connection.preparesStatementsByDefault
        ) {
            self.conninfo = conninfo
            self.size = max(1, size)
            self.acquireTimeout = acquireTimeout
            self.preparesStatements = preparesStatements
        }
    }

    /// A snapshot of the pool's load.
    public struct Statistics: Sendable, Equatable {
        /// Connections running a caller's work.
        public var inUse: Int
        /// Callers waiting for a connection.
        public var waiting: Int
        /// Connections opened since the pool started (replacements included).
        public var connectionsOpened: Int
        /// The pool's size.
        public var size: Int
    }

    /// The configuration the pool was created with.
    public let configuration: Configuration
    let shared: PoolShared
    let logger: Logger

    /// Starts the worker threads; connections open lazily, on first use.
    public init(configuration: Configuration, logger: Logger = Logger(label: "ocop.pool")) {
        self.configuration = configuration
        self.logger = logger
        shared = PoolShared(size: configuration.size)
        for index in 0..<configuration.size {
            let worker = PoolWorker(
                index: index, conninfo: configuration.conninfo, preparesStatements: configuration.preparesStatements, shared: shared, logger: logger)
            let thread = Thread { worker.run() }
            thread.name = "ocop-db-\(index)"
            thread.start()
        }
    }

    deinit { shutdown() }

    /// Current load figures.
    public var statistics: Statistics { shared.statistics() }

    /// Runs `body` with a connection on a worker thread.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await submit { connection, _ in try body(connection) }
    }

    /// Runs `body` in a transaction on a worker thread (see ``Connection/transaction(_:readOnly:maxAttempts:_:)``).
    ///
    /// When BEGIN finds the connection dead (say, its backend was terminated while idle), the pool replaces the
    /// connection and starts again once: nothing had run yet.
    public func write<T: Sendable>(
        _ isolation: IsolationLevel = .readCommitted, maxAttempts: Int = 5, _ body: @escaping @Sendable (Connection) throws -> T
    ) async throws -> T {
        try await submit { connection, _ in try connection.transaction(isolation, maxAttempts: maxAttempts, body) }
    }

    /// Runs `body` in a read-only transaction.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await submit { connection, _ in try connection.transaction(.repeatableRead, readOnly: true, body) }
    }

    /// Stops taking work, fails waiting callers, and waits for running work to finish and connections to close.
    public func shutdown() {
        shared.close()
    }

    /// Cancels every query the pool is running or about to run (`PQcancel`), from any thread — what a command does on
    /// Ctrl-C or SIGTERM before it exits, so that no query runs on in the server after the client is gone.
    public func cancelAll() { shared.cancelAll() }

    /// Jobs of this pool still in memory: 0 when idle, unless something keeps finished jobs alive (a leak).
    public var liveJobs: Int { shared.liveJobs.value }

    private func submit<T: Sendable>(_ body: @escaping @Sendable (Connection, Int) throws -> T) async throws -> T {
        let job = PoolJob(liveJobs: shared.liveJobs)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                // The job stores these closures, so they must not hold the job strongly: it would never be freed (issue
                // 15 measured ≈ 1.9 KB kept per HTTP GET). The worker holds the job while it runs them.
                job.install(
                    execute: { [unowned job] connection, attempt in
                        do {
                            continuation.resume(returning: try body(connection, attempt))
                        } catch let notStarted as TransactionNotStarted {
                            guard attempt == 1 else {
                                continuation.resume(throwing: notStarted.underlying)
                                return .done
                            }
                            return .retryOnNewConnection
                        } catch let error as DatabaseError where error.sqlState == .queryCanceled && job.isCancelRequested {
                            continuation.resume(throwing: CancellationError())
                        } catch {
                            continuation.resume(throwing: error)
                        }
                        return .done
                    },
                    fail: { continuation.resume(throwing: $0) })
                shared.enqueue(job, timeout: configuration.acquireTimeout)
            }
        } onCancel: {
            shared.cancel(job)
        }
    }
}
