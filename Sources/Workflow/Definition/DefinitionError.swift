/// One problem found while loading a workflow, calendar or other definition file.
public struct DefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is; stable, for tests and tooling.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code as text, e.g. `unknownState`.
        public let rawValue: String
        /// Creates a code from its text.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's text.
        public var description: String { rawValue }

        /// The file cannot be read, or is not UTF-8.
        public static let unreadableFile = Code(rawValue: "unreadableFile")
        /// The file is not valid YAML.
        public static let yamlSyntax = Code(rawValue: "yamlSyntax")
        /// A node has the wrong shape (a list where a mapping belongs, and so on).
        public static let wrongType = Code(rawValue: "wrongType")
        /// A required key is absent.
        public static let missingKey = Code(rawValue: "missingKey")
        /// A key the format does not know (often a typo).
        public static let unknownKey = Code(rawValue: "unknownKey")
        /// A name declared twice (state, role, timer, input).
        public static let duplicateName = Code(rawValue: "duplicateName")
        /// A reference to a state that is not declared.
        public static let unknownState = Code(rawValue: "unknownState")
        /// A reference to a role that is not declared.
        public static let unknownRole = Code(rawValue: "unknownRole")
        /// A guard name not in the registry passed to the loader.
        public static let unknownGuard = Code(rawValue: "unknownGuard")
        /// A guard is missing a parameter its spec requires.
        public static let guardParameterMissing = Code(rawValue: "guardParameterMissing")
        /// A guard is given a parameter its spec does not have.
        public static let guardParameterUnknown = Code(rawValue: "guardParameterUnknown")
        /// A guard parameter has the wrong type.
        public static let guardParameterType = Code(rawValue: "guardParameterType")
        /// An effect copies an input the event does not declare.
        public static let unknownInput = Code(rawValue: "unknownInput")
        /// An input type that is not string, int, decimal, date, bool or an enum.
        public static let unknownInputType = Code(rawValue: "unknownInputType")
        /// A duration that does not read as `<n> <unit>`.
        public static let badDuration = Code(rawValue: "badDuration")
        /// A value that is not what its key needs (a date that is not yyyy-mm-dd, a bad `now:` form).
        public static let badValue = Code(rawValue: "badValue")
        /// An effect schedules or cancels a timer that is not declared.
        public static let unknownTimer = Code(rawValue: "unknownTimer")
        /// A timer fires an event that is not declared.
        public static let unknownEvent = Code(rawValue: "unknownEvent")
        /// A reaction names a workflow no file defines.
        public static let unknownWorkflow = Code(rawValue: "unknownWorkflow")
        /// The definition has no `initial:` state.
        public static let missingInitialState = Code(rawValue: "missingInitialState")
        /// A state no event leads to from the initial state.
        public static let unreachableState = Code(rawValue: "unreachableState")
        /// A non-final state with no event or timer leading out of it.
        public static let noWayOut = Code(rawValue: "noWayOut")
        /// The same event name twice from the same state.
        public static let duplicateEvent = Code(rawValue: "duplicateEvent")
        /// An event leaves a final state.
        public static let eventFromFinalState = Code(rawValue: "eventFromFinalState")
        /// A timer is attached to a final state.
        public static let timerOnFinalState = Code(rawValue: "timerOnFinalState")
        /// A timer's event cannot be fired from one of the timer's states, or not by SYSTEM.
        public static let timerEventUnavailable = Code(rawValue: "timerEventUnavailable")
    }

    /// What kind of problem this is.
    public var code: Code
    /// Where the problem is.
    public var location: SourceLocation
    /// The explanation, in Vietnamese and English.
    public var message: Bilingual

    /// Creates an error.
    public init(code: Code, location: SourceLocation, message: Bilingual) {
        self.code = code
        self.location = location
        self.message = message
    }

    /// `workflows/idea.yaml:12:7: error: <vi> (<en>) [code]`, the shape compilers use, so editors can jump to it.
    public var description: String {
        "\(location): error: \(message.vi) (\(message.en)) [\(code)]"
    }
}

/// All the problems found in one file, in file order; thrown by the loaders.
public struct DefinitionErrors: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, sorted by line and column.
    public var errors: [DefinitionError]

    /// Creates the list, sorting by position so output reads top to bottom.
    public init(_ errors: [DefinitionError]) {
        self.errors = errors.sorted {
            ($0.location.path, $0.location.line, $0.location.column) < ($1.location.path, $1.location.line, $1.location.column)
        }
    }

    /// One error per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }

    /// The codes, in order, for quick assertions.
    public var codes: [DefinitionError.Code] { errors.map(\.code) }
}
