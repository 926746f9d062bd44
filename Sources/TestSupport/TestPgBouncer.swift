import Foundation
import LibPQ
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// A PgBouncer in transaction mode (issue 15: several servers, one database) in front of a test database's server,
/// on a loopback port, started for one test and stopped when released. Under root it runs as `postgres` (PgBouncer,
/// like PostgreSQL, refuses root).
///
/// ```swift
/// @Test(.enabled(if: TestPgBouncer.isInstalled, "pgbouncer is not installed")) func works() async throws {
///     let database = try await TestServer.shared.database()
///     let bouncer = try TestPgBouncer(in: database)
///     let pool = ConnectionPool(configuration: .init(conninfo: bouncer.conninfo(database: database.name)))
/// }
/// ```
public final class TestPgBouncer: @unchecked Sendable {
    /// The program, when installed (Debian puts it in /usr/sbin).
    public static let program: String? = {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin"]
        return path.map { "\($0)/pgbouncer" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether the tests that need PgBouncer can run.
    public static var isInstalled: Bool { program != nil }

    /// Why they are skipped otherwise.
    public static let missing = "pgbouncer is not installed (apt-get install pgbouncer; CI installs it)"

    /// Its port on 127.0.0.1.
    public let port: Int
    /// The user the test database's conninfo connects as.
    public let user: String
    private let folder: String

    /// Starts PgBouncer (transaction mode, `poolSize` server connections per database) in front of the server that
    /// `database` lives on; any database name is passed through.
    public init(in database: TestDatabase, poolSize: Int = 4) throws {
        guard let program = Self.program else { throw TestPgBouncerError(message: "pgbouncer is not installed") }
        let options = try ConnectionString.parse(database.conninfo)
        user = options["user"] ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        let host = options["host"] ?? "/var/run/postgresql"
        let serverPort = options["port"] ?? "5432"
        port = try Self.freePort()
        folder = "/tmp/ocop-bouncer-\(getpid())-\(port)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let users = Set([user, ApplicationRole.name.role, "postgres"]).sorted().map { "\"\($0)\" \"\"" }.joined(separator: "\n")
        try (users + "\n").write(toFile: "\(folder)/users.txt", atomically: true, encoding: .utf8)
        try """
        [databases]
        * = host=\(host) port=\(serverPort)
        [pgbouncer]
        listen_addr = 127.0.0.1
        listen_port = \(port)
        unix_socket_dir =
        auth_type = trust
        auth_file = \(folder)/users.txt
        pool_mode = transaction
        default_pool_size = \(poolSize)
        max_client_conn = 200
        logfile = \(folder)/pgbouncer.log
        pidfile = \(folder)/pgbouncer.pid

        """.write(toFile: "\(folder)/pgbouncer.ini", atomically: true, encoding: .utf8)
        let process = Process()
        if getuid() == 0 {
            _ = chown(folder, Self.postgresUID(), gid_t(bitPattern: -1))
            for file in ["users.txt", "pgbouncer.ini"] { _ = chown("\(folder)/\(file)", Self.postgresUID(), gid_t(bitPattern: -1)) }
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", program, "-d", "\(folder)/pgbouncer.ini"]
        } else {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = ["-d", "\(folder)/pgbouncer.ini"]
        }
        // `-d` daemonizes: not waited for (Foundation's wait can outlive the fork); ready when it accepts a connection.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while true {
            do {
                _ = try Connection(conninfo: conninfo(database: database.name))
                return
            } catch {
                guard Date() < deadline else { throw TestPgBouncerError(message: "pgbouncer does not answer: \(error) \(log)") }
                usleep(50_000)
            }
        }
    }

    deinit { stop() }

    /// The conninfo of `database` through PgBouncer, as `user` (default: the test database's).
    public func conninfo(database: String, user: String? = nil) -> String {
        "host=127.0.0.1 port=\(port) dbname='\(ConnectionString.escape(database))' user='\(ConnectionString.escape(user ?? self.user))'"
    }

    /// PgBouncer's log so far.
    public var log: String { (try? String(contentsOfFile: "\(folder)/pgbouncer.log", encoding: .utf8)) ?? "" }

    /// Stops PgBouncer (SIGTERM to the pid in its pid file) and removes its folder.
    public func stop() {
        if let text = try? String(contentsOfFile: "\(folder)/pgbouncer.pid", encoding: .utf8), let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGTERM)
            for _ in 0..<100 where kill(pid, 0) == 0 { usleep(20_000) }
            if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static func postgresUID() -> uid_t {
        getpwnam("postgres").map { $0.pointee.pw_uid } ?? 0
    }

    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestPgBouncerError(message: "no socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw TestPgBouncerError(message: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// PgBouncer could not be started for a test.
public struct TestPgBouncerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
