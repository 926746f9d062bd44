import Foundation
import Logging

/// A pool thread: owns one connection and runs queued jobs on it, one at a time.
final class PoolWorker: @unchecked Sendable {
    private let index: Int
    private let conninfo: String
    private let preparesStatements: Bool
    private let shared: PoolShared
    private let logger: Logger
    // Touched only by this worker's thread.
    private var connection: Connection?
    private var cancelHandle: CancelHandle?

    init(index: Int, conninfo: String, preparesStatements: Bool, shared: PoolShared, logger: Logger) {
        self.index = index
        self.conninfo = conninfo
        self.preparesStatements = preparesStatements
        self.shared = shared
        self.logger = logger
    }

    func run() {
        defer {
            connection = nil
            shared.workerExited()
        }
        while let job = shared.next(cancelHandle: cancelHandle) {
            job.cancelTimeout()
            perform(job)
            shared.finished(job)
        }
    }

    private func perform(_ job: PoolJob) {
        var attempt = 1
        while true {
            let connection: Connection
            do {
                connection = try connected(replacing: attempt > 1)
            } catch {
                job.fail(error)
                return
            }
            shared.updateCancelHandle(of: job, cancelHandle)
            connection.interruptCheck = { job.isCancelRequested }
            let outcome = job.execute(connection, attempt)
            connection.interruptCheck = nil
            tidy(connection)
            guard outcome == .retryOnNewConnection else { return }
            logger.notice("database connection was dead at BEGIN; reconnecting", metadata: ["worker": "\(index)"])
            attempt += 1
        }
    }

    /// The worker's connection, opened or replaced as needed.
    private func connected(replacing: Bool) throws -> Connection {
        if !replacing, let connection, !connection.hasBeenClosedByServer() { return connection }
        if connection != nil { logger.notice("replacing broken database connection", metadata: ["worker": "\(index)"]) }
        connection = nil
        cancelHandle = nil
        let fresh = try Connection(conninfo: conninfo, logger: logger)
        fresh.preparesStatements = preparesStatements
        connection = fresh
        cancelHandle = fresh.makeCancelHandle()
        shared.connectionOpened()
        return fresh
    }

    /// After a job: drop a broken connection; roll back a transaction the job left open.
    private func tidy(_ connection: Connection) {
        if connection.isBroken {
            self.connection = nil
            cancelHandle = nil
            return
        }
        if connection.isInTransaction {
            logger.warning("a job left a transaction open; rolling back", metadata: ["worker": "\(index)"])
            do {
                try connection.executeScript("ROLLBACK")
            } catch {
                self.connection = nil
                cancelHandle = nil
            }
        }
    }
}
