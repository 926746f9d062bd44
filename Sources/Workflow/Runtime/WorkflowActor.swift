/// Who fires an event: a person (or the system) with the roles they hold, possibly acting for someone else.
///
/// Named `WorkflowActor` because Swift's `Actor` protocol would otherwise be shadowed everywhere in the module.
public struct WorkflowActor: Sendable, Hashable, Codable {
    /// A stable id, e.g. a user id or `system`.
    public var id: String
    /// The role codes the actor holds (CT, XA, HUYEN, …).
    public var roles: Set<String>
    /// The subject this actor acts for, e.g. a commune officer entering data for a producer.
    public var onBehalfOf: String?

    /// Creates an actor.
    public init(id: String, roles: Set<String>, onBehalfOf: String? = nil) {
        self.id = id
        self.roles = roles
        self.onBehalfOf = onBehalfOf
    }

    /// The role timers act in; an event fired by a timer must allow it.
    public static let systemRole = "SYSTEM"

    /// The actor that fires timer events.
    public static let system = WorkflowActor(id: "system", roles: [systemRole])
}
