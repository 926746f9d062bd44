import Foundation

/// The pure workflow core: given a snapshot and an event, the next snapshot and its effects, or every reason why not.
///
/// The engine reads no clock and touches no storage; the caller passes `now`, persists the outcome, history and
/// timer effects in one transaction, and sends notifications after commit.
///
/// ```swift
/// let engine = Engine(definition: idea, guards: .builtIn, calendar: holidays)
/// var snapshot = try engine.start(now: now).snapshot
/// let outcome = try engine.transition(snapshot, event: "submit", actor: producer, input: [:], now: now)
/// snapshot = outcome.snapshot        // version + 1
/// ```
public struct Engine: Sendable {
    /// The workflow this engine runs.
    public let definition: WorkflowDefinition
    /// The guards the definition's references resolve to.
    public let guards: GuardRegistry
    /// Weekends and holidays, for working-day durations.
    public let calendar: WorkingCalendar

    /// Creates an engine for one definition.
    public init(definition: WorkflowDefinition, guards: GuardRegistry = .builtIn, calendar: WorkingCalendar = .weekendsOnly) {
        self.definition = definition
        self.guards = guards
        self.calendar = calendar
    }

    /// A new instance in the initial state at version 1, with the initial state's timers scheduled.
    public func start(data: [String: JSONValue] = [:], now: Date) throws(Rejection) -> Creation {
        let snapshot = Snapshot(state: definition.initialState, data: data, version: 1)
        var reasons: [Rejection.Reason] = []
        let effects = timerEffects(from: nil, to: definition.initialState, explicit: [], data: data, now: now, reasons: &reasons)
        guard reasons.isEmpty else { throw Rejection(event: "start", state: definition.initialState, reasons: reasons) }
        return Creation(snapshot: snapshot, effects: effects)
    }

    /// Fires `event` on `snapshot`; throws a `Rejection` listing every unmet condition.
    ///
    /// On success the new snapshot's version is `snapshot.version + 1`; a rejected event changes nothing.
    public func transition(
        _ snapshot: Snapshot, event: String, actor: WorkflowActor, input: [String: JSONValue] = [:], now: Date
    ) throws(Rejection) -> Outcome {
        // Inputs are normalised first so guards see "68.50" from a form as the number 68.50, but their reasons are
        // listed after the state, role and guard reasons.
        var reasons: [Rejection.Reason] = []
        var inputReasons: [Rejection.Reason] = []
        let inputDeclaration = definition.event(named: event, from: snapshot.state) ?? definition.events(named: event).first
        let acceptedInput = validateInputs(inputDeclaration, input: input, reasons: &inputReasons)
        let check = checkPreconditions(
            snapshot, event: event, actor: actor, input: acceptedInput, now: now, judgeInputGuards: true, reasons: &reasons
        )
        reasons += check.declaration == nil ? [] : inputReasons
        guard reasons.isEmpty, let declaration = check.declaration, check.stateAllows, let actingRole = check.actingRole else {
            throw Rejection(event: event, state: snapshot.state, reasons: reasons)
        }

        var data = snapshot.data
        var explicit: [EffectDefinition] = []
        var notifications: [Effect] = []
        for effect in declaration.effects {
            switch effect {
            case .set(let field, let source):
                if let value = value(of: source, field: field, data: data, input: acceptedInput, now: now, reasons: &reasons) {
                    data[field] = value
                }
            case .scheduleTimer, .cancelTimer:
                explicit.append(effect)
            case .notify(let roles, let message):
                notifications.append(.notify(roles: roles, message: message))
            }
        }
        let timers = timerEffects(from: snapshot.state, to: declaration.to, explicit: explicit, data: data, now: now, reasons: &reasons)
        guard reasons.isEmpty else { throw Rejection(event: event, state: snapshot.state, reasons: reasons) }

        return Outcome(
            from: snapshot.state, to: declaration.to, event: event, actor: actor, actingRole: actingRole, input: acceptedInput,
            snapshot: Snapshot(state: declaration.to, data: data, version: snapshot.version + 1),
            effects: timers + notifications, at: now
        )
    }

    /// Replays accepted events from a creation snapshot; used to check a stored history against its definition.
    public func replay(
        from start: Snapshot, _ steps: [(event: String, actor: WorkflowActor, input: [String: JSONValue], at: Date)]
    ) throws(Rejection) -> Snapshot {
        var snapshot = start
        for step in steps {
            snapshot = try transition(snapshot, event: step.event, actor: step.actor, input: step.input, now: step.at).snapshot
        }
        return snapshot
    }
}
