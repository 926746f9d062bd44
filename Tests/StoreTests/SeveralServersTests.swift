import Foundation
import LibPQ
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// Issue 15, several servers on one database: nothing relies on session state through PgBouncer in transaction mode
/// (the NTM import's staging table, the migrators' lock), LISTEN goes to a URL of its own or is replaced by polling, and
/// reports read a replica with a fallback to the primary. The PgBouncer tests run a real PgBouncer and are skipped only
/// when it is not installed (CI installs it).
@Suite("Several servers, one database")
struct SeveralServersTests {
    static let noBouncer: Comment = "pgbouncer is not installed (apt-get install pgbouncer; CI installs it)"

    @Test(.enabled(if: TestPgBouncer.isInstalled, noBouncer), .timeLimit(.minutes(5)))
    func listenThroughATransactionPoolerIsDetectedAndItsOwnURLWorks() async throws {
        let database = try await TestServer.shared.database()
        let bouncer = try TestPgBouncer(in: database)
        let pool = ConnectionPool(configuration: .init(conninfo: bouncer.conninfo(database: database.name), size: 2, connectionOptions: .init(preparedStatements: false)))
        defer { pool.shutdown() }
        // Through PgBouncer: the probe sent by another session never reaches the listening client.
        var through = pool.notifications(on: ["ocop_timer"]).makeAsyncIterator()
        await #expect {
            _ = try await through.next()
        } throws: { error in
            "\(error)".contains("LISTEN does not receive notifications")
        }
        // On the direct URL: NOTIFY sent through PgBouncer by the pool arrives.
        let received = try await Self.firstWakeUp(
            of: pool.notifications(on: ["ocop_timer"], conninfo: database.conninfo), poking: pool, channel: "ocop_timer")
        #expect(received)
    }

    @Test(.enabled(if: TestPgBouncer.isInstalled, noBouncer), .timeLimit(.minutes(5)))
    func timerAndOutboxWakeUpsOnTheirOwnURLAndOff() async throws {
        let database = try await TestServer.shared.database()
        let bouncer = try TestPgBouncer(in: database)
        let pool = ConnectionPool(configuration: .init(conninfo: bouncer.conninfo(database: database.name), size: 2, connectionOptions: .init(preparedStatements: false)))
        defer { pool.shutdown() }
        let store = WorkflowStore(pool: pool)
        let listening = Services(pool: pool, store: store, listening: .conninfo(database.conninfo))
        #expect(try await Self.firstWakeUp(of: listening.timerWakeUps(), poking: pool, channel: WorkflowStore.timerChannel))
        #expect(try await Self.firstWakeUp(of: listening.outbox.wakeUps(), poking: pool, channel: WorkflowStore.transitionChannel))
        // Off: the stream ends at once with an error saying so (the run loops then poll and log it).
        let polling = Services(pool: pool, store: store, listening: .off)
        var timers = polling.timerWakeUps().makeAsyncIterator()
        await #expect {
            _ = try await timers.next()
        } throws: { error in
            "\(error)".contains("LISTEN is off")
        }
        #expect(ListenRoute.resolve(option: nil, environment: ["OCOP_LISTEN_DATABASE_URL": "off"]) == .off)
        #expect(ListenRoute.resolve(option: "host=/x", environment: ["OCOP_LISTEN_DATABASE_URL": "off"]) == .conninfo("host=/x"))
        #expect(ListenRoute.resolve(option: nil, environment: [:]) == .pool)
    }

    @Test(.enabled(if: TestPgBouncer.isInstalled, noBouncer), .timeLimit(.minutes(5)))
    func theNTMImportRunsThroughPgBouncerTwice() async throws {
        let database = try await TestServer.shared.database()
        let bouncer = try TestPgBouncer(in: database, poolSize: 2)
        let connection = try Connection(conninfo: bouncer.conninfo(database: database.name), options: .init(preparedStatements: false))
        let units = ReferenceStore()
        let day = { (text: String) in LocalDate(iso: text)! }
        try units.add(.init(code: "ha-tinh", name: "Hà Tĩnh", kind: "province", parentCode: nil, validFrom: day("1991-10-01")), on: connection)
        try units.add(.init(code: "vu-quang", name: "Vũ Quang", kind: "district", parentCode: "ha-tinh", validFrom: day("2000-01-01")), on: connection)
        try units.add(.init(code: "duc-linh", name: "Đức Lĩnh", kind: "commune", parentCode: "vu-quang", validFrom: day("2000-01-01")), on: connection)
        let store = NTMAssessmentStore(
            criteria: try CriteriaCatalog.load(directory: OCOPFixture.repository.appendingPathComponent("workflows/criteria")))
        // The staging table lives and dies in its transaction: a second import, on whatever server connection PgBouncer
        // hands out, finds no leftover table.
        let first = try connection.transaction { try store.importCSV(NTMAssessmentTests.file(asOf: "30/09/2022"), fileName: "a.csv", by: "x", on: $0) }
        let second = try connection.transaction { try store.importCSV(NTMAssessmentTests.file(asOf: "31/10/2022"), fileName: "b.csv", by: "x", on: $0) }
        #expect(first.recorded == 20 && second.recorded == 20)
        let direct = try database.connect()
        #expect(try direct.query("SELECT count(*)::int AS n FROM ntm_assessment").single().decode("n", as: Int.self) == 40)
        #expect(try direct.query("SELECT count(*)::int AS n FROM pg_class WHERE relname = 'ntm_assessment_staging'").single().decode("n", as: Int.self) == 0)
    }

    @Test(.enabled(if: TestPgBouncer.isInstalled, noBouncer), .timeLimit(.minutes(5)))
    func twoMigratorsThroughPgBouncerAtOnceApplyEachVersionOnce() async throws {
        let template = try await TestServer.shared.database()
        let name = "\(template.name)_fresh"
        try template.connect().queryUnprepared("CREATE DATABASE \(identifier: name) TEMPLATE template0")
        let bouncer = try TestPgBouncer(in: template, poolSize: 2)
        let conninfo = bouncer.conninfo(database: name)
        let migrator = try Migrator()
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<2 {
                group.addTask {
                    try await blocking {
                        let connection = try Connection(conninfo: conninfo, options: .init(preparedStatements: false))
                        return try migrator.migrate(connection)
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0 += $1 }
        }
        #expect(applied.sorted() == migrator.migrations.map(\.version))
        let direct = try Connection(conninfo: try ConnectionString.replacingDatabase(in: template.conninfo, with: name))
        #expect(try direct.query("SELECT count(*)::int AS n FROM ocop_schema_migration").single().decode("n", as: Int.self) == migrator.migrations.count)
        // No lock outlives its transaction.
        #expect(try direct.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'").single().decode("n", as: Int.self) == 0)
    }

    @Test(.timeLimit(.minutes(5))) func reportsReadTheReplicaAndThePrimaryWhenItIsDown() async throws {
        let setup = try await NTMStandingTests.setup(units: [("duc-linh", "Đức Lĩnh")])
        let fixture = setup.fixture
        let builder = DistrictReportBuilder(workflows: fixture.store, criteria: setup.ntm.criteria)
        let day = LocalDate(iso: "2022-10-31")!
        // A "replica" that is another database without Vũ Quang: a report read there cannot find the district.
        let other = try await TestServer.shared.database()
        let replica = other.pool(size: 1)
        let onReplica = Services(pool: fixture.pool, store: fixture.store, reports: builder, reportPool: replica)
        defer { replica.shutdown() }
        await #expect(throws: ServiceError.self) { _ = try await onReplica.districtReport(district: "vq", asOf: day) }
        let up = await onReplica.reportDatabaseStatus()
        #expect(up?.replicaUp == true && up?.readsFrom == "replica" && up?.standby == false && up?.lagSeconds == 0)
        // A replica that cannot be reached: the report comes from the primary, and /readyz's status says so.
        let dead = ConnectionPool(configuration: .init(conninfo: "host=127.0.0.1 port=1 connect_timeout=2 dbname=none", size: 1))
        let fallback = Services(pool: fixture.pool, store: fixture.store, reports: builder, reportPool: dead)
        defer { dead.shutdown() }
        let report = try await fallback.districtReport(district: "vq", asOf: day)
        #expect(report?.district.code == "vq")
        let down = await fallback.reportDatabaseStatus()
        #expect(down?.readsFrom == "primary" && down?.replicaUp == false && down?.lagSeconds == nil)
    }

    /// Whether `stream` yields within 15 s while `pool` sends NOTIFY on `channel` every 200 ms (the listener may not
    /// be listening yet when the first is sent).
    static func firstWakeUp<T: Sendable>(
        of stream: AsyncThrowingStream<T, any Error>, poking pool: ConnectionPool, channel: String
    ) async throws -> Bool {
        let poker = Task {
            for _ in 0..<75 {
                try await pool.write { try $0.notify(channel, payload: "poke") }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        let waiter = Task {
            for try await _ in stream { return true }
            return false
        }
        let timer = Task {
            try await Task.sleep(for: .seconds(15))
            waiter.cancel()
        }
        defer {
            poker.cancel()
            timer.cancel()
        }
        return try await waiter.value
    }
}
