import Foundation
import HummingbirdBcrypt
import LibPQ
import Workflow

/// Passwords for signing in to the dashboard: bcrypt hashes only, a temporary password after an officer's reset (to be
/// changed at the next sign-in), and a lockout after repeated failures. Every set, reset, change and lockout is kept in
/// `user_password_change` (append-only).
public struct PasswordStore: Sendable {
    /// How many failures in a row lock an account, and for how long.
    public struct Lockout: Sendable, Hashable {
        public var failures: Int
        public var duration: Duration

        public init(failures: Int, duration: Duration) {
            self.failures = failures
            self.duration = duration
        }

        /// 5 failures in a row lock the account for 15 minutes; `OCOP_SIGNIN_LOCKOUT` (e.g. `10/30m`) changes it.
        public static let `default` = Lockout(failures: 5, duration: .seconds(15 * 60))

        /// `N/LIFETIME` as in `OCOP_SIGNIN_LOCKOUT=5/15m`; nil for anything else.
        public static func parse(_ text: String) -> Lockout? {
            let parts = text.split(separator: "/")
            guard parts.count == 2, let failures = Int(parts[0]), (1...1000).contains(failures),
                let duration = LifetimeText.parse(String(parts[1]))
            else { return nil }
            return Lockout(failures: failures, duration: duration)
        }
    }

    /// What a sign-in attempt came to.
    public enum Verdict: Sendable, Hashable {
        /// The password is right; `mustChange` when it is a temporary one.
        case accepted(UserStore.User, mustChange: Bool)
        /// Unknown user, no password set, deactivated or a wrong password — one answer for all, so that a stranger
        /// cannot tell which.
        case refused
        /// Too many failures: locked until then.
        case locked(until: Date)
    }

    /// bcrypt's work factor: 12 by default (≈ 0.25 s a check on this project's 2-core machine).
    let cost: UInt8
    let lockout: Lockout

    public init(cost: UInt8 = 12, lockout: Lockout = .default) {
        self.cost = cost
        self.lockout = lockout
    }

    /// The rules a new password must meet; nil when it does.
    public static func weakness(of password: String, userID: String) -> Bilingual? {
        if password.count < 10 {
            return Bilingual(vi: "mật khẩu phải có ít nhất 10 ký tự", en: "a password needs at least 10 characters")
        }
        if password.utf8.count > 72 {
            return Bilingual(vi: "mật khẩu dài quá 72 byte (giới hạn của bcrypt)", en: "a password may be at most 72 bytes long (bcrypt's limit)")
        }
        if password.lowercased().contains(userID.lowercased()) {
            return Bilingual(vi: "mật khẩu không được chứa tên đăng nhập", en: "a password must not contain the user name")
        }
        if Set(password).count < 4 {
            return Bilingual(vi: "mật khẩu quá đơn giản (cần ít nhất 4 ký tự khác nhau)", en: "the password is too simple (it needs at least 4 different characters)")
        }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return Bilingual(vi: "mật khẩu không được chứa ký tự điều khiển", en: "a password must not contain control characters")
        }
        return nil
    }

    /// The bcrypt hash of a password (slow on purpose: call it outside a transaction).
    public func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    /// The stored hash and lock state of a user's password, if one is set (read before the slow check).
    public func stored(_ userID: String, on connection: Connection) throws -> (hash: String, mustChange: Bool, lockedUntil: Date?)? {
        guard
            let row = try connection.query(
                "SELECT hash, must_change, locked_until FROM user_password WHERE user_id = \(userID)"
            ).first
        else { return nil }
        return (try row.decode("hash"), try row.decode("must_change"), try row.decode("locked_until"))
    }

    /// Records a checked attempt: a success clears the failures; a failure counts, and the one that reaches the limit
    /// locks the account (and says so in the change log). Returns the lock's end if the account is now locked.
    public func record(attemptBy userID: String, succeeded: Bool, now: Date, on connection: Connection) throws -> Date? {
        if succeeded {
            try connection.execute("UPDATE user_password SET failed_count = 0, locked_until = NULL WHERE user_id = \(userID)")
            return nil
        }
        let until = now.addingTimeInterval(TimeInterval(lockout.duration.components.seconds))
        guard
            let row = try connection.query(
                """
                UPDATE user_password
                SET failed_count = failed_count + 1,
                    locked_until = CASE WHEN failed_count + 1 >= \(lockout.failures) THEN \(until) ELSE locked_until END
                WHERE user_id = \(userID)
                RETURNING failed_count, locked_until
                """
            ).first
        else { return nil }
        let count: Int = try row.decode("failed_count")
        if count == lockout.failures { try log(.locked, userID: userID, by: "system", now: now, on: connection) }
        return try row.decode("locked_until", as: Date?.self).flatMap { $0 > now ? $0 : nil }
    }

    /// Stores a new password hash (a first password, a change, or a temporary one after a reset) and ends the user's
    /// open dashboard sessions but the one given (the session that changed it stays signed in).
    public func store(
        hash: String, for userID: String, mustChange: Bool, change: Change, by actor: String, keepingSession: String? = nil, now: Date,
        on connection: Connection
    ) throws {
        try connection.execute(
            """
            INSERT INTO user_password (user_id, hash, must_change, set_at, set_by) VALUES (\(userID), \(hash), \(mustChange), \(now), \(actor))
            ON CONFLICT (user_id) DO UPDATE
            SET hash = EXCLUDED.hash, must_change = EXCLUDED.must_change, set_at = EXCLUDED.set_at, set_by = EXCLUDED.set_by,
                failed_count = 0, locked_until = NULL
            """)
        try connection.execute(
            """
            UPDATE web_session SET ended_at = \(now)
            WHERE user_id = \(userID) AND ended_at IS NULL AND token_id IS NULL AND id_hash IS DISTINCT FROM \(keepingSession)::text
            """)
        try log(change, userID: userID, by: actor, now: now, on: connection)
    }

    /// What happened to a password.
    public enum Change: String, Sendable {
        case set, reset, changed, locked, unlocked
    }

    /// The change log of a user's password, oldest first.
    public func changes(of userID: String, on connection: Connection) throws -> [(change: String, by: String, at: Date)] {
        try connection.query("SELECT change, by_user, at FROM user_password_change WHERE user_id = \(userID) ORDER BY id").map { row in
            (try row.decode("change"), try row.decode("by_user"), try row.decode("at"))
        }
    }

    private func log(_ change: Change, userID: String, by actor: String, now: Date, on connection: Connection) throws {
        try connection.execute(
            "INSERT INTO user_password_change (user_id, change, by_user, at) VALUES (\(userID), \(change.rawValue), \(actor), \(now))")
    }

    /// A temporary password to read out or hand over on paper: 12 characters without look-alikes (0/O, 1/l/I).
    public static func temporaryPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let body = (0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return String(body[0..<4]) + "-" + String(body[4..<8]) + "-" + String(body[8..<12])
    }

    /// A hash to check against when the user is unknown, so that the answer takes as long as for a known one.
    static let decoy: String = Bcrypt.hash("decoy-password-never-matches", cost: 12)
}
