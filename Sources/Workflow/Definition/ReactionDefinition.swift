/// A reaction to another workflow: when a record of `sourceWorkflow` enters one of `enters`, fire `event` on the
/// records of this workflow it is linked to, in the same transaction, as SYSTEM, with the history naming the cause.
///
/// ```yaml
/// reactions:
///   - when: { workflow: ocop_certificate, enters: [EXPIRED, REVOKED] }
///     target: { field: product_ref }            # the source's data names the record to fire on
///     unless_other_in: [VALID, EXPIRY_NOTICE_SENT, RENEWAL_IN_PROGRESS]
///     fire: certificate_ended
///     input: { reason: { $state: { EXPIRED: expired, REVOKED: revoked } } }
/// ```
public struct ReactionDefinition: Sendable, Hashable {
    /// How the records to fire on are found.
    public enum Target: Sendable, Hashable {
        /// The source record's data field holding the target's id (`product_ref` on a certificate).
        case field(String)
        /// Every record of this workflow whose data field holds the source's id (`certificate_ref` on claims).
        case linkedBy(String)
    }

    /// An input value of the fired event.
    public enum Value: Sendable, Hashable {
        /// A fixed value.
        case literal(JSONValue)
        /// The state the source entered (`$state`).
        case state
        /// A value per state entered (`{ $state: { EXPIRED: expired, … } }`).
        case stateMap([String: JSONValue])
    }

    /// The workflow whose records are watched.
    public var sourceWorkflow: String
    /// The states whose entry triggers the reaction.
    public var enters: [String]
    /// How the records to fire on are found.
    public var target: Target
    /// The event fired on each target (of this workflow).
    public var event: String
    /// Skip when another record of the source workflow, linked to the same target the same way, is in one of these
    /// states (e.g. a newer certificate still in force).
    public var unlessOtherIn: [String]
    /// The event's input.
    public var input: [String: Value]
    /// Where the reaction is written, for errors found when the other workflow is known.
    public var location: SourceLocation
    /// Where `when.workflow` and each state of `enters` are written.
    public var workflowLocation: SourceLocation
    public var stateLocations: [SourceLocation]

    public init(
        sourceWorkflow: String, enters: [String], target: Target, event: String, unlessOtherIn: [String] = [], input: [String: Value] = [:],
        location: SourceLocation, workflowLocation: SourceLocation? = nil, stateLocations: [SourceLocation] = []
    ) {
        self.sourceWorkflow = sourceWorkflow
        self.enters = enters
        self.target = target
        self.event = event
        self.unlessOtherIn = unlessOtherIn
        self.input = input
        self.location = location
        self.workflowLocation = workflowLocation ?? location
        self.stateLocations = stateLocations
    }

    /// What the reaction does, in words: "khi hồ sơ ocop_certificate liên kết (product_ref) chuyển sang EXPIRED, REVOKED:
    /// certificate_ended (trừ khi còn hồ sơ khác ở VALID)".
    public var explanation: Bilingual {
        let link: Bilingual =
            switch target {
            case .field(let field): Bilingual(vi: "hồ sơ \(sourceWorkflow) ghi số hồ sơ này ở \(field)", en: "the \(sourceWorkflow) record naming this one in \(field)")
            case .linkedBy(let field): Bilingual(vi: "hồ sơ \(sourceWorkflow) mà hồ sơ này ghi ở \(field)", en: "the \(sourceWorkflow) record this one names in \(field)")
            }
        let states = enters.joined(separator: ", ")
        let unless =
            unlessOtherIn.isEmpty
            ? Bilingual(vi: "", en: "")
            : Bilingual(
                vi: " (trừ khi còn hồ sơ \(sourceWorkflow) khác ở \(unlessOtherIn.joined(separator: ", ")))",
                en: " (unless another \(sourceWorkflow) record is \(unlessOtherIn.joined(separator: ", ")))")
        return Bilingual(
            vi: "khi \(link.vi) chuyển sang \(states): tự động \(event)\(unless.vi)",
            en: "when \(link.en) enters \(states): \(event) automatically\(unless.en)")
    }

    /// The input for a source that entered `state`.
    public func input(entering state: String) -> [String: JSONValue] {
        input.compactMapValues { value in
            switch value {
            case .literal(let literal): literal
            case .state: .string(state)
            case .stateMap(let map): map[state]
            }
        }
    }
}

extension WorkflowDefinition {
    /// Checks every reaction of `definitions` against the workflows it names: the source workflow exists, the states in
    /// `enters`, `unless_other_in` and `$state` maps are its states. All problems at once, at file:line:column.
    public static func reactionProblems(in definitions: [WorkflowDefinition]) -> [DefinitionError] {
        let byName = Dictionary(definitions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var problems: [DefinitionError] = []
        for definition in definitions {
            for reaction in definition.reactions {
                guard let source = byName[reaction.sourceWorkflow] else {
                    problems.append(DefinitionError(
                        code: .unknownWorkflow, location: reaction.workflowLocation,
                        message: Bilingual(
                            vi: "phản ứng với quy trình \"\(reaction.sourceWorkflow)\" không có trong các tệp quy trình",
                            en: "the reaction names workflow \"\(reaction.sourceWorkflow)\", which no workflow file defines")))
                    continue
                }
                let states = Set(source.states.map(\.code))
                var named: [(String, SourceLocation)] = zip(reaction.enters, reaction.stateLocations + Array(
                    repeating: reaction.location, count: max(0, reaction.enters.count - reaction.stateLocations.count))).map { ($0, $1) }
                named += reaction.unlessOtherIn.map { ($0, reaction.location) }
                for case .stateMap(let map) in reaction.input.values { named += map.keys.sorted().map { ($0, reaction.location) } }
                for (state, location) in named where !states.contains(state) {
                    problems.append(DefinitionError(
                        code: .unknownState, location: location,
                        message: Bilingual(
                            vi: "quy trình \(source.name) không có trạng thái \"\(state)\"",
                            en: "workflow \(source.name) has no state \"\(state)\"")))
                }
            }
        }
        return problems
    }
}
