import Foundation

/// Everything a guard may look at; guards are pure functions of this value.
public struct GuardContext: Sendable {
    /// The instance's data before the event.
    public var data: [String: JSONValue]
    /// The event's input as given by the actor.
    public var input: [String: JSONValue]
    /// Who fires the event.
    public var actor: WorkflowActor
    /// The state the instance is in.
    public var state: String
    /// The event being fired.
    public var event: String
    /// The guard's parameters from the YAML, already checked against its spec.
    public var parameters: [String: JSONValue]
    /// The time of the transition.
    public var now: Date
    /// The working calendar in use.
    public var calendar: WorkingCalendar

    /// Creates a context.
    public init(
        data: [String: JSONValue], input: [String: JSONValue], actor: WorkflowActor, state: String, event: String,
        parameters: [String: JSONValue], now: Date, calendar: WorkingCalendar
    ) {
        self.data = data
        self.input = input
        self.actor = actor
        self.state = state
        self.event = event
        self.parameters = parameters
        self.now = now
        self.calendar = calendar
    }

    /// Reads a field path: `score` or `dossier.plan` from the data, `input.score` from the input.
    ///
    /// A null value reads as absent, so "present" means present and not null.
    public func value(at path: String) -> JSONValue? {
        var parts = path.split(separator: ".")
        let root: [String: JSONValue]
        if parts.first == "input", parts.count > 1 {
            root = input
            parts.removeFirst()
        } else {
            root = data
        }
        guard let first = parts.first, let top = root[String(first)] else { return nil }
        let found = top.value(atPath: parts.dropFirst())
        return found?.isNull == true ? nil : found
    }

    /// The string parameter with this name.
    public func string(_ name: String) -> String? {
        parameters[name]?.stringValue
    }

    /// Today in Vietnam.
    public var today: LocalDate { VietnamTime.date(of: now) }
}
