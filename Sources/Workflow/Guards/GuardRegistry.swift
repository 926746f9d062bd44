/// The guards a definition may name, by name; passed to the loader (to check references) and to the engine.
public struct GuardRegistry: Sendable {
    /// The registered guards.
    public private(set) var specs: [String: GuardSpec]

    /// Creates a registry from specs; a later spec with the same name replaces an earlier one.
    public init(_ specs: [GuardSpec] = []) {
        self.specs = [:]
        for spec in specs { self.specs[spec.name] = spec }
    }

    /// The spec registered under a name.
    public subscript(name: String) -> GuardSpec? {
        specs[name]
    }

    /// Adds or replaces a guard.
    public mutating func register(_ spec: GuardSpec) {
        specs[spec.name] = spec
    }

    /// A copy with more guards added; domain modules add theirs to `.builtIn`.
    public func adding(_ more: [GuardSpec]) -> GuardRegistry {
        var copy = self
        for spec in more { copy.register(spec) }
        return copy
    }

    /// The registered names, sorted, for messages.
    public var names: [String] { specs.keys.sorted() }
}
