import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// The admin HTTP endpoint: JSON API under `/api/v1` (tokens, roles and scopes as in the CLI), health, metrics.
///
/// ```swift
/// let app = AdminServer.application(dependencies: deps, configuration: .init(port: 8080), logger: logger)
/// try await app.runService()   // until SIGTERM/SIGINT; requests in flight finish first
/// ```
public enum AdminServer {
    /// The router with every route and middleware, for tests and for ``application(dependencies:configuration:latestMigration:logger:)``.
    public static func router(dependencies: ServerDependencies, configuration: ServerConfiguration, latestMigration: Int) -> Router<AdminRequestContext> {
        ServerMetrics.bootstrap()
        // HEAD wherever GET is; any other method a path does not serve: 405 with Allow (MethodNotAllowedMiddleware).
        let router = Router(context: AdminRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(
            middleware: EdgeMiddleware(
                bodyLimit: configuration.maxBodySize, requestLog: configuration.requestLog, trustedProxies: configuration.trustedProxies))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: AuthMiddleware(dependencies: dependencies))
        router.add(middleware: WebSessionMiddleware(dependencies: dependencies))
        router.add(middleware: MethodNotAllowedMiddleware(routes: RouteTable(router)))
        HealthRoutes(dependencies: dependencies, registry: ServerMetrics.registry, latestMigration: latestMigration).register(on: router)
        InstanceRoutes(dependencies: dependencies).register(on: router)
        OCOPRoutes(dependencies: dependencies).register(on: router)
        DocumentRoutes(dependencies: dependencies).register(on: router)
        CouncilRoutes(dependencies: dependencies).register(on: router)
        ReportRoutes(dependencies: dependencies).register(on: router)
        NTMRoutes(dependencies: dependencies).register(on: router)
        SearchRoutes(dependencies: dependencies).register(on: router)
        OpenAPIRoute().register(on: router)
        WebRoutes(dependencies: dependencies).register(on: router)
        return router
    }

    /// The application: the router on the configured address, plus the timer worker and the outbox relay when enabled.
    public static func application(
        dependencies: ServerDependencies, configuration: ServerConfiguration, latestMigration: Int, logger: Logger
    ) -> some ApplicationProtocol {
        var app = Application(
            router: router(dependencies: dependencies, configuration: configuration, latestMigration: latestMigration),
            server: .http1(additionalChannelHandlers: [ConnectCloser()]),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ocop"),
            logger: logger)
        if configuration.runsTimers {
            app.addServices(TimerWorker(dependencies: dependencies, interval: .seconds(5), logger: logger))
        }
        if configuration.runsOutbox {
            app.addServices(OutboxWorker(dependencies: dependencies, interval: .seconds(2), logger: logger))
        }
        if let schedule = configuration.anchoring {
            app.addServices(AnchorWorker(dependencies: dependencies, schedule: schedule, logger: logger))
        }
        return app
    }
}
