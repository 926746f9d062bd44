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
    /// Passwords: bcrypt cost `OCOP_BCRYPT_COST` (10–16, default 12), lockout `OCOP_SIGNIN_LOCKOUT` (default 5/15m).
    let passwords: PasswordStore

    /// The longest a token may be valid: `OCOP_TOKEN_MAX_LIFETIME` (e.g. `180d`, `12h`), default one year.
    public let maximumTokenLifetime: Duration

    /// The default longest token lifetime: 365 days.
    public static let defaultMaximumTokenLifetime = Duration.seconds(365 * 86_400)

    init(pool: ConnectionPool, maximumTokenLifetime: Duration? = nil) {
        self.pool = pool
        self.maximumTokenLifetime =
            maximumTokenLifetime
            ?? ProcessInfo.processInfo.environment["OCOP_TOKEN_MAX_LIFETIME"].flatMap { LifetimeText.parse($0) }
            ?? Self.defaultMaximumTokenLifetime
        let environment = ProcessInfo.processInfo.environment
        passwords = PasswordStore(
            cost: environment["OCOP_BCRYPT_COST"].flatMap(UInt8.init).flatMap { (10...16).contains($0) ? $0 : nil } ?? 12,
            lockout: environment["OCOP_SIGNIN_LOCKOUT"].flatMap(PasswordStore.Lockout.parse) ?? .default)
    }

    /// Adds a user.
    public func addUser(id: String, name: String, language: String = "vi") async throws(ServiceError) {
        try await write { connection in try self.users.add(id: id, name: name, language: language, on: connection) }
    }

    /// Grants a role, as the administrator `by`.
    public func grant(_ grant: UserStore.Grant, to userID: String, by granter: String) async throws(ServiceError) {
        try await write { connection in
            // The unit by its code or its name, as everywhere a unit is asked for.
            var grant = grant
            grant.unitCode = try grant.unitCode.map { try ReferenceStore().unitCode($0, on: connection) }
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
            var grant = grant
            grant.unitCode = try grant.unitCode.map { try ReferenceStore().unitCode($0, on: connection) }
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
        guard validFor > .zero, validFor <= maximumTokenLifetime else {
            let days = maximumTokenLifetime.components.seconds / 86_400
            throw ServiceError(
                .badInput, code: "token-lifetime",
                message: Bilingual(
                    vi: "thời hạn mã truy cập phải lớn hơn 0 và không quá \(days) ngày (OCOP_TOKEN_MAX_LIFETIME)",
                    en: "a token's lifetime must be above 0 and at most \(days) days (OCOP_TOKEN_MAX_LIFETIME)"))
        }
        return try await write { connection in
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
        // One statement, its own transaction: no BEGIN/COMMIT round trips around it.
        try await read { connection in try self.tokens.authenticate(secret: secret, now: now, on: connection) }
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
    func target(_ id: String, on connection: Connection) throws -> UserStore.User {
        do {
            return try users.user(id, on: connection)
        } catch let error as UserStoreError where error.code == .notFound {
            throw ServiceError(.notFound, code: "user-not-found", message: error.message)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(ServiceError) -> T {
        let pool = pool
        return try await ServiceError.translating { try await pool.withConnection(body) }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(ServiceError) -> T {
        let pool = pool
        return try await ServiceError.translating { try await pool.write(.readCommitted, maxAttempts: 5, body) }
    }
}

/// Lifetimes as typed: `90d`, `12h`, `30m`; nil for anything else, zero, or a number too large to hold.
public enum LifetimeText {
    /// The longest lifetime the text form can express: 100 years (far above any allowed maximum; bounds the arithmetic).
    static let ceilingSeconds: Int64 = 100 * 366 * 86_400

    public static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last, trimmed.count <= 12, let value = Int64(trimmed.dropLast()), value > 0 else { return nil }
        let scale: Int64
        switch unit {
        case "d": scale = 86_400
        case "h": scale = 3600
        case "m": scale = 60
        default: return nil
        }
        let (seconds, overflow) = value.multipliedReportingOverflow(by: scale)
        guard !overflow, seconds <= ceilingSeconds else { return nil }
        return .seconds(seconds)
    }
}
