/// A guard named in YAML with its parameters, e.g. `number_at_least: { field: input.score, min: 70 }`.
public struct GuardReference: Sendable, Hashable {
    /// The name registered in the `GuardRegistry`.
    public var name: String
    /// The parameters, checked against the guard's spec when the definition is loaded.
    public var parameters: [String: JSONValue]
    /// Where the guard is referenced.
    public var location: SourceLocation

    /// Creates a reference.
    public init(name: String, parameters: [String: JSONValue] = [:], location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.location = location
    }
}
