import Foundation

/// The result of an accepted event: the new snapshot, the effects to persist or run, and what to write to history.
public struct Outcome: Sendable, Hashable {
    /// The state before.
    public var from: String
    /// The state after; equal to `from` for a self-loop.
    public var to: String
    /// The event that was fired.
    public var event: String
    /// Who fired it.
    public var actor: WorkflowActor
    /// The role the actor acted in: the first of the event's allowed roles that the actor holds.
    public var actingRole: String
    /// The input as accepted (only declared inputs).
    public var input: [String: JSONValue]
    /// The new snapshot, with `version` one more than before.
    public var snapshot: Snapshot
    /// Timers to cancel and schedule, notifications to send, in order.
    public var effects: [Effect]
    /// The time of the transition, as passed in.
    public var at: Date

    /// Creates an outcome.
    public init(
        from: String, to: String, event: String, actor: WorkflowActor, actingRole: String, input: [String: JSONValue],
        snapshot: Snapshot, effects: [Effect], at: Date
    ) {
        self.from = from
        self.to = to
        self.event = event
        self.actor = actor
        self.actingRole = actingRole
        self.input = input
        self.snapshot = snapshot
        self.effects = effects
        self.at = at
    }
}

/// A new instance: its first snapshot and the timers of its initial state.
public struct Creation: Sendable, Hashable {
    /// The snapshot at version 1 in the initial state.
    public var snapshot: Snapshot
    /// The initial state's timers.
    public var effects: [Effect]

    /// Creates a creation result.
    public init(snapshot: Snapshot, effects: [Effect]) {
        self.snapshot = snapshot
        self.effects = effects
    }
}
