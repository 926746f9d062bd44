import Foundation

/// Which events an actor can fire now.
extension Engine {
    /// For each event name of the definition, in file order: whether `actor` can fire it on `snapshot` now, or why not.
    ///
    /// State, role and guards that read only the data are judged; inputs and guards that read the input are not,
    /// since the input does not exist yet (they are listed so a form can ask for them).
    public func availableEvents(_ snapshot: Snapshot, actor: WorkflowActor, now: Date) -> [EventAvailability] {
        definition.eventNames.map { name in
            var reasons: [Rejection.Reason] = []
            let check = checkPreconditions(snapshot, event: name, actor: actor, input: [:], now: now, judgeInputGuards: false, reasons: &reasons)
            let declaration = check.declaration ?? definition.events(named: name).first
            return EventAvailability(
                event: name, label: declaration?.label, to: check.stateAllows ? declaration?.to : nil, reasons: reasons,
                inputs: declaration?.inputs ?? [], deferredGuards: check.deferredGuards
            )
        }
    }

    /// Only the events `actor` can fire now.
    public func firableEvents(_ snapshot: Snapshot, actor: WorkflowActor, now: Date) -> [EventAvailability] {
        availableEvents(snapshot, actor: actor, now: now).filter(\.isAvailable)
    }
}
