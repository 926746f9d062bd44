import Foundation
import Logging

/// The state shared by a pool's callers and worker threads, guarded by one condition lock.
final class PoolShared: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [PoolJob] = []
    /// Jobs a worker is running, for ``cancelAll()``.
    private var running: [PoolJob] = []
    /// Jobs of this pool still in memory (a job released once resumed; one kept alive by a cycle shows here).
    let liveJobs = LiveCount()
    /// Round trips sent by the pool's connections.
    let roundTrips = LiveCount()
    private var closed = false
    private var inUse = 0
    private var liveWorkers: Int
    private var connectionsOpened = 0
    private let size: Int

    init(size: Int) {
        self.size = size
        liveWorkers = size
    }

    func statistics() -> ConnectionPool.Statistics {
        condition.withLock {
            ConnectionPool.Statistics(inUse: inUse, waiting: queue.count, connectionsOpened: connectionsOpened, size: size)
        }
    }

    func enqueue(_ job: PoolJob, timeout: Duration) {
        condition.lock()
        if closed || job.cancelledBeforeStart {
            let error: any Error = closed ? DatabaseError(code: .poolClosed, message: "the connection pool is shut down") : CancellationError()
            job.phase = .done
            condition.unlock()
            job.fail(error)
            return
        }
        job.phase = .queued
        queue.append(job)
        let everyWorkerBusy = inUse + queue.count > size
        condition.signal()
        condition.unlock()
        // A timer only when the caller may actually have to wait. Dispatch, not a Task: the concurrency pool may
        // be saturated by the very callers that keep every connection busy.
        if everyWorkerBusy {
            let timer = DispatchWorkItem { [weak self, weak job] in
                if let job { self?.expire(job, after: timeout) }
            }
            job.setTimeoutTimer(timer)
            let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds)), execute: timer)
        }
    }

    /// Fails a job still queued when its wait ran out.
    private func expire(_ job: PoolJob, after timeout: Duration) {
        guard take(job) else { return }
        job.fail(DatabaseError(code: .poolTimeout, message: "no database connection became free within \(timeout)"))
    }

    /// Cancels a job: removes it if queued, else asks its worker to cancel the running query.
    func cancel(_ job: PoolJob) {
        condition.lock()
        switch job.phase {
        case .new:
            job.cancelledBeforeStart = true
            condition.unlock()
        case .queued:
            queue.removeAll { $0 === job }
            job.phase = .done
            condition.unlock()
            job.cancelTimeout()
            job.fail(CancellationError())
        case .running(let cancelHandle):
            job.isCancelRequested = true
            condition.unlock()
            cancelHandle?.cancel()
        case .done:
            condition.unlock()
        }
    }

    /// Removes a queued job; false if a worker already took it.
    private func take(_ job: PoolJob) -> Bool {
        condition.withLock {
            guard case .queued = job.phase else { return false }
            queue.removeAll { $0 === job }
            job.phase = .done
            return true
        }
    }

    /// Blocks a worker until there is a job; nil when the pool closed.
    func next(cancelHandle: @autoclosure () -> CancelHandle?) -> PoolJob? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !closed { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let job = queue.removeFirst()
        job.phase = .running(cancelHandle())
        running.append(job)
        inUse += 1
        return job
    }

    func updateCancelHandle(of job: PoolJob, _ handle: CancelHandle?) {
        condition.withLock {
            if case .running = job.phase { job.phase = .running(handle) }
        }
    }

    func finished(_ job: PoolJob) {
        condition.withLock {
            job.phase = .done
            running.removeAll { $0 === job }
            inUse -= 1
        }
    }

    /// Cancels every queued and running job (Ctrl-C, SIGTERM): the queued fail at once, the running get `PQcancel`.
    /// Returns once every cancel request was sent.
    func cancelAll() {
        condition.lock()
        let jobs = queue + running
        condition.unlock()
        for job in jobs { cancel(job) }
    }

    func connectionOpened() {
        condition.withLock { connectionsOpened += 1 }
    }

    func workerExited() {
        condition.withLock {
            liveWorkers -= 1
            condition.broadcast()
        }
    }

    func close() {
        condition.lock()
        guard !closed else {
            condition.unlock()
            return
        }
        closed = true
        let waiting = queue
        queue.removeAll()
        waiting.forEach { $0.phase = .done }
        condition.broadcast()
        while liveWorkers > 0 { condition.wait() }
        condition.unlock()
        for job in waiting {
            job.cancelTimeout()
            job.fail(DatabaseError(code: .poolClosed, message: "the connection pool is shut down"))
        }
    }
}

/// One caller's unit of work, resumed exactly once: by its worker, its timeout, its cancellation or shutdown.
final class PoolJob: @unchecked Sendable {
    enum Phase {
        case new, queued, running(CancelHandle?), done
    }
    enum Outcome {
        case done, retryOnNewConnection
    }

    // Guarded by the pool's condition lock.
    var phase: Phase = .new
    var cancelledBeforeStart = false
    // Guarded by `flag`: read by the connection before each statement.
    private let flag = NSLock()
    private var cancelRequested = false
    private var timeoutTimer: DispatchWorkItem?
    private var timeoutCancelled = false

    private(set) var execute: ((Connection, Int) -> Outcome)!
    private(set) var fail: ((any Error) -> Void)!

    var isCancelRequested: Bool {
        get { flag.withLock { cancelRequested } }
        set { flag.withLock { cancelRequested = newValue } }
    }

    func setTimeoutTimer(_ timer: DispatchWorkItem) {
        let cancelNow = flag.withLock {
            if !timeoutCancelled { timeoutTimer = timer }
            return timeoutCancelled
        }
        if cancelNow { timer.cancel() }
    }

    func cancelTimeout() {
        let timer = flag.withLock {
            timeoutCancelled = true
            defer { timeoutTimer = nil }
            return timeoutTimer
        }
        timer?.cancel()
    }

    private let liveJobs: LiveCount

    init(liveJobs: LiveCount) {
        self.liveJobs = liveJobs
        liveJobs.add(1)
    }

    deinit { liveJobs.add(-1) }

    func install(execute: @escaping (Connection, Int) -> Outcome, fail: @escaping (any Error) -> Void) {
        self.execute = execute
        self.fail = fail
    }
}

/// A counter shared across threads.
final class LiveCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add(_ delta: Int) { lock.withLock { count += delta } }

    var value: Int { lock.withLock { count } }
}
