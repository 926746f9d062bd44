/// A guard registered in Swift: its parameters (checked when definitions load) and its pure check.
public struct GuardSpec: Sendable {
    /// The type of a guard parameter as written in YAML.
    public enum ParameterType: String, Sendable, Hashable {
        /// A string.
        case string
        /// A whole number.
        case int
        /// A number, whole or not.
        case decimal
        /// A boolean.
        case bool
        /// A `yyyy-mm-dd` date.
        case date
        /// Any scalar or structure.
        case any

        /// True when a YAML value fits this type.
        public func accepts(_ value: JSONValue) -> Bool {
            switch self {
            case .string: return value.stringValue != nil
            case .int: if case .int = value { return true } else { return false }
            case .decimal: return value.numberValue != nil
            case .bool: return value.boolValue != nil
            case .date: return value.dateValue != nil
            case .any: return true
            }
        }
    }

    /// One parameter of a guard.
    public struct Parameter: Sendable, Hashable {
        /// Its name in the YAML mapping.
        public var name: String
        /// The type its value must have.
        public var type: ParameterType
        /// False when it may be left out.
        public var isRequired: Bool

        /// Creates a parameter.
        public init(_ name: String, _ type: ParameterType, isRequired: Bool = true) {
            self.name = name
            self.type = type
            self.isRequired = isRequired
        }
    }

    /// The name used in YAML.
    public var name: String
    /// The parameters it takes.
    public var parameters: [Parameter]
    /// True when the guard reads the event's input; `availableEvents` cannot judge such guards before the input exists.
    public var readsInput: Bool
    /// The check itself.
    public var check: @Sendable (GuardContext) -> GuardResult

    /// Creates a spec.
    public init(
        name: String, parameters: [Parameter] = [], readsInput: Bool = false, check: @escaping @Sendable (GuardContext) -> GuardResult
    ) {
        self.name = name
        self.parameters = parameters
        self.readsInput = readsInput
        self.check = check
    }

    /// True when a reference with these parameters would read the input: by spec, or through an `input.` field path.
    public func readsInput(with parameters: [String: JSONValue]) -> Bool {
        readsInput || parameters.values.contains { $0.stringValue?.hasPrefix("input.") == true }
    }
}
