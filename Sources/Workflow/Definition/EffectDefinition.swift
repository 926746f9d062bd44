/// What an accepted event does besides changing state, as declared in YAML.
public enum EffectDefinition: Sendable, Hashable {
    /// Where a `set` effect takes its value from.
    public enum Source: Sendable, Hashable {
        /// The named input of the event (nothing is set when an optional input is absent).
        case input(String)
        /// A literal written in the YAML.
        case literal(JSONValue)
        /// The transition's time as a Vietnamese calendar day, `yyyy-mm-dd`.
        case today
        /// The transition's time as an ISO 8601 UTC timestamp.
        case timestamp
        /// A date field (already set, or set earlier in the same list) moved by an offset, e.g. issued_on + 36 months.
        case date(field: String, offset: DateOffset?)
    }

    /// Stores a value into the instance's data.
    case set(field: String, source: Source)
    /// (Re)starts a timer, even one whose states do not change.
    case scheduleTimer(String)
    /// Stops a timer.
    case cancelTimer(String)
    /// Asks the caller to notify the holders of some roles, after commit.
    case notify(roles: [String], message: String)
}

/// A signed duration used to move a date: `after: 36 months` or `before: 30 days`.
public struct DateOffset: Sendable, Hashable, CustomStringConvertible {
    /// How far.
    public var duration: WorkflowDuration
    /// True for `before:`.
    public var isBefore: Bool

    /// Creates an offset.
    public init(duration: WorkflowDuration, isBefore: Bool) {
        self.duration = duration
        self.isBefore = isBefore
    }

    /// `+36 months` or `-30 days`.
    public var description: String { (isBefore ? "-" : "+") + duration.description }
}
