/// Whether an actor can fire one event now, and if not, why; what a UI needs to draw buttons and forms.
public struct EventAvailability: Sendable, Hashable {
    /// The event's name.
    public var event: String
    /// Its label, when the definition gives one.
    public var label: Bilingual?
    /// The state it would lead to, when it applies from the current state.
    public var to: String?
    /// Every unmet condition known before input is given; empty when the event can be fired.
    public var reasons: [Rejection.Reason]
    /// The inputs the form must ask for.
    public var inputs: [InputDefinition]
    /// Guards that read the input and are judged only when the event is fired.
    public var deferredGuards: [String]

    /// Creates an availability.
    public init(
        event: String, label: Bilingual?, to: String?, reasons: [Rejection.Reason], inputs: [InputDefinition], deferredGuards: [String]
    ) {
        self.event = event
        self.label = label
        self.to = to
        self.reasons = reasons
        self.inputs = inputs
        self.deferredGuards = deferredGuards
    }

    /// True when nothing known so far blocks the event.
    public var isAvailable: Bool { reasons.isEmpty }
}
