import Foundation
import LibPQ
import Workflow

/// People, roles, API tokens and dashboard sessions, as use cases: each in its own transaction, throwing
/// ``ServiceError``. Only an active administrator grants or revokes roles (the first ADMIN grant bootstraps).
public struct AccountService: Sendable {
    let pool: ConnectionPool
    let users = UserStore()
    let tokens = TokenStore()
    let sessions = SessionStore()

    init(pool: ConnectionPool) { self.pool = pool }

    /// Adds a user.
    public func addUser(id: String, name: String, language: String = "vi") async throws(ServiceError) {
        try await write { connection in try self.users.add(id: id, name: name, language: language, on: connection) }
    }

    /// Grants a role, as the administrator `by`.
    public func grant(_ grant: UserStore.Grant, to userID: String, by granter: String) async throws(ServiceError) {
        try await write { connection in
            _ = try self.users.user(granter, on: connection)
            guard UserStore.knownRoles.contains(grant.role) else { throw UserStoreError(.unknownRole, user: userID, detail: grant.role) }
            _ = try self.target(userID, on: connection)
            try self.users.checkAdministers(granter, grant: grant, on: connection)
            try self.users.grant(grant, to: userID, by: granter, on: connection)
        }
    }

    /// Revokes a role, as the administrator `by`.
    public func revoke(_ grant: UserStore.Grant, from userID: String, by granter: String) async throws(ServiceError) {
        try await write { connection in
            _ = try self.users.user(granter, on: connection)
            _ = try self.target(userID, on: connection)
            try self.users.checkAdministers(granter, grant: grant, on: connection)
            try self.users.revoke(grant, from: userID, by: granter, on: connection)
        }
    }

    /// Every user with their grants.
    public func listUsers() async throws(ServiceError) -> [UserStore.User] {
        try await read { connection in try self.users.list(on: connection) }
    }

    /// One user.
    public func user(_ id: String) async throws(ServiceError) -> UserStore.User {
        try await read { connection in try self.target(id, on: connection) }
    }

    /// Issues a token (the secret is returned once).
    public func createToken(for userID: String, label: String, validFor: Duration, now: Date) async throws(ServiceError) -> (token: TokenStore.Token, secret: String) {
        try await write { connection in
            _ = try self.target(userID, on: connection)
            return try self.tokens.create(userID: userID, label: label, validFor: validFor, now: now, on: connection)
        }
    }

    /// Revokes a token.
    public func revokeToken(_ id: Int64, now: Date) async throws(ServiceError) {
        try await write { connection in try self.tokens.revoke(id: id, now: now, on: connection) }
    }

    /// Tokens (of one user, or all).
    public func tokens(of userID: String?) async throws(ServiceError) -> [TokenStore.Token] {
        try await read { connection in try self.tokens.list(userID: userID, on: connection) }
    }

    /// The holder of a bearer token, or nil when it is unknown, expired, revoked or its user is deactivated.
    public func authenticate(secret: String, now: Date) async throws(ServiceError) -> TokenStore.Holder? {
        try await write { connection in try self.tokens.authenticate(secret: secret, now: now, on: connection) }
    }

    /// Opens a dashboard session for a valid token.
    public func openSession(secret: String, lifetime: Duration, now: Date) async throws(ServiceError) -> (cookie: String, session: SessionStore.Session)? {
        try await write { connection in try self.sessions.open(secret: secret, lifetime: lifetime, now: now, on: connection) }
    }

    /// The session of a cookie, if open.
    public func session(cookie: String, now: Date) async throws(ServiceError) -> SessionStore.Session? {
        try await write { connection in try self.sessions.session(cookie: cookie, now: now, on: connection) }
    }

    /// Closes a session.
    public func closeSession(cookie: String, now: Date) async throws(ServiceError) {
        try await write { connection in try self.sessions.close(cookie: cookie, now: now, on: connection) }
    }

    /// A user named as the target of an operation: unknown is "not found" (not an authentication failure).
    private func target(_ id: String, on connection: Connection) throws -> UserStore.User {
        do {
            return try users.user(id, on: connection)
        } catch let error as UserStoreError where error.code == .notFound {
            throw ServiceError(.notFound, code: "user-not-found", message: error.message)
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(ServiceError) -> T {
        let pool = pool
        return try await ServiceError.translating { try await pool.withConnection(body) }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(ServiceError) -> T {
        let pool = pool
        return try await ServiceError.translating { try await pool.write(.readCommitted, maxAttempts: 5, body) }
    }
}
