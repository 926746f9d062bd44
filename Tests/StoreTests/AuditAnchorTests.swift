import Foundation
import LibPQ
import Store
import TestSupport
import Testing
import Workflow

/// The ways an insider with the database's superuser (triggers disabled) rewrites history, each on one instance.
enum Tamper: String, CaseIterable, Sendable, CustomStringConvertible {
    /// A middle row's actor changed; nothing recomputed.
    case edit
    /// A middle row's content changed and its hash and every later link recomputed: the chain alone is consistent.
    case consistentRehash
    /// Row 2 deleted.
    case deleteMiddle
    /// The last row deleted, the instance's state and version put back to match.
    case deleteLastWithVersionFixUp
    /// Rows 2 and 3 swapped, and the chain recomputed.
    case reorder
    /// `recorded_at` of a row moved a day back.
    case recordedAt

    var description: String { rawValue }

    /// Whether the chain on its own (no anchors) shows it.
    var chainAloneShowsIt: Bool {
        switch self {
        case .edit, .deleteMiddle, .recordedAt: true
        case .consistentRehash, .deleteLastWithVersionFixUp, .reorder: false
        }
    }

    /// Re-links and re-hashes rows `from`… of an instance with the database's own formula, as an insider would.
    static func rehash(_ id: Int64, from seq: Int) -> String {
        """
        DO $$
        DECLARE r record; previous text := (SELECT hash FROM workflow_transition WHERE instance_id = \(id) AND seq = \(seq - 1));
        BEGIN
            FOR r IN SELECT seq FROM workflow_transition WHERE instance_id = \(id) AND seq >= \(seq) ORDER BY seq LOOP
                UPDATE workflow_transition SET prev_hash = previous WHERE instance_id = \(id) AND seq = r.seq;
                UPDATE workflow_transition t SET hash = workflow_transition_hash(t) WHERE instance_id = \(id) AND seq = r.seq
                    RETURNING hash INTO previous;
            END LOOP;
        END $$;
        """
    }

    /// The SQL, run as the superuser with the triggers off. Instances have 4 rows: DRAFT, SUBMITTED, DRAFT, SUBMITTED.
    func sql(_ id: Int64) -> String {
        let body: String
        switch self {
        case .edit:
            body = "UPDATE workflow_transition SET actor = 'người khác' WHERE instance_id = \(id) AND seq = 2;"
        case .consistentRehash:
            body = "UPDATE workflow_transition SET comment = 'đã sửa' WHERE instance_id = \(id) AND seq = 2;\n" + Self.rehash(id, from: 2)
        case .deleteMiddle:
            body = "DELETE FROM workflow_transition WHERE instance_id = \(id) AND seq = 2;"
        case .deleteLastWithVersionFixUp:
            body = """
                DELETE FROM workflow_transition WHERE instance_id = \(id) AND seq = 4;
                UPDATE workflow_instance SET version = 3, state = 'DRAFT' WHERE id = \(id);
                """
        case .reorder:
            body = """
                UPDATE workflow_transition SET seq = 100 WHERE instance_id = \(id) AND seq = 2;
                UPDATE workflow_transition SET seq = 2 WHERE instance_id = \(id) AND seq = 3;
                UPDATE workflow_transition SET seq = 3 WHERE instance_id = \(id) AND seq = 100;
                """ + Self.rehash(id, from: 2)
        case .recordedAt:
            body = "UPDATE workflow_transition SET recorded_at = recorded_at - interval '1 day' WHERE instance_id = \(id) AND seq = 3;"
        }
        return "SET session_replication_role = replica;\n\(body)\nSET session_replication_role = origin;"
    }
}

/// A folder for a key and an anchor file, removed after the test.
final class AuditFolder: @unchecked Sendable {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "ocop-audit-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    var key: String { path + "/audit.key" }
    var anchors: String { path + "/anchors.jsonl" }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite("Audit: hash v2, anchors, tampering")
struct AuditAnchorTests {
    /// Instances with four history rows each.
    static func instances(_ count: Int, in fixture: WorkflowFixture) async throws -> [Int64] {
        var ids: [Int64] = []
        for index in 0..<count {
            let created = try await fixture.store.start(
                workflow: "review", actor: WorkflowFixture.district, data: ["n": .int(Int64(index))], now: WorkflowFixture.t0)
            for (event, actor) in [("submit", WorkflowFixture.producer), ("reopen", WorkflowFixture.district), ("submit", WorkflowFixture.producer)] {
                _ = try await fixture.store.fire(
                    FireRequest(instanceID: created.id, event: event, actor: actor, comment: "bước \(event) — ghi chú", now: WorkflowFixture.t0))
            }
            ids.append(created.id)
        }
        return ids
    }

