import Foundation

/// Something the caller must do after an accepted event, returned as data: the engine itself does nothing.
///
/// Timer effects are persisted in the same transaction as the new state; `notify` runs only after commit.
public enum Effect: Sendable, Hashable, Codable {
    /// Store a timer that fires `event` (as `WorkflowActor.system`) at `fireAt`, replacing any timer of that name.
    case scheduleTimer(name: String, event: String, fireAt: Date)
    /// Delete the pending timer of that name, if any.
    case cancelTimer(name: String)
    /// Tell the holders of `roles` about the instance; `message` names a template.
    case notify(roles: [String], message: String)
}
