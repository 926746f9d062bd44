import Foundation
import OCOP
import LibPQ
import Logging
import Store

/// What the server works with; built by the composition root (`ocop serve`) or by tests.
public struct ServerDependencies: Sendable {
    /// The database pool (the server's requests and the timer worker share it).
    public var pool: ConnectionPool
    /// The workflow store, with the guards and calendar the definitions need.
    public var workflows: WorkflowStore
    /// The OCOP services, for the `/api/v1/ocop/…` lists (nil: those answer 404).
    public var ocop: OCOPService?
    /// Builds the district report and the NTM progress views (`/api/v1/reports/…`, `/api/v1/ntm/…`, the dashboard's
    /// NTM and report pages); nil: those answer 404.
    public var reports: DistrictReportBuilder?
    /// The clock: business time for events fired over HTTP.
    public var now: @Sendable () -> Date
    /// How record fields are named on the dashboard (`workflows/labels/fields.yaml`).
    public var fieldLabels: FieldLabels

    /// Creates the dependencies.
    public init(
        pool: ConnectionPool, workflows: WorkflowStore, ocop: OCOPService? = nil, reports: DistrictReportBuilder? = nil,
        now: @escaping @Sendable () -> Date = { Date() }, fieldLabels: FieldLabels = FieldLabels()
    ) {
        self.fieldLabels = fieldLabels
        self.pool = pool
        self.workflows = workflows
        self.ocop = ocop
        self.reports = reports
        self.now = now
    }
}

/// Settings of the HTTP server.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The largest request body accepted (bytes); larger → 413.
    public var maxBodySize: Int
    /// Whether the server runs the timer worker in the background.
    public var runsTimers: Bool

    /// Loopback on 8080, 64 KiB bodies, timers on.
    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodySize: Int = 64 * 1024, runsTimers: Bool = true) {
        self.host = host
        self.port = port
        self.maxBodySize = maxBodySize
        self.runsTimers = runsTimers
    }
}
