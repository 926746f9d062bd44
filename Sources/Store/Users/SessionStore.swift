import Foundation
import LibPQ
import Workflow

/// Dashboard sessions: opened with a valid API token, ended by signing out, by expiry, or when the token is revoked.
public struct SessionStore: Sendable {
    /// An open session.
    public struct Session: Sendable, Hashable {
        public var holder: TokenStore.Holder
        /// The anti-CSRF token every form of this session must carry.
        public var csrf: String
    }

    public init() {}

    /// Opens a session for a valid token; returns the cookie value (stored only hashed) and the session.
    public func open(secret: String, lifetime: Duration, now: Date, on connection: Connection) throws -> (cookie: String, session: Session)? {
        guard let holder = try TokenStore().authenticate(secret: secret, now: now, on: connection) else { return nil }
        let cookie = TokenStore.randomSecret()
        let csrf = TokenStore.randomSecret()
        try connection.execute(
            """
            INSERT INTO web_session (id_hash, token_id, csrf, created_at, expires_at)
            VALUES (\(TokenStore.hash(cookie)), \(holder.tokenID), \(csrf), \(now), \(now.addingTimeInterval(TimeInterval(lifetime.components.seconds))))
            """)
        return (cookie, Session(holder: holder, csrf: csrf))
    }

    /// The session of a cookie if it is open, unexpired, and its token still valid.
    public func session(cookie: String, now: Date, on connection: Connection) throws -> Session? {
        guard cookie.count < 200,
            let row = try connection.query(
                """
                SELECT s.csrf, t.id AS token_id, t.user_id FROM web_session s JOIN api_token t ON t.id = s.token_id
                WHERE s.id_hash = \(TokenStore.hash(cookie)) AND s.ended_at IS NULL AND s.expires_at > \(now)
                  AND t.revoked_at IS NULL AND t.expires_at > \(now)
                """
            ).first
        else { return nil }
        let user = try UserStore().user(try row.decode("user_id"), on: connection)
        guard user.active else { return nil }
        return Session(holder: TokenStore.Holder(tokenID: try row.decode("token_id"), user: user), csrf: try row.decode("csrf"))
    }

    /// Ends a session (sign-out).
    public func close(cookie: String, now: Date, on connection: Connection) throws {
        try connection.execute("UPDATE web_session SET ended_at = \(now) WHERE id_hash = \(TokenStore.hash(cookie)) AND ended_at IS NULL")
    }
}
