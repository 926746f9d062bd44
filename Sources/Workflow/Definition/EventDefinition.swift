/// One event of a workflow: from which states, to which state, by whom, under which guards, with which effects.
public struct EventDefinition: Sendable, Hashable {
    /// The event's name, e.g. `survey`.
    public var name: String
    /// The label shown on buttons.
    public var label: Bilingual?
    /// The states it may be fired from, with `"*"` already expanded to every non-final state.
    public var from: [String]
    /// True when the YAML said `from: "*"`.
    public var fromAnyState: Bool
    /// The state it leads to; the same state for a self-loop.
    public var to: String
    /// Roles allowed to fire it; an actor needs at least one of them.
    public var roles: [String]
    /// Guards that must all pass.
    public var guards: [GuardReference]
    /// Inputs the actor supplies.
    public var inputs: [InputDefinition]
    /// What happens to the data and the timers when it is accepted, in order.
    public var effects: [EffectDefinition]
    /// Where the event is declared.
    public var location: SourceLocation
    /// The service that takes this step because it also writes that service's own records (e.g. `ocop` fixes the rule
    /// set and issues certificates, `ntm` keeps the progress time series); a plain fire is refused. Nil for most events.
    public var service: String?
    /// `late_entry:` on the event: whether this step may be dated before the record's last step; nil follows the
    /// workflow's `late_entry` (field steps such as a survey or a field check are entered late by nature).
    public var lateEntry: LateEntryPolicy?

    /// Creates an event.
    public init(
        name: String, label: Bilingual? = nil, from: [String], fromAnyState: Bool = false, to: String, roles: [String],
        guards: [GuardReference] = [], inputs: [InputDefinition] = [], effects: [EffectDefinition] = [], location: SourceLocation,
        service: String? = nil, lateEntry: LateEntryPolicy? = nil
    ) {
        self.service = service
        self.lateEntry = lateEntry
        self.name = name
        self.label = label
        self.from = from
        self.fromAnyState = fromAnyState
        self.to = to
        self.roles = roles
        self.guards = guards
        self.inputs = inputs
        self.effects = effects
        self.location = location
    }

    /// The declared input with this name.
    public func input(named name: String) -> InputDefinition? {
        inputs.first { $0.name == name }
    }
}
