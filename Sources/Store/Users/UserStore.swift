import Foundation
import LibPQ
import Workflow

/// People and their roles, kept in the database: who may act, in which role, within which unit or subject.
public struct UserStore: Sendable {
    /// A person who uses ocop.
    public struct User: Sendable, Hashable {
        public var id: String
        public var name: String
        public var language: String
        public var active: Bool
        public var grants: [Grant]
    }

    /// One role a user holds, possibly scoped.
    public struct Grant: Sendable, Hashable {
        public var role: String
        /// The administrative unit it is limited to; nil = anywhere.
        public var unitCode: String?
        /// The OCOP subject (producer) it is limited to; nil = any.
        public var subjectID: String?

        public init(role: String, unitCode: String? = nil, subjectID: String? = nil) {
            self.role = role
            self.unitCode = unitCode
            self.subjectID = subjectID
        }
    }

    /// The role codes of DOMAIN §6.1, plus ADMIN.
    public static let knownRoles: Set<String> = [
        "CT", "XA", "HUYEN", "HDH", "UBH", "TGV", "VPDPT", "HDT", "UBT", "TW", "DLN", "HDTD", "BCD", "TCT", "SYSTEM", "ADMIN",
    ]

    /// The pool async callers use, if any (the operations themselves run on a given connection).
    public let pool: ConnectionPool?

    /// Creates the store.
    public init(pool: ConnectionPool? = nil) { self.pool = pool }

    /// Adds a user; an existing id is a bad-input error.
    public func add(id: String, name: String, language: String = "vi", on connection: Connection) throws {
        do {
            try connection.execute("INSERT INTO app_user (id, name, language) VALUES (\(id), \(name), \(language))")
        } catch let error as DatabaseError where error.sqlState == .uniqueViolation {
            throw UserStoreError(.exists, user: id)
        } catch let error as DatabaseError where error.sqlState == .checkViolation {
            throw UserStoreError(.invalid, user: id, detail: error.constraint ?? "")
        }
    }

    /// Grants a role (idempotent); unknown users and role codes are refused.
    public func grant(_ grant: Grant, to userID: String, by actor: String, on connection: Connection) throws {
        guard Self.knownRoles.contains(grant.role) else { throw UserStoreError(.unknownRole, user: userID, detail: grant.role) }
        _ = try user(userID, on: connection)
        let inserted = try connection.execute(
            """
            INSERT INTO user_role (user_id, role, unit_code, subject_id, granted_by)
            VALUES (\(userID), \(grant.role), \(grant.unitCode ?? ""), \(grant.subjectID ?? ""), \(actor))
            ON CONFLICT DO NOTHING
            """)
        if inserted == 1 { try record(.grant, grant, userID: userID, by: actor, on: connection) }
    }

    /// Refuses a grant or revocation by anyone but an active administrator (ADMIN). The one exception starts a new
    /// installation: while no active user holds ADMIN, the ADMIN role itself may be granted (the first administrator).
    public func checkAdministers(_ granterID: String, grant: Grant, on connection: Connection) throws {
        let granter = try user(granterID, on: connection)
        guard granter.active else { throw UserStoreError(.inactive, user: granterID) }
        if granter.grants.contains(where: { $0.role == "ADMIN" }) { return }
        let anyAdministrator = try connection.query(
            "SELECT EXISTS (SELECT 1 FROM user_role r JOIN app_user u ON u.id = r.user_id WHERE r.role = 'ADMIN' AND u.active) AS present"
        ).single().decode("present", as: Bool.self)
        if !anyAdministrator, grant.role == "ADMIN" { return }
        throw UserStoreError(.notAdministrator, user: granterID)
    }

    /// Revokes a role; revoking one not held is a not-found error.
    public func revoke(_ grant: Grant, from userID: String, by actor: String, on connection: Connection) throws {
        let removed = try connection.execute(
            """
            DELETE FROM user_role WHERE user_id = \(userID) AND role = \(grant.role)
              AND unit_code = \(grant.unitCode ?? "") AND subject_id = \(grant.subjectID ?? "")
            """)
        guard removed == 1 else { throw UserStoreError(.grantNotFound, user: userID, detail: grant.role) }
        try record(.revoke, grant, userID: userID, by: actor, on: connection)
    }

    /// Every user with their grants, by id.
    public func list(on connection: Connection) throws -> [User] {
        let grants = try connection.query("SELECT user_id, role, unit_code, subject_id FROM user_role ORDER BY user_id, role, unit_code, subject_id")
        var byUser: [String: [Grant]] = [:]
        for row in grants {
            byUser[try row.decode("user_id"), default: []].append(try Self.grant(row))
        }
        return try connection.query("SELECT id, name, language, active FROM app_user ORDER BY id").map { row in
            let id: String = try row.decode("id")
            return User(id: id, name: try row.decode("name"), language: try row.decode("language"), active: try row.decode("active"), grants: byUser[id] ?? [])
        }
    }

