import Foundation
import Metrics
import Synchronization
import Workflow

/// Throttles failed authentications — bad, expired or revoked tokens, failed dashboard sign-ins — per client address
/// and per user name, so that guessing is slow and cheap to refuse, while valid requests pay one dictionary lookup.
///
/// Each key (an address, a user name) counts its failures in a window; at the limit it is locked for the lockout time,
/// and every attempt from it is answered 429 with `Retry-After` *before* anything is looked up in the database. A
/// success clears the user's count (not the address's: one valid token must not launder an address's guesses).
///
/// ```swift
/// if case .throttled(let seconds) = throttle.check(address: peer, user: name) { /* 429, Retry-After: seconds */ }
/// if ok { throttle.recordSuccess(address: peer, user: name) } else { throttle.recordFailure(address: peer, user: name) }
/// ```
public final class AuthThrottle: Sendable {
    /// The limits.
    public struct Configuration: Sendable, Hashable {
        /// Failures one address may make within ``window`` before it is locked.
        public var failuresPerAddress: Int
        /// Failures against one user name within ``window`` before it is locked.
        public var failuresPerUser: Int
        /// How long failures are remembered.
        public var window: Duration
        /// How long a key stays locked once it reached its limit.
        public var lockout: Duration
        /// The most keys remembered; beyond, the oldest unlocked ones are forgotten first.
        public var maxKeys: Int

        /// 20 failures per address and 5 per user name within 5 minutes; then 5 minutes locked.
        public init(
            failuresPerAddress: Int = 20, failuresPerUser: Int = 5, window: Duration = .seconds(300), lockout: Duration = .seconds(300),
            maxKeys: Int = 100_000
        ) {
            self.failuresPerAddress = failuresPerAddress
            self.failuresPerUser = failuresPerUser
            self.window = window
            self.lockout = lockout
            self.maxKeys = maxKeys
        }

        /// `ADDRESS/USER/SECONDS` (e.g. `20/5/300`: the window and the lockout alike), or `off`; nil for anything else.
        public init?(text: String) {
            if text.lowercased() == "off" {
                self.init(failuresPerAddress: .max, failuresPerUser: .max)
                return
            }
            let parts = text.split(separator: "/").map { Int($0) }
            guard parts.count == 3, let address = parts[0], let user = parts[1], let seconds = parts[2], address >= 1, user >= 1, seconds >= 1
            else { return nil }
            self.init(failuresPerAddress: address, failuresPerUser: user, window: .seconds(seconds), lockout: .seconds(seconds))
        }
    }

    /// What ``check(address:user:)`` decided.
    public enum Decision: Sendable, Hashable {
        /// Go on and authenticate.
        case allowed
        /// Refuse without looking: locked for this many more seconds (at least 1).
        case throttled(retryAfter: Int)
    }

    private struct Entry {
        var failures: Int
        var windowStart: ContinuousClock.Instant
        var lockedUntil: ContinuousClock.Instant?
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var calls: Int = 0
    }

    /// The limits in force.
    public let configuration: Configuration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State())

    /// A throttle with `configuration`, reading time from `now` (tests move it).
    public init(configuration: Configuration = Configuration(), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.configuration = configuration
        self.now = now
    }

    /// Whether an attempt from `address` (for `user`, when known) may go ahead.
    public func check(address: String?, user: String?) -> Decision {
        let now = now()
        let longest = state.withLock { state in
            keys(address: address, user: user).compactMap { key -> Duration? in
                guard let until = state.entries[key]?.lockedUntil, until > now else { return nil }
                return until - now
            }.max()
        }
        guard let longest else { return .allowed }
        Counter(label: "ocop_auth_throttled_total").increment()
        return .throttled(retryAfter: max(1, Int((longest / .seconds(1)).rounded(.up))))
    }

    /// Counts a failed attempt against `address` and `user`; at a key's limit, locks it.
    public func recordFailure(address: String?, user: String?) {
        let now = now()
        Counter(label: "ocop_auth_failures_total").increment()
        let locked = state.withLock { state -> Int in
            state.calls += 1
            if state.calls % 1024 == 0 || state.entries.count >= configuration.maxKeys { prune(&state, now: now) }
            var locked = 0
            for key in keys(address: address, user: user) {
                var entry = state.entries[key] ?? Entry(failures: 0, windowStart: now)
                if now - entry.windowStart > configuration.window {
                    entry.failures = 0
                    entry.windowStart = now
                }
                entry.failures += 1
                let limit = key.hasPrefix("a:") ? configuration.failuresPerAddress : configuration.failuresPerUser
                if entry.failures >= limit, entry.lockedUntil.map({ $0 <= now }) ?? true {
                    entry.lockedUntil = now + configuration.lockout
                    entry.failures = 0
                    entry.windowStart = now
                    locked += 1
                }
                state.entries[key] = entry
            }
            return locked
        }
        if locked > 0 { Counter(label: "ocop_auth_lockouts_total").increment(by: locked) }
    }

    /// A successful authentication: the user's failures are forgotten (the address's are kept).
    public func recordSuccess(address: String?, user: String?) {
        guard let user else { return }
        let now = now()
        let key = "u:" + user.lowercased()
        state.withLock { state in
            if let entry = state.entries[key], !(entry.lockedUntil.map { $0 > now } ?? false) { state.entries[key] = nil }
        }
    }

    /// How many addresses and user names are remembered now.
    var keyCount: Int { state.withLock { $0.entries.count } }

    private func keys(address: String?, user: String?) -> [String] {
        var keys: [String] = []
        if let address, configuration.failuresPerAddress != .max { keys.append("a:" + address) }
        if let user, configuration.failuresPerUser != .max { keys.append("u:" + user.lowercased()) }
        return keys
    }

    /// Forgets keys whose window and lockout are over; if still full, the oldest windows first.
    private func prune(_ state: inout State, now: ContinuousClock.Instant) {
        state.entries = state.entries.filter { _, entry in
            (entry.lockedUntil.map { $0 > now } ?? false) || now - entry.windowStart <= configuration.window
        }
        if state.entries.count >= configuration.maxKeys {
            let excess = state.entries.count - configuration.maxKeys / 2
            for (key, _) in state.entries.filter({ $0.value.lockedUntil == nil }).sorted(by: { $0.value.windowStart < $1.value.windowStart }).prefix(excess) {
                state.entries[key] = nil
            }
        }
    }
}
