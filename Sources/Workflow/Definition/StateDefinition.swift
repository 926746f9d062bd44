/// One state of a workflow, e.g. `SURVEYED` (đã khảo sát).
public struct StateDefinition: Sendable, Hashable {
    /// The code stored in the database, e.g. `SURVEYED`.
    public var code: String
    /// The label shown to people.
    public var label: Bilingual
    /// True when no event leaves this state.
    public var isFinal: Bool
    /// Where the state is declared.
    public var location: SourceLocation

    /// Creates a state.
    public init(code: String, label: Bilingual, isFinal: Bool, location: SourceLocation) {
        self.code = code
        self.label = label
        self.isFinal = isFinal
        self.location = location
    }
}
