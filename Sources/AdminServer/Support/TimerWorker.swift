import Foundation
import Logging
import ServiceLifecycle
import Store

/// Runs due timers in the background while the server runs: wakes every few seconds, fires what is due, and stops
/// at graceful shutdown (a timer mid-fire finishes its transaction first).
struct TimerWorker: Service {
    let dependencies: ServerDependencies
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let firings = try await dependencies.services.runDueTimers(now: dependencies.now(), limit: 200)
                for firing in firings where firing.result != nil {
                    ServerMetrics.transition(workflow: "timer", event: firing.event, source: "timer")
                }
            } catch {
                logger.warning("timer run failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
