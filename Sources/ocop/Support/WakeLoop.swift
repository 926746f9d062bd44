import Foundation
import Logging

/// The long-running loop of `ocop timers run` and `ocop outbox run`: do what is due, then sleep until the next due
/// time, a NOTIFY (LISTEN), or SIGINT/SIGTERM — at most `maximumSleep`, so work scheduled while the listening
/// connection was down is still picked up.
struct WakeLoop {
    /// Why the loop wakes up.
    enum Wake: Sendable { case tick, notified, stop }

    /// The longest sleep.
    static let maximumSleep: TimeInterval = 30

    /// What is listened for, named in the warning when listening fails ("timers", "events").
    let listening: String
    let logger: Logger
    /// Wakes on NOTIFY.
    let wakeUps: @Sendable () -> AsyncThrowingStream<Void, any Error>
    /// Does what is due and returns when the next work falls due (nil: nothing waits).
    let pass: () async throws -> Date?

    func run() async throws {
        // A signal stops the loop after its pass, rather than ending the process mid-pass.
        let (wakes, wake) = AsyncStream<Wake>.makeStream(bufferingPolicy: .bufferingNewest(16))
        try await Interrupts.shared.graceful(onSignal: { wake.yield(.stop) }) { try await loop(wakes, wake) }
    }

    private func loop(_ wakes: AsyncStream<Wake>, _ wake: AsyncStream<Wake>.Continuation) async throws {
        let signals = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { wake.yield(.stop) }
            source.resume()
            return source
        }
        let (wakeUps, logger, listening) = (wakeUps, logger, listening)
        let listener = Task {
            do {
                for try await _ in wakeUps() { wake.yield(.notified) }
            } catch {
                logger.warning("cannot listen for new \(listening); polling every \(Int(Self.maximumSleep)) s", metadata: ["error": "\(error)"])
            }
        }
        defer {
            listener.cancel()
            signals.forEach { $0.cancel() }
        }
        var wakeups = wakes.makeAsyncIterator()
        var sleeper: Task<Void, Never>?
        while true {
            let next = try await pass()
            let delay = min(max(next?.timeIntervalSinceNow ?? Self.maximumSleep, 0.05), Self.maximumSleep)
            sleeper?.cancel()
            sleeper = Task {
                try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                if !Task.isCancelled { wake.yield(.tick) }
            }
            guard let reason = await wakeups.next(), reason != .stop else { break }
        }
        sleeper?.cancel()
    }
}
