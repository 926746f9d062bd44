import Dispatch
import Foundation
import HummingbirdBcrypt
import LibPQ
import Workflow

/// Signing in with a user name and password, setting, changing and resetting passwords, and the user's saved language.
///
/// Who may set or reset whose password is decided here, once, for every door: an administrator (ADMIN) anyone's; an
/// officer the password of a producer (a user holding only CT grants) whose every subject lies within the officer's
/// units; a person their own, by giving the current one.
extension AccountService {
    /// What a sign-in came to.
    public enum SignIn: Sendable {
        /// Signed in: the cookie to set and the session (which may require a new password first).
        case opened(cookie: String, session: SessionStore.Session)
        /// Wrong user name or password (the same answer for both).
        case refused
        /// Too many failures in a row: try again after this time.
        case locked(until: Date)
    }

    /// Checks a user name and password and opens a dashboard session. The slow bcrypt check runs outside any
    /// transaction; an unknown user takes as long as a known one.
    public func signIn(user name: String, password: String, lifetime: Duration, now: Date) async throws(ServiceError) -> SignIn {
        let userID = name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !userID.isEmpty, userID.count <= 100, !password.isEmpty, password.utf8.count <= 200 else {
            _ = await Self.check(password, against: PasswordStore.decoy)
            return .refused
        }
        let passwords = passwords
        let stored = try await read { connection -> (hash: String, mustChange: Bool, lockedUntil: Date?, active: Bool)? in
            guard let user = try? self.users.user(userID, on: connection), let stored = try passwords.stored(userID, on: connection) else { return nil }
            return (stored.hash, stored.mustChange, stored.lockedUntil, user.active)
        }
        guard let stored else {
            _ = await Self.check(password, against: PasswordStore.decoy)
            return .refused
        }
        if let until = stored.lockedUntil, until > now { return .locked(until: until) }
        let matches = await Self.check(password, against: stored.hash)
        let lifetime = lifetime
        return try await write { connection -> SignIn in
            if let until = try passwords.record(attemptBy: userID, succeeded: matches && stored.active, now: now, on: connection) {
                return .locked(until: until)
            }
            guard matches, stored.active else { return .refused }
            let user = try self.users.user(userID, on: connection)
            let opened = try self.sessions.open(user: user, mustChangePassword: stored.mustChange, lifetime: lifetime, now: now, on: connection)
            return .opened(cookie: opened.cookie, session: opened.session)
        }
    }

    /// Changes one's own password: the current one must be right (a temporary one counts). Other sessions of the user
    /// end; `keepingSession` (the one making the change) stays open.
    public func changePassword(
        of userID: String, current: String, new: String, keepingSession: String? = nil, now: Date
    ) async throws(ServiceError) {
        if let weakness = PasswordStore.weakness(of: new, userID: userID) { throw Self.badPassword(weakness) }
        guard new != current else {
            throw Self.badPassword(Bilingual(vi: "mật khẩu mới phải khác mật khẩu hiện tại", en: "the new password must differ from the current one"))
        }
        let passwords = passwords
        let stored = try await read { connection in try passwords.stored(userID, on: connection) }
        guard let stored, await Self.check(current, against: stored.hash) else {
            throw ServiceError(
                .forbidden, code: "wrong-password",
                message: Bilingual(vi: "mật khẩu hiện tại không đúng", en: "the current password is not right"))
        }
        let hash = await Self.hashed(new, with: passwords)
        try await write { connection in
            try passwords.store(
                hash: hash, for: userID, mustChange: false, change: .changed, by: userID, keepingSession: keepingSession, now: now, on: connection)
        }
    }

    /// Sets a user's password as an administrator or as the officer responsible for them (a first password, given to
    /// the person). Their open password sessions end.
    public func setPassword(of userID: String, to password: String, by actor: String, now: Date) async throws(ServiceError) {
        if let weakness = PasswordStore.weakness(of: password, userID: userID) { throw Self.badPassword(weakness) }
        try await read { connection in try self.checkMayManagePassword(of: userID, by: actor, on: connection) }
        let passwords = passwords
        let hash = await Self.hashed(password, with: passwords)
        try await write { connection in
            try self.checkMayManagePassword(of: userID, by: actor, on: connection)
            try passwords.store(hash: hash, for: userID, mustChange: false, change: .set, by: actor, now: now, on: connection)
        }
    }

    /// Resets a user's password to a temporary one (returned once, to hand over), which must be changed at the next
    /// sign-in; it also lifts a lockout. Their open password sessions end.
    public func resetPassword(of userID: String, by actor: String, now: Date) async throws(ServiceError) -> String {
        try await read { connection in try self.checkMayManagePassword(of: userID, by: actor, on: connection) }
        let temporary = PasswordStore.temporaryPassword()
        let passwords = passwords
        let hash = await Self.hashed(temporary, with: passwords)
        try await write { connection in
            try self.checkMayManagePassword(of: userID, by: actor, on: connection)
            try passwords.store(hash: hash, for: userID, mustChange: true, change: .reset, by: actor, now: now, on: connection)
        }
        return temporary
    }

