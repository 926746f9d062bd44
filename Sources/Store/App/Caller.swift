/// Who asks a service for something: a user (their roles and scopes come from the database), optionally the one role
/// they act in, and the producer (subject) they act for.
///
/// Every door builds one: the CLI from `--as/--role/--on-behalf-of`, the API from the bearer token and the body's
/// `onBehalfOf`, the dashboard from the session.
public struct Caller: Sendable, Hashable {
    /// The user id.
    public var userID: String
    /// Act only in this role (which must be held and cover the record); nil: every covering role.
    public var role: String?
    /// The subject (producer) the user acts for; it must be the record's own subject.
    public var onBehalfOf: String?

    /// Creates a caller.
    public init(_ userID: String, role: String? = nil, onBehalfOf: String? = nil) {
        self.userID = userID
        self.role = role
        self.onBehalfOf = onBehalfOf
    }
}
