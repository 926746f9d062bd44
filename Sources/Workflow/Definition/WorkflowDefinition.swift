/// What the store does with a step dated before the record's last step.
public enum LateEntryPolicy: String, Sendable, Hashable, CaseIterable {
    /// Refused, naming both dates (the default): each record's business time only moves forward.
    case refuse
    /// Accepted and kept with its real business date; the history's entry time (`recorded_at`) shows it was late.
    case allow
}

/// A workflow as loaded from `workflows/*.yaml`: states, roles, events and timers, checked and immutable.
///
/// ```swift
/// let definition = try WorkflowDefinition.load(path: "workflows/idea.yaml", source: bytes, guards: .builtIn)
/// let engine = Engine(definition: definition, guards: .builtIn, calendar: holidays)
/// ```
public struct WorkflowDefinition: Sendable, Hashable {
    /// The machine name, e.g. `product_idea`.
    public var name: String
    /// The human version label from the file, e.g. `2025.1`; the identity is `contentHash`.
    public var versionLabel: String
    /// The title shown to people.
    public var title: Bilingual?
    /// The states, in file order.
    public var states: [StateDefinition]
    /// The state a new instance starts in.
    public var initialState: String
    /// The roles that may appear in `roles:` lists.
    public var roles: [String]
    /// The events, in file order; one name may appear several times with disjoint `from` states.
    public var events: [EventDefinition]
    /// The timers, in file order.
    public var timers: [TimerDefinition]
    /// The path the definition was loaded from.
    public var sourcePath: String
    /// SHA-256 (hex) of the file's bytes: the version identity stored with every instance.
    public var contentHash: String
    /// The service that alone creates instances (`service: ocop` at the top of the file), because creation also writes
    /// that service's own records; nil: anyone holding one of the roles may start one.
    public var service: String?
    /// Whether a step may be entered with a business time before the record's last step (`late_entry:` at the top of
    /// the file). Default `refuse`: business time is monotonic per record.
    public var lateEntry: LateEntryPolicy
    /// Reactions to other workflows' records (`reactions:`), fired in the same transaction as their cause.
    public var reactions: [ReactionDefinition]

    /// Creates a definition from parts; `load` is the usual way, and also validates.
    public init(
        name: String, versionLabel: String, title: Bilingual? = nil, states: [StateDefinition], initialState: String,
        roles: [String], events: [EventDefinition], timers: [TimerDefinition] = [], sourcePath: String, contentHash: String,
        service: String? = nil, lateEntry: LateEntryPolicy = .refuse, reactions: [ReactionDefinition] = []
    ) {
        self.reactions = reactions
        self.service = service
        self.lateEntry = lateEntry
        self.name = name
        self.versionLabel = versionLabel
        self.title = title
        self.states = states
        self.initialState = initialState
        self.roles = roles
        self.events = events
        self.timers = timers
        self.sourcePath = sourcePath
        self.contentHash = contentHash
    }

    // MARK: - Lookups

    /// The state with this code.
    public func state(_ code: String) -> StateDefinition? {
        states.first { $0.code == code }
    }

    /// The timer with this name.
    public func timer(_ name: String) -> TimerDefinition? {
        timers.first { $0.name == name }
    }

    /// Every declaration of an event name (usually one).
    public func events(named name: String) -> [EventDefinition] {
        events.filter { $0.name == name }
    }

    /// The declaration of an event name that may be fired from a state.
    public func event(named name: String, from state: String) -> EventDefinition? {
        events.first { $0.name == name && $0.from.contains(state) }
    }

    /// The distinct event names, in file order.
    public var eventNames: [String] {
        var seen = Set<String>()
        return events.map(\.name).filter { seen.insert($0).inserted }
    }

    /// The timers that run while an instance is in a state.
    public func timers(in state: String) -> [TimerDefinition] {
        timers.filter { $0.states.contains(state) }
    }
}
