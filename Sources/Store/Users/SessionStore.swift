import Foundation
import LibPQ
import Workflow

/// Dashboard sessions: opened with a password or a valid API token, ended by signing out, by expiry, when the token is
/// revoked, or when the password changes.
public struct SessionStore: Sendable {
    /// An open session.
    public struct Session: Sendable, Hashable {
        public var holder: TokenStore.Holder
        /// The anti-CSRF token every form of this session must carry.
        public var csrf: String
        /// The user signed in with a temporary password: every page leads to changing it first.
        public var mustChangePassword: Bool = false
        /// The stored (hashed) id of this session, so that changing the password can keep this one open.
        public var idHash: String = ""
    }

    public init() {}

    /// Opens a session for a valid token; returns the cookie value (stored only hashed) and the session.
    public func open(secret: String, lifetime: Duration, now: Date, on connection: Connection) throws -> (cookie: String, session: Session)? {
        guard let holder = try TokenStore().authenticate(secret: secret, now: now, on: connection) else { return nil }
        return try open(holder: holder, mustChangePassword: false, lifetime: lifetime, now: now, on: connection)
    }

    /// Opens a session for a user whose password was just checked.
    public func open(
        user: UserStore.User, mustChangePassword: Bool, lifetime: Duration, now: Date, on connection: Connection
    ) throws -> (cookie: String, session: Session) {
        try open(holder: TokenStore.Holder(tokenID: nil, user: user), mustChangePassword: mustChangePassword, lifetime: lifetime, now: now, on: connection)
    }

    private func open(
        holder: TokenStore.Holder, mustChangePassword: Bool, lifetime: Duration, now: Date, on connection: Connection
    ) throws -> (cookie: String, session: Session) {
        let cookie = TokenStore.randomSecret()
        let csrf = TokenStore.randomSecret()
        let idHash = TokenStore.hash(cookie)
        try connection.execute(
            """
            INSERT INTO web_session (id_hash, token_id, user_id, csrf, created_at, expires_at)
            VALUES (\(idHash), \(holder.tokenID), \(holder.user.id), \(csrf), \(now), \(now.addingTimeInterval(TimeInterval(lifetime.components.seconds))))
            """)
        return (cookie, Session(holder: holder, csrf: csrf, mustChangePassword: mustChangePassword, idHash: idHash))
    }

    /// The session of a cookie if it is open and unexpired, its user active, and its token (if any) still valid.
    public func session(cookie: String, now: Date, on connection: Connection) throws -> Session? {
        guard cookie.count < 200,
            let row = try connection.query(
                """
                SELECT s.csrf, s.token_id, s.user_id, s.id_hash, coalesce(p.must_change, false) AND s.token_id IS NULL AS must_change
                FROM web_session s LEFT JOIN api_token t ON t.id = s.token_id LEFT JOIN user_password p ON p.user_id = s.user_id
                WHERE s.id_hash = \(TokenStore.hash(cookie)) AND s.ended_at IS NULL AND s.expires_at > \(now)
                  AND (s.token_id IS NULL OR (t.revoked_at IS NULL AND t.expires_at > \(now)))
                """
            ).first
        else { return nil }
        let user = try UserStore().user(try row.decode("user_id"), on: connection)
        guard user.active else { return nil }
        return Session(
            holder: TokenStore.Holder(tokenID: try row.decode("token_id"), user: user), csrf: try row.decode("csrf"),
            mustChangePassword: try row.decode("must_change"), idHash: try row.decode("id_hash"))
    }

    /// Ends a session (sign-out).
    public func close(cookie: String, now: Date, on connection: Connection) throws {
        try connection.execute("UPDATE web_session SET ended_at = \(now) WHERE id_hash = \(TokenStore.hash(cookie)) AND ended_at IS NULL")
    }
}
