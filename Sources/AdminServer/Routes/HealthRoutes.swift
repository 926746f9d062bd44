import Foundation
import Logging
import HTTPTypes
import Hummingbird
import Prometheus
import Store
import Workflow

/// `/healthz` (the process answers), `/readyz` (the database answers and the schema is current), `/metrics`.
struct HealthRoutes {
    let dependencies: ServerDependencies
    let registry: PrometheusCollectorRegistry
    let latestMigration: Int

    func register(on router: Router<AdminRequestContext>) {
        router.get("/healthz") { _, _ in ["status": "ok"] }
        router.get("/readyz") { _, context in try await ready(context) }
        router.get("/metrics") { _, _ in
            updateGauges()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    private func ready(_ context: AdminRequestContext) async throws -> [String: String] {
        let latest = latestMigration
        do {
            let current = try await dependencies.services.database.schemaVersion()
            guard current == latest else {
                var problem = Problem(
                    .serviceUnavailable, code: "schema-outdated", title: Bilingual(vi: "Chưa sẵn sàng", en: "Not ready"),
                    detail: Bilingual(vi: "lược đồ ở phiên bản \(current), cần \(latest)", en: "schema is at \(current), needs \(latest)"))
                problem.headers[.retryAfter] = "5"
                throw problem
            }
            var answer = ["status": "ready", "schema": String(current)]
            // A report replica (--report-database-url) down does not make the server unready: reports read the primary.
            if let replica = await dependencies.services.reportDatabaseStatus() {
                answer["reports"] = replica.readsFrom
                answer["replica"] = replica.replicaUp ? (replica.standby == false ? "not-a-standby" : "up") : "down"
                if let lag = replica.lagSeconds { answer["replicaLagSeconds"] = String(format: "%.3f", lag) }
            }
            return answer
        } catch let error as ServiceError where error.kind == .unavailable || error.kind == .internal {
            var problem = Problem(
                .serviceUnavailable, code: "database-unavailable", title: Bilingual(vi: "Chưa sẵn sàng", en: "Not ready"),
                detail: Bilingual(vi: "cơ sở dữ liệu không truy cập được", en: "the database cannot be reached"))
            problem.headers[.retryAfter] = "5"
            context.logger.warning("not ready", metadata: ["error": "\(error)"])
            throw problem
        }
    }

    private func updateGauges() {
        let usage = dependencies.services.database.poolUsage
        registry.makeGauge(name: "ocop_db_pool_connections_in_use", help: "Database connections running a request").set(Double(usage.inUse))
        registry.makeGauge(name: "ocop_db_pool_waiting", help: "Callers waiting for a database connection").set(Double(usage.waiting))
        registry.makeGauge(name: "ocop_db_pool_size", help: "Database pool size").set(Double(usage.size))
    }
}
