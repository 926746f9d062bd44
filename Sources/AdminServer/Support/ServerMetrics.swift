import Foundation
import Metrics
import Prometheus

/// The process's metrics registry, exported at `/metrics`; swift-metrics is bootstrapped onto it once per process.
public enum ServerMetrics {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var bootstrapped = false

    /// The registry every metric of this process lands in.
    public static let registry = PrometheusCollectorRegistry()

    /// Points swift-metrics (Hummingbird's request metrics, ours) at the registry; later calls do nothing.
    public static func bootstrap() {
        lock.withLock {
            guard !bootstrapped else { return }
            bootstrapped = true
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        }
    }

    /// Counts one committed transition.
    static func transition(workflow: String, event: String, source: String) {
        Counter(label: "ocop_transitions_total", dimensions: [("workflow", workflow), ("event", event), ("source", source)]).increment()
    }
}