    /// The users whose passwords `actor` may set or reset (everyone for an administrator), with whether one is set.
    public func passwordManaged(by actor: String) async throws(ServiceError) -> [(user: UserStore.User, hasPassword: Bool, lockedUntil: Date?)] {
        try await read { connection in
            let all = try self.users.list(on: connection)
            var result: [(user: UserStore.User, hasPassword: Bool, lockedUntil: Date?)] = []
            for user in all where user.id != actor {
                guard (try? self.checkMayManagePassword(of: user.id, by: actor, on: connection)) != nil else { continue }
                let stored = try self.passwords.stored(user.id, on: connection)
                result.append((user, stored != nil, stored?.lockedUntil))
            }
            return result
        }
    }

    /// The change log of a user's password (set, reset, changed, locked), oldest first — for the user and their managers.
    public func passwordChanges(of userID: String, by actor: String) async throws(ServiceError) -> [(change: String, by: String, at: Date)] {
        try await read { connection in
            if actor != userID { try self.checkMayManagePassword(of: userID, by: actor, on: connection) }
            return try self.passwords.changes(of: userID, on: connection)
        }
    }

    /// Saves a user's language (vi or en), which the dashboard and the CLI then speak to them. One's own, or any as ADMIN.
    public func setLanguage(of userID: String, to language: String, by actor: String) async throws(ServiceError) {
        guard ["vi", "en"].contains(language) else {
            throw ServiceError(
                .badInput, code: "bad-language", message: Bilingual(vi: "ngôn ngữ \"\(language)\" không hợp lệ (chọn: vi, en)", en: "language \"\(language)\" is not valid (choose: vi, en)"))
        }
        try await write { connection in
            let target = try self.target(userID, on: connection)
            if actor != userID {
                let granter = try self.users.user(actor, on: connection)
                guard granter.active, granter.grants.contains(where: { $0.role == "ADMIN" }) else {
                    throw ServiceError(
                        .forbidden, code: "not-administrator",
                        message: Bilingual(vi: "chỉ quản trị viên (ADMIN) mới đổi được ngôn ngữ của người khác", en: "only an administrator (ADMIN) may change another user's language"))
                }
            }
            try connection.execute("UPDATE app_user SET language = \(language) WHERE id = \(target.id)")
        }
    }

    /// The rule: an active ADMIN manages anyone's password; an active officer a producer's (only CT grants, at least
    /// one) whose every subject lies within one of the officer's non-producer grants. Anyone else is refused.
    func checkMayManagePassword(of userID: String, by actor: String, on connection: Connection) throws {
        let target = try self.target(userID, on: connection)
        let manager = try users.user(actor, on: connection)
        guard manager.active else { throw UserStoreError(.inactive, user: actor) }
        if manager.grants.contains(where: { $0.role == "ADMIN" }) { return }
        let allowed = try connection.query(
            """
            SELECT EXISTS (SELECT 1 FROM user_role WHERE user_id = \(target.id))
               AND NOT EXISTS (SELECT 1 FROM user_role WHERE user_id = \(target.id) AND role <> 'CT')
               AND NOT EXISTS (
                   SELECT 1 FROM user_role g LEFT JOIN ocop_subject s ON s.id = g.subject_id
                   WHERE g.user_id = \(target.id) AND NOT EXISTS (
                       SELECT 1 FROM user_role o
                       WHERE o.user_id = \(actor) AND o.role NOT IN ('CT', 'SYSTEM')
                         AND grant_covers(o.role, o.unit_code, o.subject_id, nullif(g.subject_id, ''), coalesce(nullif(g.unit_code, ''), s.unit_code))))
               AS allowed
            """
        ).single().decode("allowed", as: Bool.self)
        guard allowed, actor != userID else {
            throw ServiceError(
                .forbidden, code: "may-not-manage-password",
                message: Bilingual(
                    vi: "\"\(actor)\" không được đặt lại mật khẩu của \"\(userID)\": chỉ quản trị viên, hoặc cán bộ phụ trách địa bàn của chủ thể",
                    en: "\"\(actor)\" may not reset the password of \"\(userID)\": only an administrator, or the officer responsible for the producer's area"))
        }
    }

    static func badPassword(_ weakness: Bilingual) -> ServiceError {
        ServiceError(.badInput, code: "weak-password", message: weakness)
    }

    /// bcrypt's check, off the cooperative threads (it takes a quarter of a second on purpose).
    static func check(_ password: String, against hash: String) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Bcrypt.verify(password, hash: hash)) }
        }
    }

    static func hashed(_ password: String, with passwords: PasswordStore) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: passwords.hash(password)) }
        }
    }
}
