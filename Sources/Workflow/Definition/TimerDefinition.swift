/// A timer: while an instance stays in one of `states`, fire `event` at a computed time.
public struct TimerDefinition: Sendable, Hashable {
    /// When a timer fires.
    public enum Schedule: Sendable, Hashable {
        /// A duration after the instance entered the timer's states.
        case after(WorkflowDuration)
        /// At the start (00:00, Vietnam) of the day in a date field, moved by an optional offset.
        case at(field: String, offset: DateOffset?)
    }

    /// The timer's name, unique in the definition.
    public var name: String
    /// The states during which the timer runs.
    public var states: [String]
    /// The event fired by the SYSTEM actor when the timer comes due.
    public var event: String
    /// When it fires.
    public var schedule: Schedule
    /// Where the timer is declared.
    public var location: SourceLocation

    /// Creates a timer.
    public init(name: String, states: [String], event: String, schedule: Schedule, location: SourceLocation) {
        self.name = name
        self.states = states
        self.event = event
        self.schedule = schedule
        self.location = location
    }
}