    @Test(arguments: Tamper.allCases)
    func eachTamperingIsReportedOnTheTamperedInstanceOnly(_ tamper: Tamper) async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let folder = try AuditFolder()
        let audit = AuditService(store: fixture.store)
        let ids = try await Self.instances(3, in: fixture)
        _ = try AuditService.makeKey(at: folder.key)
        _ = try await audit.anchor(anchorFile: folder.anchors, keyFile: folder.key, at: WorkflowFixture.t0)
        #expect(try await audit.verify(anchorFile: folder.anchors).findings.isEmpty)

        try fixture.database.connect().executeScript(tamper.sql(ids[1]))

        let alone = try await audit.verify()
        #expect(!alone.findings.isEmpty == tamper.chainAloneShowsIt, "\(alone.findings)")
        let report = try await audit.verify(anchorFile: folder.anchors, publicKeyFile: folder.key + ".pub")
        #expect(Set(report.findings.map(\.instanceID)) == [ids[1]], "\(report.findings)")
        // Grouped: one finding for one tampering, whatever follows it.
        #expect(report.findings.count == 1, "\(report.findings)")
        #expect(report.checkpoints == 1)
    }

    @Test func allTamperingsAtOnceAreReportedExactlyOnTheirInstances() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let folder = try AuditFolder()
        let audit = AuditService(store: fixture.store)
        let ids = try await Self.instances(Tamper.allCases.count + 3, in: fixture)
        _ = try AuditService.makeKey(at: folder.key)
        _ = try await audit.anchor(anchorFile: folder.anchors, keyFile: folder.key, at: WorkflowFixture.t0)
        // More history after the first checkpoint, then a second one: both are held.
        _ = try await fixture.store.fire(FireRequest(instanceID: ids.last!, event: "reopen", actor: WorkflowFixture.district, now: WorkflowFixture.t0))
        let second = try await audit.anchor(anchorFile: folder.anchors, keyFile: folder.key, at: WorkflowFixture.t0.addingTimeInterval(3600)).checkpoint
        #expect(second.number == 2 && second.heads.map(\.instanceID) == [ids.last!] && second.chains == ids.count)