    /// One user, or `notFound`.
    public func user(_ id: String, on connection: Connection) throws -> User {
        guard let row = try connection.query("SELECT id, name, language, active FROM app_user WHERE id = \(id)").first else {
            throw UserStoreError(.notFound, user: id)
        }
        let grants = try connection.query("SELECT role, unit_code, subject_id FROM user_role WHERE user_id = \(id) ORDER BY role").map(Self.grant)
        return User(id: id, name: try row.decode("name"), language: try row.decode("language"), active: try row.decode("active"), grants: grants)
    }

    /// The actor a user acts as: all their roles, or only `role` when given (which they must hold).
    public func actor(_ userID: String, role: String? = nil, onBehalfOf: String? = nil, on connection: Connection) throws -> WorkflowActor {
        let user = try user(userID, on: connection)
        guard user.active else { throw UserStoreError(.inactive, user: userID) }
        var roles = Set(user.grants.map(\.role))
        if let role {
            guard roles.contains(role) else { throw UserStoreError(.roleNotHeld, user: userID, detail: role) }
            roles = [role]
        }
        guard !roles.isEmpty else { throw UserStoreError(.noRoles, user: userID) }
        return WorkflowActor(id: userID, roles: roles, onBehalfOf: onBehalfOf)
    }

    private enum Change: String { case grant, revoke }

    private func record(_ change: Change, _ grant: Grant, userID: String, by actor: String, on connection: Connection) throws {
        try connection.execute(
            """
            INSERT INTO user_role_change (user_id, role, unit_code, subject_id, change, by_user)
            VALUES (\(userID), \(grant.role), \(grant.unitCode ?? ""), \(grant.subjectID ?? ""), \(change.rawValue), \(actor))
            """)
    }

    private static func grant(_ row: Row) throws -> Grant {
        let unit: String = try row.decode("unit_code")
        let subject: String = try row.decode("subject_id")
        return Grant(role: try row.decode("role"), unitCode: unit.isEmpty ? nil : unit, subjectID: subject.isEmpty ? nil : subject)
    }
}

/// Why a user operation did not happen.
public struct UserStoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case notFound, exists, invalid, unknownRole, grantNotFound, inactive, noRoles, roleNotHeld, notAdministrator
    }

    public var code: Code
    public var user: String
    public var detail: String

    public init(_ code: Code, user: String, detail: String = "") {
        self.code = code
        self.user = user
        self.detail = detail
    }

    /// The sentence in both languages.
    public var message: Bilingual {
        switch code {
        case .notFound: return Bilingual(vi: "không có người dùng \"\(user)\"", en: "no user \"\(user)\"")
        case .exists: return Bilingual(vi: "người dùng \"\(user)\" đã có", en: "user \"\(user)\" already exists")
        case .invalid:
            return Bilingual(
                vi: "mã người dùng \"\(user)\" không hợp lệ (chữ thường, số, . _ @ -)", en: "user id \"\(user)\" is invalid (lowercase, digits, . _ @ -)")
        case .unknownRole:
            return Bilingual(
                vi: "vai trò \"\(detail)\" không có; dùng một trong: \(UserStore.knownRoles.sorted().joined(separator: ", "))",
                en: "unknown role \"\(detail)\"; use one of: \(UserStore.knownRoles.sorted().joined(separator: ", "))")
        case .grantNotFound: return Bilingual(vi: "\"\(user)\" không giữ vai trò \(detail) với phạm vi này", en: "\"\(user)\" does not hold \(detail) with that scope")
        case .inactive: return Bilingual(vi: "người dùng \"\(user)\" đã bị khóa", en: "user \"\(user)\" is deactivated")
        case .noRoles: return Bilingual(vi: "người dùng \"\(user)\" chưa được cấp vai trò nào", en: "user \"\(user)\" holds no role")
        case .roleNotHeld: return Bilingual(vi: "người dùng \"\(user)\" không giữ vai trò \(detail)", en: "user \"\(user)\" does not hold role \(detail)")
        case .notAdministrator:
            return Bilingual(
                vi: "người dùng \"\(user)\" không có vai trò ADMIN nên không thể cấp hoặc thu hồi vai trò",
                en: "user \"\(user)\" does not hold ADMIN, so cannot grant or revoke roles")
        }
    }

    public var description: String { message.description }
}
