/// Throughput and latency percentiles of one measured run.
struct LatencySummary: Sendable {
    /// Operations completed.
    var count: Int
    /// Wall-clock seconds for all of them.
    var seconds: Double
    /// Median latency, milliseconds.
    var p50: Double
    /// 99th-percentile latency, milliseconds.
    var p99: Double
    /// Mean latency, milliseconds.
    var mean: Double

    /// Operations per second.
    var rate: Double { seconds > 0 ? Double(count) / seconds : 0 }

    /// Summarises per-operation latencies (in seconds) measured over `seconds` of wall-clock time.
    init(latencies: [Double], seconds: Double) {
        let sorted = latencies.sorted()
        count = sorted.count
        self.seconds = seconds
        func percentile(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
            return sorted[min(max(rank, 0), sorted.count - 1)] * 1000
        }
        p50 = percentile(0.5)
        p99 = percentile(0.99)
        mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count) * 1000
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