        var tampered: [Int64: Tamper] = [:]
        for (index, tamper) in Tamper.allCases.enumerated() {
            try fixture.database.connect().executeScript(tamper.sql(ids[index]))
            tampered[ids[index]] = tamper
        }
        let report = try await audit.verify(anchorFile: folder.anchors)
        #expect(Set(report.findings.compactMap(\.instanceID)) == Set(tampered.keys), "\(report.findings)")
        // The next checkpoint notices the chains whose head went back (truncated, or rewritten up to the head).
        let third = try await audit.anchor(anchorFile: folder.anchors, keyFile: folder.key, at: WorkflowFixture.t0.addingTimeInterval(7200))
        #expect(Set(third.regressed.map(\.instanceID)) == [ids[1], ids[3], ids[4]], "\(third.regressed)")
        // A later checkpoint of the tampered state does not whitewash the earlier ones.
        #expect(try await audit.verify(anchorFile: folder.anchors).findings.map(\.instanceID) == report.findings.map(\.instanceID))
        #expect(report.findings.allSatisfy { $0.instanceID != nil })
        let kinds = Dictionary(grouping: report.findings, by: { tampered[$0.instanceID!]! }).mapValues { Set($0.map(\.kind)) }
        #expect(kinds[.edit] == [.rowAltered])
        #expect(kinds[.consistentRehash] == [.anchorMismatch])
        #expect(kinds[.deleteMiddle] == [.sequenceGap])
        #expect(kinds[.deleteLastWithVersionFixUp] == [.historyTruncated])
        #expect(kinds[.reorder] == [.anchorMismatch])
        #expect(kinds[.recordedAt] == [.rowAltered])
    }

    @Test func deletingAMiddleRowOfALongHistoryIsOneFinding() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let created = try await fixture.store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0)
        for _ in 0..<30 {
            _ = try await fixture.store.fire(FireRequest(instanceID: created.id, event: "submit", actor: WorkflowFixture.producer, now: WorkflowFixture.t0))
            _ = try await fixture.store.fire(FireRequest(instanceID: created.id, event: "reopen", actor: WorkflowFixture.district, now: WorkflowFixture.t0))
        }
        try fixture.database.connect().executeScript(
            "SET session_replication_role = replica; DELETE FROM workflow_transition WHERE instance_id = \(created.id) AND seq IN (10, 11);")
        let report = try await fixture.store.verifyAudit()
        #expect(report.rows == 59)
        #expect(report.findings.count == 1, "\(report.findings)")
        #expect(report.findings.first?.kind == .sequenceGap && report.findings.first?.seq == 10 && report.findings.first?.throughSeq == 11)
        #expect(report.findings.first?.message.vi == "thiếu dòng 10–11 của lịch sử (bị xóa)")
    }

    @Test func theSwiftFormulasAgreeWithTheDatabasesAndCoverEveryColumn() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let ids = try await Self.instances(2, in: fixture)
        _ = try await fixture.store.fire(
            FireRequest(
                instanceID: ids[0], event: "reopen", actor: WorkflowFixture.district, input: [:], comment: "chữ \"ngoặc\", gạch \\ và 🌾",
                legalRef: "12/QĐ-UBND", idempotencyKey: "k-1", now: WorkflowFixture.t0))
        let connection = try fixture.database.connect()
        let database = try connection.query(
            "SELECT instance_id, seq, hash, workflow_transition_hash_v1(t) AS v1 FROM workflow_transition t ORDER BY instance_id, seq")
        let rows = try await fixture.store.storedHistoryRows()
        #expect(rows.count == database.count && rows.count == 9)
        for (row, stored) in zip(rows, database) {
            #expect(row.hashVersion == 2)
            #expect(HistoryDigest.version2(row) == (try stored.decode("hash", as: String.self)))
            #expect(HistoryDigest.version1(row) == (try stored.decode("v1", as: String.self)))
        }
        // A column added to the history without a new hash version would go unprotected.
        var columns = try await fixture.store.historyColumns()
        columns.remove("hash")
        #expect(columns == StoredHistoryRow.hashedColumns)
    }

    @Test func checkpointsThatWereEditedRemovedOrSignedByAnotherKeyAreReported() async throws {
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        let folder = try AuditFolder()
        let audit = AuditService(store: fixture.store)
        let ids = try await Self.instances(2, in: fixture)
        _ = try AuditService.makeKey(at: folder.key)
        for hour in 0..<3 {
            _ = try await fixture.store.fire(
                FireRequest(instanceID: ids[hour % 2], event: "reopen", actor: WorkflowFixture.district, now: WorkflowFixture.t0))
            _ = try await audit.anchor(anchorFile: folder.anchors, keyFile: folder.key, at: WorkflowFixture.t0.addingTimeInterval(Double(hour) * 3600))
            _ = try await fixture.store.fire(
                FireRequest(instanceID: ids[hour % 2], event: "submit", actor: WorkflowFixture.producer, now: WorkflowFixture.t0))
        }
        #expect(try await audit.verify(anchorFile: folder.anchors).findings.isEmpty)
        let lines = try String(contentsOfFile: folder.anchors, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)

        // Line 2 removed: checkpoint 3 no longer follows the line before it.
        try (lines[0] + "\n" + lines[2] + "\n").write(toFile: folder.anchors, atomically: true, encoding: .utf8)
        var report = try await audit.verify(anchorFile: folder.anchors)
        #expect(report.findings.map(\.kind) == [.checkpointInvalid] && report.findings.first?.checkpoint == 3, "\(report.findings)")

        // A head edited in line 2: its Merkle root no longer matches.
        let edited = lines[1].replacingOccurrences(of: "[\(ids[1]),", with: "[\(ids[1] + 1000),")
        try ([lines[0], edited, lines[2]].joined(separator: "\n") + "\n").write(toFile: folder.anchors, atomically: true, encoding: .utf8)
        report = try await audit.verify(anchorFile: folder.anchors)
        #expect(report.findings.contains { $0.kind == .checkpointInvalid && $0.checkpoint == 2 }, "\(report.findings)")
        #expect(report.findings.allSatisfy { $0.instanceID == nil })

        // The file intact, but checked against another pinned key.
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder.anchors, atomically: true, encoding: .utf8)
        let other = try AuditFolder()
        _ = try AuditService.makeKey(at: other.key)
        report = try await audit.verify(anchorFile: folder.anchors, publicKeyFile: other.key + ".pub")
        #expect(report.findings.count == 3 && report.findings.allSatisfy { $0.kind == .checkpointInvalid }, "\(report.findings)")
    }

    @Test func keysAreMadePrivateAndNeverReplaced() async throws {
        let folder = try AuditFolder()
        _ = try AuditService.makeKey(at: folder.key)
        let mode = try FileManager.default.attributesOfItem(atPath: folder.key)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: ServiceError.self) { try AuditService.makeKey(at: folder.key) }
        // A key others can read is refused when anchoring.
        _ = chmod(folder.key, 0o644)
        let fixture = try await WorkflowFixture.make()
        defer { fixture.pool.shutdown() }
        await #expect(throws: ServiceError.self) {
            try await AuditService(store: fixture.store).anchor(anchorFile: folder.anchors, keyFile: folder.key, at: WorkflowFixture.t0)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.anchors))
    }
}

