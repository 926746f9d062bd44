import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// A private PostgreSQL cluster that ocop creates, starts and stops itself: the embedded database.
///
/// It listens on a unix socket in its own directory and on no TCP port. Under root, the server runs as an
/// unprivileged account (PostgreSQL refuses root), `postgres` by default. Starting and stopping hold a file
/// lock, so two ocop processes never initialise or start the same cluster twice.
///
/// ```swift
/// let cluster = try LocalCluster(root: LocalCluster.defaultRoot())
/// let conninfo = try cluster.start()   // initdb on first use, then pg_ctl start
/// ```
public struct LocalCluster: Sendable {
    /// Settings for a cluster.
    public struct Options: Sendable {
        /// The superuser role created by initdb.
        public var superuser = "ocop"
        /// The database created on first start.
        public var database = "ocop"
        /// The port number, which only names the socket file (`.s.PGSQL.<port>`).
        public var port = 5432
        /// Extra server settings passed at start (`-c name=value`), e.g. `fsync=off` for throwaway test clusters.
        public var serverSettings: [String: String] = [:]
        /// Skip fsync in initdb: only for throwaway clusters.
        public var fastInit = false
        /// The account the server runs as when ocop runs as root (default `$OCOP_PG_USER`, then `postgres`, then `nobody`).
        public var serviceUser: String?

        /// Default options.
        public init() {}
    }

    /// What ``status()`` found.
    public struct Status: Sendable {
        /// The directory the user sees (may be a link to ``storage``).
        public var root: String
        /// The real directory holding the data.
        public var storage: String
        /// Whether initdb has run.
        public var initialized: Bool
        /// Whether a server is running on this data directory.
        public var running: Bool
        /// The postmaster's process id when running.
        public var pid: Int32?
        /// The major version the data directory was made with (`PG_VERSION`).
        public var dataVersion: String?
        /// The account the server runs as, when not the current one.
        public var serviceUser: String?
    }

    /// The directory the user asked for.
    public let root: String
    /// Where the files really are: `root`, or under /var/lib/ocop when root's home is closed to the server account.
    public let storage: String
    /// The server programs.
    public let binaries: PostgresBinaries
    /// The options given.
    public let options: Options
    let account: ServiceAccount?
    let logger: Logger

    /// The default place: `$XDG_DATA_HOME/ocop/pg`, else `~/.local/share/ocop/pg`.
    public static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return "\(xdg)/ocop/pg" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return "\(home)/.local/share/ocop/pg"
    }

    /// Describes a cluster at `root`; nothing is created until ``start()``.
    public init(root: String, binaries: PostgresBinaries? = nil, options: Options = Options(), logger: Logger = Logger(label: "ocop.cluster")) throws {
        self.root = root
        self.binaries = try binaries ?? PostgresBinaries.locate()
        self.options = options
        self.logger = logger
        account = geteuid() == 0 ? try ServiceAccount.resolve(options.serviceUser) : nil
        storage = try Self.resolveStorage(root: root, account: account)
    }

    // MARK: - Paths

    /// The data directory (PGDATA).
    public var dataDirectory: String { "\(storage)/data" }
    /// The directory holding the server's unix socket.
    public var socketDirectory: String { "\(storage)/run" }
    /// The server log.
    public var logFile: String { "\(storage)/server.log" }
    var lockFile: String { "\(storage)/ocop.lock" }

    /// The conninfo of the ocop database in this cluster.
    public var conninfo: String { conninfo(database: options.database) }

    /// The conninfo of a database in this cluster.
    public func conninfo(database: String) -> String {
        "host='\(ConnectionString.escape(socketDirectory))' port=\(options.port) user='\(options.superuser)' dbname='\(ConnectionString.escape(database))'"
    }

    // MARK: - Status

    /// Looks at the cluster without changing it.
    public func status() -> Status {
        let initialized = FileManager.default.fileExists(atPath: "\(dataDirectory)/PG_VERSION")
        let pid = initialized ? runningPID() : nil
        let version = try? String(contentsOfFile: "\(dataDirectory)/PG_VERSION", encoding: .utf8)
        return Status(
            root: root, storage: storage, initialized: initialized, running: pid != nil, pid: pid,
            dataVersion: version?.trimmingCharacters(in: .whitespacesAndNewlines), serviceUser: account?.name)
    }

    /// The postmaster's pid if one is alive for this data directory (a stale postmaster.pid gives nil).
    func runningPID() -> Int32? {
        guard let text = try? String(contentsOfFile: "\(dataDirectory)/postmaster.pid", encoding: .utf8),
            let first = text.split(separator: "\n").first, let pid = Int32(first.trimmingCharacters(in: .whitespaces)), pid > 0
        else { return nil }
        return Self.isLivePostgres(pid) ? pid : nil
    }

    /// Whether `pid` is a live (not zombie) postgres process. After a crash and a reboot the pid in a stale
    /// postmaster.pid may belong to another program; and a killed postmaster whose parent has not reaped it
    /// still answers `kill(pid, 0)`.
    static func isLivePostgres(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }  // no procfs: trust kill
        // "pid (comm) state …": the command may contain spaces and parentheses, so split at the last ')'.
        guard let close = stat.lastIndex(of: ")"), let open = stat.firstIndex(of: "(") else { return false }
        let command = stat[stat.index(after: open)..<close]
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return (command.hasPrefix("postgres") || command.hasPrefix("postmaster")) && state != "Z" && state != "X"
    }

    /// Whether a process is alive and not a zombie (for callers that watch a server stop).
    public static func isProcessAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return true
        }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }
}
