import ArgumentParser
import Foundation
import LibPQ
import Store

/// `ocop-bench http`: `ocop serve`'s status reads and fires per second against pgbench on the same server, in one run.
struct HttpBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Yêu cầu HTTP/giây so với pgbench — the API's status reads and fires per second against pgbench on the same server.",
        discussion: """
            Starts a throwaway PostgreSQL (fsync on unless --unsafe-fast), seeds instances, starts `ocop serve` (the binary
            next to ocop-bench, or --ocop) with a token, and measures, taking turns (ABBA) with pgbench:
            GET /api/v1/instances/{id} (wrk) against a single-row SELECT by id (pgbench -M prepared), and
            POST /api/v1/instances/{id}/events/step against pgbench running one engine transition's SQL.
            --soak-seconds N then runs a mixed load (status, fires, 404s, /readyz) for N seconds and prints the server's
            RSS every 10 s.
            """)

    @Option(help: "Seconds per measurement.")
    var seconds = 10

    @Option(help: "Rounds per figure: wrk and pgbench take turns (ABBA).")
    var rounds = 2

    @Option(name: .customLong("status-clients"), help: "Connections for the status read, comma-separated.")
    var statusClients = IntList([1, 16, 64])

    @Option(name: .customLong("fire-clients"), help: "Connections for the fire, comma-separated.")
    var fireClients = IntList([16, 64])

    @Option(help: "Instances the requests are spread over, uniformly at random.")
    var instances = 1000

    @Option(name: .customLong("server-pool-size"), help: "`ocop serve --pool-size`.")
    var serverPoolSize = 8

    @Option(name: .customLong("soak-seconds"), help: "Then a mixed load for this long, RSS sampled every 10 s (0: none).")
    var soakSeconds = 0

    @Option(help: "The ocop executable; default: next to ocop-bench.")
    var ocop: String?

    @Flag(name: .customLong("unsafe-fast"), help: "Throwaway cluster with fsync, synchronous_commit and full_page_writes off.")
    var unsafeFast = false

    @Flag(help: "Log progress to stderr.")
    var verbose = false

    mutating func run() async throws {
        let logger = Bench.bootstrapLogging(verbose: verbose)
        let durable = !unsafeFast
        let database = try await blocking { try BenchDatabase.open(url: nil, durable: durable, logger: logger) }
        defer { database.close() }
        let startedAt = ContinuousClock.now
        let (ids, token) = try await HttpServer.seed(conninfo: database.conninfo, instances: instances)
        guard let range = BenchInstances.contiguousRange(ids) else { throw BenchError("the instances' ids are not contiguous") }
        let executable = ocop ?? HttpServer.siblingExecutable(named: "ocop")
        let (conninfo, poolSize) = (database.conninfo, serverPoolSize)
        let server = try await blocking { try HttpServer(executable: executable, conninfo: conninfo, token: token, poolSize: poolSize) }
        defer { server.stop() }
        let wrk = Wrk(baseURL: server.baseURL, token: token, instances: range, folder: NSTemporaryDirectory())
        let pgbench = Pgbench(executable: try database.pgbenchPath(), conninfo: database.conninfo, instances: range, folder: NSTemporaryDirectory())

        print("ocop-bench http: \(seconds) s × \(rounds) rounds per figure, \(ids.count) instances, server pool \(serverPoolSize), "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores; load: wrk (≤ 2 threads); anchor: pgbench -M prepared")
        print(try await blocking { try database.describeServer() })
        // Warm-up: the server's first requests prepare statements and load the definition.
        _ = try await blocking { [wrk] in try wrk.run(script: wrk.statusScript, connections: 4, seconds: 2) }
        let rssBefore = server.residentMB
        var rows: [[String]] = []
        let (seconds, rounds) = (seconds, max(1, rounds))
        func compare(_ name: String, clients: Int, http: String, anchor: String) async throws {
            var served = Wrk.Figures()
            var reference = Pgbench.Figures()
            for round in 0..<rounds {
                if round % 4 == 0 || round % 4 == 3 { served.add(try await blocking { try wrk.run(script: http, connections: clients, seconds: seconds) }) }
                reference.add(try await blocking { try pgbench.run(script: anchor, clients: clients, seconds: seconds) })
                if round % 4 == 1 || round % 4 == 2 { served.add(try await blocking { try wrk.run(script: http, connections: clients, seconds: seconds) }) }
            }
            rows.append([
                name, "\(clients)", String(format: "%.0f", served.rate), String(format: "%.0f", reference.tps),
                String(format: "%.2f", reference.tps > 0 ? served.rate / reference.tps : 0), "\(served.failures)",
            ])
        }
        for clients in statusClients.values {
            try await compare("GET status vs SELECT by id", clients: clients, http: wrk.statusScript, anchor: Pgbench.selectByIDScript)
        }
        for clients in fireClients.values {
            try await compare("POST fire vs transition", clients: clients, http: wrk.fireScript, anchor: Pgbench.script)
        }
        let rssAfter = server.residentMB
        print(Self.render(["workload", "connections", "ocop req/s", "pgbench tps", "ocop/pgbench", "non-2xx"], rows))
        print(String(format: "ocop serve RSS: %.1f MB before, %.1f MB after", rssBefore, rssAfter))
        if soakSeconds > 0 { try await soak(wrk: wrk, server: server) }
        print(String(format: "total wall-clock time: %.1f s", (ContinuousClock.now - startedAt).seconds))
    }

    /// The mixed load for `soakSeconds` at 16 connections, printing the RSS series.
    private func soak(wrk: Wrk, server: HttpServer) async throws {
        let started = try wrk.start(script: wrk.mixedScript, connections: 16, seconds: soakSeconds)
        var samples = [server.residentMB]
        let clock = ContinuousClock.now
        while started.0.isRunning {
            try await Task.sleep(for: .seconds(10))
            if started.0.isRunning || samples.count * 10 <= soakSeconds { samples.append(server.residentMB) }
        }
        let figures = try wrk.finish(started)
        let rate = figures.rate
        print(String(format: "soak: %d s mixed load (4 status : 3 fire : 2 404 : 1 readyz), 16 connections, %.0f req/s, %d non-2xx (the 404s)",
            Int((ContinuousClock.now - clock).seconds), rate, figures.failures))
        print("RSS MB every 10 s: " + samples.map { String(format: "%.1f", $0) }.joined(separator: " "))
        let settled = Array(samples.dropFirst(min(3, samples.count - 1)))
        if let low = settled.min(), let high = settled.max(), low > 0 {
            print(String(format: "after the first 30 s: min %.1f MB, max %.1f MB, spread %.0f %%", low, high, (high - low) / low * 100))
        }
    }

    static func render(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { $1 + String(repeating: " ", count: widths[$0] - $1.count) }.joined(separator: " | ") + " |"
        }
        return ([line(header), "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"] + rows.map(line))
            .joined(separator: "\n")
    }
}
