import Foundation
import LibPQ
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Each test makes its own small cluster in a short temporary folder and removes it.
@Suite("Embedded PostgreSQL cluster")
struct LocalClusterTests {
    let root: String
    let cluster: LocalCluster

    init() throws {
        root = "/tmp/ocop-lc-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        var options = LocalCluster.Options()
        options.fastInit = true
        options.serverSettings = ["fsync": "off"]
        cluster = try LocalCluster(root: "\(root)/pg", options: options)
        try cluster.cleanUpAfterProcessExit(removing: root)
    }

    private func tearDown() {
        cluster.stopImmediately()
        try? FileManager.default.removeItem(atPath: root)
    }

    @Test func startsStopsAndRestarts() async throws {
        try await blocking { [self] in try startStopRestart() }
    }

    private func startStopRestart() throws {
        defer { tearDown() }
        #expect(!cluster.status().initialized)
        let conninfo = try cluster.start()
        let status = cluster.status()
        #expect(status.initialized && status.running)
        #expect(status.dataVersion == "15" || status.dataVersion?.isEmpty == false)
        let connection = try Connection(conninfo: conninfo)
        #expect(try connection.query("SELECT current_database() AS d").single().decode("d", as: String.self) == "ocop")
        // Unix socket only: no TCP listener.
        #expect(try connection.query("SHOW listen_addresses").single().decode(at: 0, as: String.self) == "")
        #expect(try connection.query("SHOW server_encoding").single().decode(at: 0, as: String.self) == "UTF8")
        #expect(try connection.query("SHOW lc_collate").single().decode(at: 0, as: String.self) == "C.UTF-8")
        try cluster.stop()
        #expect(!cluster.status().running)
        #expect(throws: DatabaseError.self) { try Connection(conninfo: conninfo) }
        try cluster.start()
        #expect(cluster.status().running)
        #expect(try Connection(conninfo: conninfo).query("SELECT 1 AS x").count == 1)
    }

    @Test func concurrentStartsInitialiseAndStartOnce() async throws {
        defer { tearDown() }
        let cluster = cluster
        let conninfos = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<3 {
                group.addTask { try await blocking { try cluster.start() } }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(conninfos).count == 1)
        #expect(cluster.status().running)
        let log = try String(contentsOfFile: cluster.logFile, encoding: .utf8)
        #expect(log.components(separatedBy: "database system is ready to accept connections").count - 1 == 1)
        #expect(!FileManager.default.fileExists(atPath: "\(cluster.storage)/data.initdb"))
    }

    @Test func recoversFromAStalePostmasterPid() async throws {
        try await blocking { [self] in try recoverFromStalePid() }
    }

    private func recoverFromStalePid() throws {
        defer { tearDown() }
        let conninfo = try cluster.start()
        let pid = try #require(cluster.status().pid)
        // A crash: the postmaster dies without removing postmaster.pid.
        kill(pid, SIGKILL)
        var waited = 0
        while LocalCluster.isProcessAlive(pid) && waited < 100 {
            usleep(50_000)
            waited += 1
        }
        #expect(FileManager.default.fileExists(atPath: "\(cluster.dataDirectory)/postmaster.pid"))
        #expect(!cluster.status().running)
        // Orphaned backends may need a moment to notice their postmaster is gone.
        usleep(500_000)
        try cluster.start()
        #expect(cluster.status().running)
        #expect(cluster.status().pid != pid)
        #expect(try Connection(conninfo: conninfo).query("SELECT 1 AS x").count == 1)
    }

    @Test func aHalfFinishedInitdbIsRedone() async throws {
        try await blocking { [self] in try redoHalfInitdb() }
    }

    private func redoHalfInitdb() throws {
        defer { tearDown() }
        try FileManager.default.createDirectory(atPath: "\(cluster.storage)/data.initdb", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(cluster.storage)/data.initdb/garbage", contents: Data("x".utf8))
        try cluster.start()
        #expect(cluster.status().running)
    }
}

@Suite("Embedded PostgreSQL: locations")
struct LocalClusterLocationTests {
    @Test func defaultRootFollowsXDGThenHome() {
        #expect(LocalCluster.defaultRoot(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/home/a"]) == "/x/data/ocop/pg")
        #expect(LocalCluster.defaultRoot(environment: ["HOME": "/home/a"]) == "/home/a/.local/share/ocop/pg")
        #expect(LocalCluster.defaultRoot(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/a"]) == "/home/a/.local/share/ocop/pg")
    }

    @Test func missingBinariesSayWhatToInstall() {
        do {
            _ = try PostgresBinaries.locate(environment: ["PATH": "/nonexistent", "OCOP_PG_BIN": "/nonexistent"])
            // On machines with /usr/lib/postgresql/*/bin the lookup still succeeds: that is the fallback working.
            #expect(FileManager.default.fileExists(atPath: "/usr/lib/postgresql"))
        } catch let error as LocalClusterError {
            #expect(error.code == .binariesNotFound)
            #expect(error.description.contains("apt-get install postgresql"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
