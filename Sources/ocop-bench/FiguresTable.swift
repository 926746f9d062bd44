import Foundation

/// The benchmark's result table: one row per client count, the engine next to pgbench.
struct FiguresTable {
    private var rows: [[String]] = []
    private static let header = [
        "clients", "engine tx/s", "pgbench tps", "engine/pgbench", "engine p50 ms", "engine p99 ms", "engine avg ms", "pgbench avg ms",
        "engine CPU µs/tx", "pgbench CPU µs/tx",
    ]

    /// Adds one client count's figures.
    mutating func add(clients: Int, engine: EngineLoad.Measurement, pgbench: Pgbench.Figures) {
        let summary = LatencySummary(latencies: engine.latencies, seconds: engine.seconds)
        rows.append([
            "\(clients)", String(format: "%.0f", summary.rate), String(format: "%.0f", pgbench.tps),
            String(format: "%.2f", pgbench.tps > 0 ? summary.rate / pgbench.tps : 0), String(format: "%.2f", summary.p50),
            String(format: "%.2f", summary.p99), String(format: "%.2f", summary.mean), String(format: "%.2f", pgbench.latencyAverage),
            String(format: "%.0f", engine.cpuSeconds / Double(max(summary.count, 1)) * 1e6),
            String(format: "%.0f", pgbench.cpuSeconds / Double(max(pgbench.transactions, 1)) * 1e6),
        ])
    }

    /// The table as Markdown, columns aligned.
    func render() -> String {
        let all = [Self.header] + rows
        let widths = Self.header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell in String(repeating: " ", count: widths[index] - cell.count) + cell }
            return "| " + padded.joined(separator: " | ") + " |"
        }
        let rule = "|" + widths.map { String(repeating: "-", count: $0 + 1) + ":" }.joined(separator: "|") + "|"
        return ([line(Self.header), rule] + rows.map(line)).joined(separator: "\n")
    }
}
