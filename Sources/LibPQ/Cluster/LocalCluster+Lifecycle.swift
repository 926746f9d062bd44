import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

extension LocalCluster {
    /// Creates the cluster if needed, starts the server if it is not running, creates the database if missing,
    /// and returns the database's conninfo. Safe to call from several processes at once.
    @discardableResult
    public func start() throws -> String {
        try prepareStorage()
        let lock = try FileLock(path: lockFile)
        defer { lock.unlock() }
        if !FileManager.default.fileExists(atPath: "\(dataDirectory)/PG_VERSION") {
            try initialize()
        }
        if runningPID() == nil {
            try launch()
        }
        try ensureDatabase()
        return conninfo
    }

    /// Stops the server if it runs (fast shutdown: sessions are ended, transactions rolled back).
    public func stop() throws {
        guard FileManager.default.fileExists(atPath: storage) else { return }
        let lock = try FileLock(path: lockFile)
        defer { lock.unlock() }
        guard runningPID() != nil else { return }
        let outcome = try run([binaries.path("pg_ctl"), "stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60"])
        guard outcome.succeeded else { throw LocalClusterError(.stopFailed, path: dataDirectory, detail: outcome.output) }
    }

    /// Stops the server at once (no shutdown checkpoint) — for throwaway clusters.
    public func stopImmediately() {
        guard runningPID() != nil else { return }
        _ = try? run([binaries.path("pg_ctl"), "stop", "-D", dataDirectory, "-m", "immediate", "-w", "-t", "30"])
    }

    // MARK: - Steps

    private func prepareStorage() throws {
        // Parents with the default mode (the server account must be able to walk through them), then the
        // cluster's own folders private to the account that runs the server.
        let parent = (storage as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw LocalClusterError(.storageNotWritable, path: parent, detail: "\(error.localizedDescription)")
        }
        for directory in [storage, socketDirectory] {
            if mkdir(directory, 0o700) != 0 && errno != EEXIST {
                throw LocalClusterError(.storageNotWritable, path: directory, detail: String(cString: strerror(errno)))
            }
            if let account, chown(directory, account.uid, account.gid) != 0 {
                throw LocalClusterError(.storageNotWritable, path: directory, detail: String(cString: strerror(errno)))
            }
        }
    }

    private func initialize() throws {
        // initdb into a temporary directory, then rename: an interrupted initdb never leaves a half cluster behind.
        let staging = "\(storage)/data.initdb"
        try? FileManager.default.removeItem(atPath: staging)
        logger.info("creating embedded PostgreSQL cluster", metadata: ["path": "\(dataDirectory)"])
        var arguments = [
            binaries.path("initdb"), "-D", staging, "-U", options.superuser, "-E", "UTF8", "--locale=C.UTF-8",
            "--auth=trust", "--no-instructions",
        ]
        if options.fastInit { arguments.append("--no-sync") }
        let outcome = try run(arguments)
        guard outcome.succeeded else {
            try? FileManager.default.removeItem(atPath: staging)
            throw LocalClusterError(.initdbFailed, path: dataDirectory, detail: outcome.output)
        }
        let settings = """

            # Written by ocop: a private server on a unix socket, no TCP port.
            listen_addresses = ''
            unix_socket_directories = '\(socketDirectory)'
            unix_socket_permissions = 0700
            port = \(options.port)
            timezone = 'UTC'
            log_timezone = 'Asia/Ho_Chi_Minh'

            """
        guard let handle = FileHandle(forWritingAtPath: "\(staging)/postgresql.conf") else {
            throw LocalClusterError(.storageNotWritable, path: "\(staging)/postgresql.conf")
        }
        handle.seekToEndOfFile()
        handle.write(Data(settings.utf8))
        handle.closeFile()
        guard rename(staging, dataDirectory) == 0 else {
            throw LocalClusterError(.storageNotWritable, path: dataDirectory, detail: String(cString: strerror(errno)))
        }
    }

    private func launch() throws {
        // A postmaster.pid whose process is gone (or is not postgres) is stale: the server would refuse to start.
        let pidFile = "\(dataDirectory)/postmaster.pid"
        let crashed = FileManager.default.fileExists(atPath: pidFile)
        if crashed {
            logger.notice("removing stale postmaster.pid", metadata: ["path": "\(pidFile)"])
            unlink(pidFile)
        }
        var arguments = [binaries.path("pg_ctl"), "start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60"]
        if !options.serverSettings.isEmpty {
            let flags = options.serverSettings.sorted { $0.key < $1.key }.map { "-c \($0.key)=\($0.value)" }
            arguments += ["-o", flags.joined(separator: " ")]
        }
        // After a crash the dead postmaster's children may hold its shared memory for a moment, and the new
        // server refuses to start until they are gone: try again for a few seconds.
        var attempt = 1
        while true {
            let outcome = try run(arguments)
            if outcome.succeeded, runningPID() != nil { return }
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            let tail = log.split(separator: "\n").suffix(8).joined(separator: "\n")
            if crashed, attempt < 10, tail.contains("shared memory block") || tail.contains("lock file") {
                unlink(pidFile)
                usleep(500_000)
                attempt += 1
                continue
            }
            throw LocalClusterError(.startFailed, path: dataDirectory, detail: [outcome.output, tail].joined(separator: "\n"))
        }
    }

    private func ensureDatabase() throws {
        do {
            let connection = try Connection(conninfo: conninfo(database: "postgres"), logger: logger)
            let exists = try connection.query("SELECT 1 FROM pg_database WHERE datname = \(options.database)").count == 1
            if !exists {
                do {
                    try connection.queryUnprepared("CREATE DATABASE \(identifier: options.database)")
                } catch let error as DatabaseError where error.sqlState == .duplicateDatabase {
                    // Created meanwhile by another process: fine.
                }
            }
        } catch let error as DatabaseError {
            throw LocalClusterError(.databaseSetupFailed, path: dataDirectory, detail: error.description)
        }
    }

    /// Runs a server program, as the service account when we are root.
    func run(_ arguments: [String]) throws -> Subprocess.Outcome {
        if let account {
            return try Subprocess.run([account.runuser, "-u", account.name, "--"] + arguments, in: storage)
        }
        return try Subprocess.run(arguments, in: storage)
    }
}

extension LocalCluster {
    /// For throwaway clusters: once this process is gone, even after a crash, a detached watchdog stops the
    /// server and deletes `directory` (which should contain the cluster).
    public func cleanUpAfterProcessExit(removing directory: String) throws {
        var stopCommand = [binaries.path("pg_ctl"), "stop", "-D", dataDirectory, "-m", "immediate", "-w", "-t", "30"]
        if let account { stopCommand = [account.runuser, "-u", account.name, "--"] + stopCommand }
        let quoted = (stopCommand.map(Self.shellQuoted) + [">/dev/null", "2>&1"]).joined(separator: " ")
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(quoted); rm -rf \(Self.shellQuoted(directory))"
        try Subprocess.launchDetached(["/bin/sh", "-c", script])
    }

    private static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
