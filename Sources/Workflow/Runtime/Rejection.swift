/// Why an event was not accepted: every unmet condition at once, each with a message an officer can act on.
///
/// "Không thể approve: thiếu biên bản khảo sát; điểm 68 < 70" / "Cannot approve: survey report is missing; score 68 < 70".
public struct Rejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of condition failed; stable, for tests and for HTTP problem details.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The code as text.
        public let rawValue: String
        /// Creates a code from its text.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's text.
        public var description: String { rawValue }

        /// The definition has no event with that name.
        public static let unknownEvent = Code(rawValue: "unknownEvent")
        /// The snapshot's state is not in this definition (an instance of another version).
        public static let unknownState = Code(rawValue: "unknownState")
        /// The event exists but not from the current state.
        public static let wrongState = Code(rawValue: "wrongState")
        /// The actor holds none of the event's roles.
        public static let roleNotAllowed = Code(rawValue: "roleNotAllowed")
        /// A guard failed; the message is the guard's own.
        public static let guardFailed = Code(rawValue: "guardFailed")
        /// A guard named by the definition is not in the registry given to the engine.
        public static let guardUnavailable = Code(rawValue: "guardUnavailable")
        /// A required input is absent.
        public static let inputMissing = Code(rawValue: "inputMissing")
        /// An input has the wrong type or value.
        public static let inputInvalid = Code(rawValue: "inputInvalid")
        /// An input the event does not declare.
        public static let inputUnexpected = Code(rawValue: "inputUnexpected")
        /// A timer of the new state, or a computed date, needs a date field that is missing or not a date.
        public static let dateUnavailable = Code(rawValue: "dateUnavailable")
    }

    /// One unmet condition.
    public struct Reason: Sendable, Hashable, Codable, CustomStringConvertible {
        /// What kind of condition.
        public var code: Code
        /// The guard, input, field or timer it concerns, when there is one.
        public var subject: String?
        /// What is wrong, in both languages.
        public var message: Bilingual

        /// Creates a reason.
        public init(code: Code, subject: String? = nil, message: Bilingual) {
            self.code = code
            self.subject = subject
            self.message = message
        }

        /// Creates a reason from its two texts.
        public init(_ code: Code, subject: String? = nil, vi: String, en: String) {
            self.init(code: code, subject: subject, message: Bilingual(vi: vi, en: en))
        }

        /// `code: vi / en`.
        public var description: String { "\(code): \(message)" }
    }

    /// The event that was refused.
    public var event: String
    /// The state the instance was in.
    public var state: String
    /// Every unmet condition, in the order: state, role, guards, inputs, dates.
    public var reasons: [Reason]

    /// Creates a rejection.
    public init(event: String, state: String, reasons: [Reason]) {
        self.event = event
        self.state = state
        self.reasons = reasons
    }

    /// The codes, in order.
    public var codes: [Code] { reasons.map(\.code) }

    /// One sentence per language: "Không thể <event>: a; b" / "Cannot <event>: a; b".
    public var message: Bilingual {
        let joined = Bilingual.joined(reasons.map(\.message))
        return Bilingual(vi: "Không thể \(event): \(joined.vi)", en: "Cannot \(event): \(joined.en)")
    }

    /// Both sentences.
    public var description: String { "\(message.vi)\n\(message.en)" }
}
