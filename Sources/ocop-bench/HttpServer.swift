import Foundation
import LibPQ
import Store
import Workflow

#if canImport(Glibc)
    import Glibc
#endif

/// An `ocop serve` process started by the benchmark on its database, with a user and a token to call it.
final class HttpServer: @unchecked Sendable {
    let process: Process
    let port: Int
    let token: String
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The workflow the HTTP benchmark fires on: the cycle of ``BenchWorkflow`` (states A → B → C → A, so that
    /// ``Pgbench/script`` runs on it as well), acted on by an unscoped staff role that a token can carry.
    static let workflowName = "bench_http"
    static let workflowYAML = BenchWorkflow.cycleYAML
        .replacingOccurrences(of: "workflow: bench_cycle", with: "workflow: bench_http")
        .replacingOccurrences(of: "[BENCH]", with: "[VPDPT]")
    static let actor = WorkflowActor(id: "bench-http", roles: ["VPDPT"])

    /// Registers the workflow, starts `count` instances, adds the user and a token; returns the ids and the secret.
    static func seed(conninfo: String, instances count: Int) async throws -> (ids: [Int64], token: String) {
        let pool = ConnectionPool(configuration: .init(conninfo: conninfo, size: 1))
        defer { pool.shutdown() }
        let store = WorkflowStore(pool: pool)
        try await store.register(yaml: workflowYAML, path: "ocop-bench/bench_http.yaml")
        var ids: [Int64] = []
        while ids.count < count {
            let batch = min(500, count - ids.count)
            ids += try await pool.write { connection in
                try (0..<batch).map { _ in try store.start(workflow: workflowName, actor: actor, now: Date(), on: connection).id }
            }
        }
        let token = try await pool.write { connection -> String in
            let users = UserStore()
            try users.add(id: actor.id, name: "ocop-bench http", on: connection)
            try users.grant(.init(role: "VPDPT"), to: actor.id, by: "ocop-bench", on: connection)
            return try TokenStore().create(userID: actor.id, validFor: .seconds(86_400), now: Date(), on: connection).secret
        }
        return (ids, token)
    }

    /// Starts `ocop serve` (the binary at `executable`) on a free port and waits until `/readyz` answers.
    init(executable: String, conninfo: String, token: String, poolSize: Int) throws {
        port = try Self.freePort()
        self.token = token
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "serve", "--host", "127.0.0.1", "--port", "\(port)", "--no-timers", "--no-outbox", "--request-log", "off", "--log-level", "warning",
            "--pool-size", "\(poolSize)",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["OCOP_DATABASE_URL"] = conninfo
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if !process.isRunning { throw BenchError("ocop serve exited with status \(process.terminationStatus)") }
            if (try? Self.curl(["-sf", "-o", "/dev/null", "\(baseURL)/readyz"])) == 0 { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        process.terminate()
        throw BenchError("ocop serve did not become ready on port \(port) within 60 s")
    }

    /// The server's resident memory now, in MB (VmRSS).
    var residentMB: Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }

    /// `ocop` next to this `ocop-bench`.
    static func siblingExecutable(named name: String) -> String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(name).path
    }

    private static func curl(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A TCP port nobody listens on now (bound to 0, read, released).
    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchError("no socket for a free port") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        guard bound == 0 else { throw BenchError("could not bind a free port") }
        let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        guard named == 0 else { throw BenchError("could not read the free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
