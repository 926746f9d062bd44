import Foundation
import Logging
import ServiceLifecycle
import Store

/// Runs the outbox relay in the background while the server runs: delivers what is due every few seconds, and stops
/// at graceful shutdown (a batch in flight finishes its transaction first).
struct OutboxWorker: Service {
    let dependencies: ServerDependencies
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                _ = try await dependencies.services.outbox.runDue()
            } catch {
                logger.warning("outbox relay pass failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