extension AuditAnchorTests {
    /// A database as it stood before migration 0016, with history in it, then upgraded: nothing is re-hashed, the old
    /// rows verify under their own formula, new rows are version 2, and a row put back to the old formula is caught.
    @Test func anExistingDatabaseKeepsItsOldRowsVerifiableAfterTheUpgrade() async throws {
        let test = try await TestServer.shared.database()
        let name = "\(test.name)_old"
        try test.connect().queryUnprepared("CREATE DATABASE \(identifier: name)")
        let conninfo = try ConnectionString.replacingDatabase(in: test.conninfo, with: name)
        let shipped = try Migrator().migrations
        try Migrator(migrations: shipped.filter { $0.version < 16 }).migrate(try Connection(conninfo: conninfo))
        let pool = ConnectionPool(configuration: .init(conninfo: conninfo, size: 2))
        defer { pool.shutdown() }
        let store = WorkflowStore(pool: pool)
        try await store.register(yaml: WorkflowFixture.reviewYAML, path: "Fixtures/review.yaml")
        let created = try await store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0)
        _ = try await store.fire(FireRequest(instanceID: created.id, event: "submit", actor: WorkflowFixture.producer, now: WorkflowFixture.t0))
        let before = try Connection(conninfo: conninfo).query("SELECT hash FROM workflow_transition ORDER BY seq").map { try $0.decode("hash", as: String.self) }

        try Migrator(migrations: shipped).migrate(try Connection(conninfo: conninfo))
        let after = try await store.storedHistoryRows()
        #expect(after.map(\.hash) == before)
        #expect(after.map(\.hashVersion) == [1, 1])
        _ = try await store.fire(FireRequest(instanceID: created.id, event: "reopen", actor: WorkflowFixture.district, now: WorkflowFixture.t0))
        _ = try await store.fire(FireRequest(instanceID: created.id, event: "submit", actor: WorkflowFixture.producer, now: WorkflowFixture.t0))
        #expect(try await store.storedHistoryRows().map(\.hashVersion) == [1, 1, 2, 2])
        #expect(try await store.verifyAudit().findings.isEmpty)

        // Row 4 put back to the old formula (which does not cover recorded_at), its hash recomputed to match.
        try Connection(conninfo: conninfo).executeScript(
            """
            SET session_replication_role = replica;
            UPDATE workflow_transition SET hash_version = 1, recorded_at = recorded_at - interval '1 day' WHERE instance_id = \(created.id) AND seq = 4;
            UPDATE workflow_transition t SET hash = workflow_transition_hash(t) WHERE instance_id = \(created.id) AND seq = 4;
            """)
        let report = try await store.verifyAudit()
        #expect(report.findings.map(\.kind) == [.hashVersionDowngraded], "\(report.findings)")
    }
}
