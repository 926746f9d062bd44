import Foundation
import LibPQ
import Workflow

/// Who may see and act on which record: a grant covers a record when it is unscoped, names the record's subject,
/// or names a unit the record's unit lies within. Producers (CT) are only ever covered through their subject.
///
/// The same rules serve the CLI and the HTTP API, so that both enforce exactly the same scopes.
public struct AccessPolicy: Sendable {
    public init() {}

    /// The grants of `user` that cover a record of `subjectID` in `unitCode` (none for a deactivated user).
    ///
    /// The rule itself is the database function `grant_covers` (sql/0010), so that a single record and a whole list
    /// are judged by the same words.
    public func coveringGrants(
        of user: UserStore.User, subjectID: String?, unitCode: String?, on connection: Connection
    ) throws -> [UserStore.Grant] {
        guard user.active else { return [] }
        return try connection.query(
            """
            SELECT role, unit_code, subject_id FROM user_role
            WHERE user_id = \(user.id) AND grant_covers(role, unit_code, subject_id, \(subjectID)::text, \(unitCode)::text)
            ORDER BY role, unit_code, subject_id
            """
        ).map { row in
            let unit: String = try row.decode("unit_code")
            let subject: String = try row.decode("subject_id")
            return UserStore.Grant(role: try row.decode("role"), unitCode: unit.isEmpty ? nil : unit, subjectID: subject.isEmpty ? nil : subject)
        }
    }

    /// The actor `user` acts as on this record: only the roles whose grants cover it (nil if none).
    public func actor(
        for record: InstanceRecord, user: UserStore.User, onBehalfOf: String? = nil, on connection: Connection
    ) throws -> WorkflowActor? {
        guard user.active else { return nil }
        let roles = Set(try coveringGrants(of: user, subjectID: record.subjectID, unitCode: record.unitCode, on: connection).map(\.role))
        return roles.isEmpty ? nil : WorkflowActor(id: user.id, roles: roles, onBehalfOf: onBehalfOf)
    }
}

extension AccessPolicy {
    /// The rule of ``coveringGrants(of:subjectID:unitCode:on:)`` as a SQL condition (the function `user_sees`) on any alias
    /// of a table with `subject_id` and `unit_code`, for lists filtered in the database before LIMIT.
    public func visible(_ alias: String, to userID: String) -> Query {
        "user_sees(\(userID)::text, \(identifier: alias).subject_id, \(identifier: alias).unit_code)"
    }
}

extension AccessPolicy {
    /// The roles `userID` may act in on a record of `subjectID` in `unitCode` — those whose grants cover it — for the
    /// services' steps; a deactivated user, or one with no covering grant, is refused (``OCOPError`` forbidden).
    ///
    /// For an existing record (`recordID`), no covering grant means the record does not exist for this user: the same
    /// "not found" as for an id that was never used, at every door.
    func coveringRoles(
        of userID: String, users: UserStore, subjectID: String?, unitCode: String?, recordID: Int64? = nil, on connection: Connection
    ) throws -> Set<String> {
        let user = try users.user(userID, on: connection)
        guard user.active else { throw OCOPError(.forbidden, vi: "người dùng \"\(userID)\" đã bị khóa", en: "user \"\(userID)\" is deactivated") }
        let roles = Set(try coveringGrants(of: user, subjectID: subjectID, unitCode: unitCode, on: connection).map(\.role))
        guard !roles.isEmpty else {
            if let recordID { throw OCOPError(.notFound, vi: "không có hồ sơ số \(recordID)", en: "no record \(recordID)") }
            let whose = subjectID.map { "chủ thể \($0)" } ?? "đơn vị \(unitCode ?? "—")"
            let whoseEN = subjectID.map { "subject \($0)" } ?? "unit \(unitCode ?? "—")"
            throw OCOPError(
                .forbidden, vi: "người dùng \"\(userID)\" không có quyền với hồ sơ của \(whose)",
                en: "user \"\(userID)\" has no grant covering records of \(whoseEN)")
        }
        return roles
    }
}
