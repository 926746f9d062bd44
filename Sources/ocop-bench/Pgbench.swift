import Foundation

/// Runs pgbench against the same server with the SQL of one engine transition, for the reference figure.
struct Pgbench {
    /// What pgbench reported, summed over runs.
    struct Figures: Sendable {
        /// Transactions run.
        var transactions = 0
        /// Seconds they took, without connection time (transactions / reported tps).
        var seconds = 0.0
        /// Sum of per-transaction latencies, seconds.
        var latencyTotal = 0.0
        /// pgbench's own CPU seconds.
        var cpuSeconds = 0.0

        /// Transactions per second.
        var tps: Double { seconds > 0 ? Double(transactions) / seconds : 0 }
        /// Average latency, milliseconds.
        var latencyAverage: Double { transactions > 0 ? latencyTotal / Double(transactions) * 1000 : 0 }

        mutating func add(_ other: Figures) {
            transactions += other.transactions
            seconds += other.seconds
            latencyTotal += other.latencyTotal
            cpuSeconds += other.cpuSeconds
        }
    }

    let executable: String
    let conninfo: String
    /// The instances' ids, drawn uniformly like the engine run draws them.
    let instances: ClosedRange<Int64>
    /// A folder for the script file.
    let folder: String

    /// The statements ``WorkflowStore/fire(_:on:)`` sends for `step` on the benchmark cycle without an idempotency
    /// key (see `WorkflowStore+Fire.swift`), in its transaction (`ConnectionPool.write`: BEGIN … COMMIT). The engine
    /// sends them in three round trips (libpq pipeline mode: BEGIN, the locking SELECT, the writes with the COMMIT);
    /// pgbench sends one statement at a time, six round trips.
    ///
    /// Two things pgbench cannot do are done in SQL instead: the engine's choice of the next state (a CASE in the
    /// locking SELECT, the only addition) and the `instance:seq` NOTIFY payload (`concat`). Business time is `now()`
    /// where the engine binds the client's clock; the trigger hashes the history row in both runs.
    static let script = """
        \\set id random(:first, :last)
        BEGIN ISOLATION LEVEL READ COMMITTED;
        SELECT definition_id, workflow, state, data, version,
               CASE state WHEN 'A' THEN 'B' WHEN 'B' THEN 'C' ELSE 'A' END AS next_state
        FROM workflow_instance WHERE id = :id FOR UPDATE \\gset
        \\set next_version :version + 1
        UPDATE workflow_instance SET state = :next_state, data = :data, version = :next_version, updated_at = now()
        WHERE id = :id;
        INSERT INTO workflow_transition (instance_id, seq, event, from_state, to_state, actor, acting_role, on_behalf_of, input,
            comment, legal_ref, batch_id, idempotency_key, at, prev_hash, hash)
        VALUES (:id, :next_version, 'step', :state, :next_state, 'bench', 'BENCH', NULL, '{}',
            NULL, NULL, NULL, NULL, now(), '', '');
        WITH row AS (
            INSERT INTO workflow_outbox (instance_id, seq, kind, payload)
            VALUES (:id, :next_version, 'transition', jsonb_build_object('workflow', :workflow::text, 'event', 'step'::text, 'to', :next_state::text))
        )
        SELECT pg_notify('ocop_transition', concat(:id::text, ':', :next_version::text));
        COMMIT;

        """

    /// Runs `transactions` transactions from `clients` connections and threads, prepared statements, no vacuum.
    func run(transactions: Int, clients: Int) throws -> Figures {
        let scriptPath = "\(folder)/ocop-transition-\(getpid()).sql"
        try Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: scriptPath) }
        let perClient = max(1, transactions / clients)
        let arguments = [
            "-n", "-M", "prepared", "-c", "\(clients)", "-j", "\(clients)", "-t", "\(perClient)",
            "-D", "first=\(instances.lowerBound)", "-D", "last=\(instances.upperBound)", "-f", scriptPath, conninfo,
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let cpu = ProcessCPU.childrenSeconds()
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, var figures = Self.parse(text, transactions: perClient * clients) else {
            throw BenchError("pgbench failed (exit \(process.terminationStatus)):\n\(text)\(errorText)")
        }
        figures.cpuSeconds = ProcessCPU.childrenSeconds() - cpu
        return figures
    }

    /// Reads `tps = …` and `latency average = … ms` from pgbench's report.
    static func parse(_ report: String, transactions: Int) -> Figures? {
        func number(after prefix: String) -> Double? {
            guard let line = report.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
            return Double(line.dropFirst(prefix.count).split(separator: " ").first ?? "")
        }
        guard let tps = number(after: "tps = "), tps > 0, let latency = number(after: "latency average = ") else { return nil }
        return Figures(
            transactions: transactions, seconds: Double(transactions) / tps, latencyTotal: latency / 1000 * Double(transactions), cpuSeconds: 0)
    }
}
