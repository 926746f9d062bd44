import Foundation
import LibPQ
import Logging
import Synchronization

/// Where LISTEN connects (issue 15). Behind PgBouncer in transaction mode a LISTEN sent through the pooler lands on
/// whichever server connection ran that statement, and its notifications go to whoever holds that connection next —
/// so the listening connection needs a URL of its own that reaches PostgreSQL directly.
public enum ListenRoute: Sendable, Equatable {
    /// The pool's own URL (the default: right when the database URL is direct).
    case pool
    /// A URL of its own (`--listen-database-url`, `OCOP_LISTEN_DATABASE_URL`).
    case conninfo(String)
    /// No LISTEN at all (`off`): the consumers poll.
    case off

    /// `option`, else `OCOP_LISTEN_DATABASE_URL`, else the pool's URL; `off` turns LISTEN off.
    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> ListenRoute {
        guard let text = DatabaseTarget.secondary(option: option, variable: "OCOP_LISTEN_DATABASE_URL", environment: environment) else { return .pool }
        return text.lowercased() == "off" ? .off : .conninfo(text)
    }

    /// For logs (never a password).
    public var describe: String {
        switch self {
        case .pool: return "the database URL"
        case .conninfo: return "its own URL (--listen-database-url)"
        case .off: return "off: polling"
        }
    }

    /// What a wake-up stream ends with when LISTEN is off.
    struct Off: Error, CustomStringConvertible {
        var description: String { "LISTEN is off (--listen-database-url / OCOP_LISTEN_DATABASE_URL = off)" }
    }
}

extension DatabaseTarget {
    /// A second URL: `option`, else the environment's `variable`; nil when neither is set.
    static func secondary(option: String?, variable: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let option, !option.isEmpty { return option }
        if let value = environment[variable], !value.isEmpty { return value }
        return nil
    }
}

/// The district report's reads on a streaming replica, falling back to the primary while the replica cannot be
/// reached (refused, lost, or no free connection within the pool's wait): a report is then as fresh as the primary,
/// never refused because of the replica. After a failure the replica is left alone for ``pause`` before it is tried
/// again, so that a dead replica costs one failed connect per pause, not one per report.
final class ReportRouting: Sendable {
    let replica: ConnectionPool
    let primary: ConnectionPool
    let logger: Logger
    /// Until when the replica is skipped.
    private let skipUntil = Mutex<ContinuousClock.Instant?>(nil)
    /// How long a failed replica is left alone.
    static let pause: Duration = .seconds(10)

    init(replica: ConnectionPool, primary: ConnectionPool, logger: Logger) {
        self.replica = replica
        self.primary = primary
        self.logger = logger
    }

    /// Whether the replica is being skipped now.
    var replicaSkipped: Bool { skipUntil.withLock { until in until.map { ContinuousClock.now < $0 } ?? false } }

    func markDown(_ error: any Error) {
        let first = skipUntil.withLock { until -> Bool in
            let wasUp = until.map { ContinuousClock.now >= $0 } ?? true
            until = ContinuousClock.now + Self.pause
            return wasUp
        }
        if first {
            logger.warning(
                "report replica unavailable; reports read the primary", metadata: ["error": "\(error)", "retry_in_s": "\(Self.pause.components.seconds)"])
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        if !replicaSkipped {
            do {
                return try await replica.read(body)
            } catch {
                guard let failure = error as? DatabaseError, failure.isConnectionError || failure.code == .poolTimeout else { throw error }
                markDown(failure)
            }
        }
        return try await primary.read(body)
    }
}

extension Services {
    /// What `/readyz` says of the report database.
    public struct ReportDatabaseStatus: Sendable, Equatable {
        /// Where reports read now: `replica` or `primary`.
        public var readsFrom: String
        /// Whether the replica answered (false: reports read the primary).
        public var replicaUp: Bool
        /// Whether the replica is in recovery (a standby); false means the URL reaches a primary.
        public var standby: Bool?
        /// How far the replica's replay is behind: 0 when it has replayed all it received, else the age of the last
        /// replayed transaction; nil when unknown.
        public var lagSeconds: Double?
    }

    /// Whether a report replica is configured.
    public var hasReportReplica: Bool { reportRouting != nil }

    /// A read-only transaction for the district report: on the report replica when one is configured
    /// (`--report-database-url`) and reachable, else on the primary (see ``ReportRouting``).
    func reportRead<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        guard let reportRouting else { return try await pool.read(body) }
        return try await reportRouting.read(body)
    }

    /// The report replica's state and lag (nil when reports read the primary by configuration). Asking counts as an
    /// attempt: a replica that does not answer is skipped by the reports as after a failed report.
    public func reportDatabaseStatus() async -> ReportDatabaseStatus? {
        guard let routing = reportRouting else { return nil }
        do {
            let (standby, lag) = try await routing.replica.withConnection { connection -> (Bool, Double?) in
                let row = try connection.query(
                    """
                    SELECT pg_is_in_recovery() AS standby,
                           CASE WHEN NOT pg_is_in_recovery() THEN 0
                                WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                                ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END::float8 AS lag
                    """
                ).single()
                return (try row.decode("standby", as: Bool.self), try row.decode("lag", as: Double?.self))
            }
            return ReportDatabaseStatus(readsFrom: routing.replicaSkipped ? "primary" : "replica", replicaUp: true, standby: standby, lagSeconds: lag)
        } catch {
            routing.markDown(error)
            return ReportDatabaseStatus(readsFrom: "primary", replicaUp: false, standby: nil, lagSeconds: nil)
        }
    }
}
