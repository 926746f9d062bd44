/// An input an event needs from whoever fires it, e.g. a decision reference.
public struct InputDefinition: Sendable, Hashable {
    /// The kinds of value an input may hold.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        /// Any non-empty string.
        case string
        /// A whole number.
        case int
        /// A number, whole or not; kept exact.
        case decimal
        /// An amount of money in whole đồng (stored as a whole number; typed as 30.000.000, 30,000,000, 30 triệu…).
        case money
        /// A day, `yyyy-mm-dd`.
        case date
        /// `true` or `false`.
        case bool
        /// One of a fixed list of strings.
        case oneOf([String])

        /// The type as written in YAML (`enum` lists its values).
        public var description: String {
            switch self {
            case .string: return "string"
            case .int: return "int"
            case .decimal: return "decimal"
            case .money: return "money"
            case .date: return "date"
            case .bool: return "bool"
            case .oneOf(let values): return "enum(" + values.joined(separator: ", ") + ")"
            }
        }
    }

    /// The input's name, the key in the event's input object.
    public var name: String
    /// What values it accepts.
    public var kind: Kind
    /// False when the event may be fired without it.
    public var isRequired: Bool
    /// The label shown on forms.
    public var label: Bilingual?

    /// Creates an input.
    public init(name: String, kind: Kind, isRequired: Bool = true, label: Bilingual? = nil) {
        self.name = name
        self.kind = kind
        self.isRequired = isRequired
        self.label = label
    }
}
