import Foundation
import LibPQ
import Workflow

/// API tokens: issued to a user, shown once, stored only as a SHA-256 hash, with an expiry, revocable.
public struct TokenStore: Sendable {
    /// A token as listed (never the secret).
    public struct Token: Sendable, Hashable {
        public var id: Int64
        public var userID: String
        public var label: String
        public var createdAt: Date
        public var expiresAt: Date
        public var revokedAt: Date?
        public var lastUsedAt: Date?
    }

    /// Who a valid token (or a dashboard session) belongs to.
    public struct Holder: Sendable, Hashable {
        /// The token; nil for a dashboard session opened with a password.
        public var tokenID: Int64?
        public var user: UserStore.User
    }

    public init() {}

    /// Issues a token; returns the secret, which is not stored and cannot be shown again.
    public func create(userID: String, label: String = "", validFor: Duration, now: Date, on connection: Connection) throws -> (token: Token, secret: String) {
        let user = try UserStore().user(userID, on: connection)
        guard user.active else { throw UserStoreError(.inactive, user: userID) }
        let secret = "ocop_" + Self.randomSecret()
        let expires = now.addingTimeInterval(TimeInterval(validFor.components.seconds))
        let row = try connection.query(
            """
            INSERT INTO api_token (user_id, label, secret_hash, created_at, expires_at)
            VALUES (\(userID), \(label), \(Self.hash(secret)), \(now), \(expires)) RETURNING id
            """
        ).single()
        let token = Token(
            id: try row.decode("id"), userID: userID, label: label, createdAt: now, expiresAt: expires, revokedAt: nil, lastUsedAt: nil)
        return (token, secret)
    }

    /// How stale `last_used_at` may get: a token used again within this time is not written to (issue 15: every
    /// authenticated read was a durable write).
    public static let lastUsedResolution: TimeInterval = 60

    /// The holder of a secret if the token exists, is not revoked or expired, and its user is active; nil otherwise.
    ///
    /// `last_used_at` is kept to the minute: it is updated only when it is older than ``lastUsedResolution``, so most
    /// requests read the token without writing (a data-modifying CTE that changes no row takes no transaction id).
    public func authenticate(secret: String, now: Date, on connection: Connection) throws -> Holder? {
        guard secret.hasPrefix("ocop_"), secret.count < 200 else { return nil }
        let stale = now.addingTimeInterval(-Self.lastUsedResolution)
        // One statement: the token, its user and the user's grants (and, at most once a minute, the touch), so that an
        // authenticated request costs one round trip before its own work.
        guard
            let row = try connection.query(
                """
                WITH found AS (
                    SELECT id, user_id, last_used_at FROM api_token
                    WHERE secret_hash = \(Self.hash(secret)) AND revoked_at IS NULL AND expires_at > \(now)
                ), touched AS (
                    UPDATE api_token t SET last_used_at = \(now) FROM found
                    WHERE t.id = found.id AND (found.last_used_at IS NULL OR found.last_used_at <= \(stale))
                    RETURNING t.id
                )
                SELECT f.id, f.user_id, u.name, u.language, u.active,
                       ARRAY(SELECT r.role FROM user_role r WHERE r.user_id = u.id ORDER BY r.role, r.unit_code, r.subject_id) AS roles,
                       ARRAY(SELECT r.unit_code FROM user_role r WHERE r.user_id = u.id ORDER BY r.role, r.unit_code, r.subject_id) AS units,
                       ARRAY(SELECT r.subject_id FROM user_role r WHERE r.user_id = u.id ORDER BY r.role, r.unit_code, r.subject_id) AS subjects
                FROM found f JOIN app_user u ON u.id = f.user_id
                """
            ).first,
            try row.decode("active", as: Bool.self)
        else { return nil }
        let roles = try row.decode("roles", as: [String].self)
        let units = try row.decode("units", as: [String].self)
        let subjects = try row.decode("subjects", as: [String].self)
        let grants = roles.indices.map { index in
            UserStore.Grant(
                role: roles[index], unitCode: units[index].isEmpty ? nil : units[index], subjectID: subjects[index].isEmpty ? nil : subjects[index])
        }
        let user = UserStore.User(
            id: try row.decode("user_id"), name: try row.decode("name"), language: try row.decode("language"), active: true, grants: grants)
        return Holder(tokenID: try row.decode("id"), user: user)
    }

    /// Revokes a token; one already revoked or unknown is a not-found error.
    public func revoke(id: Int64, now: Date, on connection: Connection) throws {
        guard try connection.execute("UPDATE api_token SET revoked_at = \(now) WHERE id = \(id) AND revoked_at IS NULL") == 1 else {
            throw UserStoreError(.grantNotFound, user: "token \(id)", detail: "token")
        }
    }

    /// Tokens, newest first, optionally of one user.
    public func list(userID: String? = nil, on connection: Connection) throws -> [Token] {
        try connection.query(
            """
            SELECT id, user_id, label, created_at, expires_at, revoked_at, last_used_at FROM api_token
            WHERE \(userID)::text IS NULL OR user_id = \(userID) ORDER BY id DESC
            """
        ).map { row in
            Token(
                id: try row.decode("id"), userID: try row.decode("user_id"), label: try row.decode("label"), createdAt: try row.decode("created_at"),
                expiresAt: try row.decode("expires_at"), revokedAt: try row.decode("revoked_at"), lastUsedAt: try row.decode("last_used_at"))
        }
    }

    static func hash(_ secret: String) -> String { ContentHash.hex(Data(secret.utf8)) }

    /// 32 random bytes from the system's generator, base64url without padding.
    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
