import Foundation
import Logging
import ServiceLifecycle
import Store
import Workflow

/// When and where the server anchors the history (`ocop serve --anchor-every 1h --anchor-file F --anchor-key K`).
public struct AnchorSchedule: Sendable, Hashable {
    /// Time between checkpoints.
    public var every: Duration
    /// The append-only checkpoint file.
    public var file: String
    /// The signing key file.
    public var key: String

    public init(every: Duration, file: String, key: String) {
        self.every = every
        self.file = file
        self.key = key
    }
}

/// Appends a signed checkpoint of the history's chain heads to the anchor file on a schedule, through the same service
/// as `ocop audit anchor`; stops at graceful shutdown. A failed checkpoint is logged as an error and tried at the next tick.
struct AnchorWorker: Service {
    let dependencies: ServerDependencies
    let schedule: AnchorSchedule
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: schedule.every) }
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { break }
            do {
                let result = try await dependencies.services.audit.anchor(
                    anchorFile: schedule.file, keyFile: schedule.key, at: dependencies.now())
                let checkpoint = result.checkpoint
                if !result.regressed.isEmpty {
                    logger.error(
                        "audit: history went back since the last checkpoint (truncated or rewritten); run ocop audit verify --anchors",
                        metadata: ["instances": "\(result.regressed.map(\.instanceID))", "checkpoint": "\(checkpoint.number)"])
                }
                logger.info(
                    "audit checkpoint",
                    metadata: ["checkpoint": "\(checkpoint.number)", "chains": "\(checkpoint.chains)", "changed": "\(checkpoint.heads.count)"])
            } catch {
                logger.error("audit checkpoint failed", metadata: ["error": "\(ServiceError(error).message.en)", "file": "\(schedule.file)"])
            }
        }
    }
}
