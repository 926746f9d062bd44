import Dispatch
import Foundation
import Store
import Workflow

/// Ctrl-C (SIGINT) and SIGTERM for a command: the queries it is running are cancelled in the server (`PQcancel`)
/// before the process exits, so that none runs on after the client is gone (issue 15 saw a report's query run 26
/// minutes after its client was killed). Exit status 130 for SIGINT, 143 for SIGTERM, as a shell reports them.
///
/// A long-running loop that stops cleanly on a signal (`ocop timers run`, `ocop outbox run`) handles them itself
/// inside ``graceful(_:)``; `ocop serve` leaves them to its service group.
final class Interrupts: @unchecked Sendable {
    static let shared = Interrupts()

    private let lock = NSLock()
    private var services: Services?
    private var language: Language = .vi
    private var gracefulDepth = 0
    /// How the running graceful loop is told to stop (libdispatch may hand a signal to one of several sources only).
    private var gracefulStop: (@Sendable () -> Void)?
    private var installed = false
    private var stopping = false
    private var sources: [any DispatchSourceSignal] = []

    /// Starts handling the signals; the services' queries are cancelled once ``attach(_:)`` gave them.
    func install(language: Language) {
        lock.withLock {
            self.language = language
            guard !installed else { return }
            installed = true
            sources = [(SIGINT, Int32(130)), (SIGTERM, Int32(143))].map { pair in
                let (number, status) = pair
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [unowned self] in self.interrupted(status: status) }
                source.resume()
                return source
            }
        }
    }

    /// The services whose queries a signal cancels.
    func attach(_ services: Services?) { lock.withLock { self.services = services } }

    /// Runs a loop that stops by itself on a signal: meanwhile a signal does not end the process.
    func graceful<T>(onSignal stop: @escaping @Sendable () -> Void, _ body: () async throws -> T) async rethrows -> T {
        lock.withLock {
            gracefulDepth += 1
            gracefulStop = stop
        }
        defer {
            lock.withLock {
                gracefulDepth -= 1
                gracefulStop = nil
            }
        }
        return try await body()
    }

    /// Whether a signal is ending the process (its error, if the cancelled query reports one first, is not printed).
    var isStopping: Bool { lock.withLock { stopping } }

    private func interrupted(status: Int32) {
        let (services, language, graceful, stop) = lock.withLock {
            if gracefulDepth == 0 { stopping = true }
            return (self.services, self.language, gracefulDepth > 0, gracefulStop)
        }
        guard !graceful else {
            stop?()
            return
        }
        services?.cancelRunningQueries()
        FileHandle.standardError.write(Data("\nocop: \(Text("đã hủy, truy vấn đang chạy được dừng", "cancelled; the running query was stopped")(language))\n".utf8))
        exit(status)
    }
}
