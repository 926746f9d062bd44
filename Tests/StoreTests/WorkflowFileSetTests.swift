import Foundation
import LibPQ
import Store
import TestSupport
import Testing
import Workflow

/// Issue 15: every command re-registered every workflow file in a write transaction, taking a `workflow_definition`
/// id each time (511 after a few hundred commands). The same files are now found with one read and registered never
/// again; a changed file is a new version and a new set.
@Suite("Workflow files: registered once, found again by their hashes")
struct WorkflowFileSetTests {
    @Test func theSameFilesAreFoundAgainWithoutWritesOrIDs() async throws {
        let database = try await TestServer.shared.database()
        let pool = database.pool(size: 1)
        defer { pool.shutdown() }
        let folder = URL(fileURLWithPath: "/tmp/ocop-wfs-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("review.yaml")
        try WorkflowFixture.reviewYAML.write(to: file, atomically: true, encoding: .utf8)

        let ids = try await WorkflowStore(pool: pool).register(directory: folder)
        #expect(ids.keys.sorted() == ["review"])
        let check = try database.connect()
        func counters() throws -> [Int] {
            let row = try check.query(
                """
                SELECT (SELECT last_value FROM workflow_definition_id_seq)::int AS seq, (SELECT count(*) FROM workflow_definition)::int AS defs,
                       (SELECT count(*) FROM workflow_file_set)::int AS sets
                """
            ).single()
            return [try row.decode("seq"), try row.decode("defs"), try row.decode("sets")]
        }
        let before = try counters()
        #expect(before[2] == 1)
        for _ in 0..<5 {
            // A new process, in effect: nothing cached.
            let store = WorkflowStore(pool: pool)
            let files = WorkflowFileSet.read(directory: folder, guards: store.guards)
            let known = try await pool.withConnection { connection in try files.lookup(on: connection) }
            #expect(files.isRegistered(in: known))
            #expect(try await store.register(files, known: known) == ids)
            // The version adopted without parsing is parsed when first used.
            let started = try await store.start(workflow: "review", actor: WorkflowFixture.district, now: WorkflowFixture.t0)
            #expect(started.definitionID == ids["review"])
        }
        #expect(try counters() == before)

        // A changed file: a new version and a new set, registered once.
        try (WorkflowFixture.reviewYAML + "\n# sửa đổi\n").write(to: file, atomically: true, encoding: .utf8)
        let changed = try await WorkflowStore(pool: pool).register(directory: folder)
        #expect(changed["review"] != ids["review"])
        let afterChange = try counters()
        #expect(afterChange[1] == before[1] + 1)
        #expect(afterChange[2] == before[2] + 1)
        #expect(try await WorkflowStore(pool: pool).register(directory: folder) == changed)
        #expect(try counters() == afterChange)
        // Back to the first text: its version and set are found again, nothing new is written.
        try WorkflowFixture.reviewYAML.write(to: file, atomically: true, encoding: .utf8)
        #expect(try await WorkflowStore(pool: pool).register(directory: folder) == ids)
        #expect(try counters() == afterChange)
    }

    @Test func aBrokenFileIsReportedWithItsPlaceEvenWhenTheOthersAreKnown() async throws {
        let database = try await TestServer.shared.database()
        let pool = database.pool(size: 1)
        defer { pool.shutdown() }
        let folder = URL(fileURLWithPath: "/tmp/ocop-wfs-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try WorkflowFixture.reviewYAML.write(to: folder.appendingPathComponent("review.yaml"), atomically: true, encoding: .utf8)
        try await WorkflowStore(pool: pool).register(directory: folder)
        try "name: broken\nstates: [\n".write(to: folder.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        await #expect(throws: DefinitionErrors.self) { try await WorkflowStore(pool: pool).register(directory: folder) }
    }
}
