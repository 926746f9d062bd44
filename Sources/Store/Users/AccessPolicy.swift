import Foundation
import LibPQ
import Workflow

/// Who may see and act on which record: a grant covers a record when it is unscoped, names the record's subject,
/// or names a unit the record's unit lies within. Producers (CT) are only ever covered through their subject.
///
/// The same rules serve the CLI and the HTTP API, so that both enforce exactly the same scopes.
public struct AccessPolicy: Sendable {
    public init() {}

    /// The grants of `user` that cover a record of `subjectID` in `unitCode`.
    public func coveringGrants(
        of user: UserStore.User, subjectID: String?, unitCode: String?, on connection: Connection
    ) throws -> [UserStore.Grant] {
        var covering: [UserStore.Grant] = []
        for grant in user.grants where try covers(grant, subjectID: subjectID, unitCode: unitCode, on: connection) {
            covering.append(grant)
        }
        return covering
    }

    /// Whether `user` may see the record at all.
    public func canSee(_ record: InstanceRecord, user: UserStore.User, on connection: Connection) throws -> Bool {
        guard user.active else { return false }
        return try !coveringGrants(of: user, subjectID: record.subjectID, unitCode: record.unitCode, on: connection).isEmpty
    }

    /// The actor `user` acts as on this record: only the roles whose grants cover it (nil if none).
    public func actor(
        for record: InstanceRecord, user: UserStore.User, onBehalfOf: String? = nil, on connection: Connection
    ) throws -> WorkflowActor? {
        guard user.active else { return nil }
        let roles = Set(try coveringGrants(of: user, subjectID: record.subjectID, unitCode: record.unitCode, on: connection).map(\.role))
        return roles.isEmpty ? nil : WorkflowActor(id: user.id, roles: roles, onBehalfOf: onBehalfOf)
    }

    private func covers(_ grant: UserStore.Grant, subjectID: String?, unitCode: String?, on connection: Connection) throws -> Bool {
        if let scope = grant.subjectID { return scope == subjectID }
        if grant.role == "CT" { return false }
        guard let scope = grant.unitCode else { return true }
        guard let unitCode else { return false }
        if scope == unitCode { return true }
        return try connection.query("SELECT admin_unit_within(\(unitCode), \(scope)) AS inside").single().decode("inside", as: Bool.self)
    }
}

extension AccessPolicy {
    /// A SQL condition on `workflow_instance i` that holds exactly for the records `user` may see — the same rules as
    /// ``canSee(_:user:on:)``, for counts and lists computed in the database.
    public func visibilityCondition(for user: UserStore.User) -> Query {
        guard user.active else { return "FALSE" }
        if user.grants.contains(where: { $0.subjectID == nil && $0.unitCode == nil && $0.role != "CT" }) { return "TRUE" }
        let subjects = user.grants.compactMap(\.subjectID)
        let units = user.grants.filter { $0.subjectID == nil && $0.role != "CT" }.compactMap(\.unitCode)
        return """
            (i.subject_id = ANY(\(subjects)) OR EXISTS (SELECT 1 FROM unnest(\(units)) AS scope(code) WHERE admin_unit_within(i.unit_code, scope.code)))
            """
    }
}

extension AccessPolicy {
    /// The roles `userID` may act in on a record of `subjectID` in `unitCode` — those whose grants cover it — for the
    /// services' steps; a deactivated user, or one with no covering grant, is refused (``OCOPError`` forbidden).
    func coveringRoles(
        of userID: String, users: UserStore, subjectID: String?, unitCode: String?, on connection: Connection
    ) throws -> Set<String> {
        let user = try users.user(userID, on: connection)
        guard user.active else { throw OCOPError(.forbidden, vi: "người dùng \"\(userID)\" đã bị khóa", en: "user \"\(userID)\" is deactivated") }
        let roles = Set(try coveringGrants(of: user, subjectID: subjectID, unitCode: unitCode, on: connection).map(\.role))
        guard !roles.isEmpty else {
            let whose = subjectID.map { "chủ thể \($0)" } ?? "đơn vị \(unitCode ?? "—")"
            let whoseEN = subjectID.map { "subject \($0)" } ?? "unit \(unitCode ?? "—")"
            throw OCOPError(
                .forbidden, vi: "người dùng \"\(userID)\" không có quyền với hồ sơ của \(whose)",
                en: "user \"\(userID)\" has no grant covering records of \(whoseEN)")
        }
        return roles
    }
}
