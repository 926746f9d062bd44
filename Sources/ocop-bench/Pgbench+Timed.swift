import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Pgbench {
    /// A single-row SELECT by id: the floor a status read can be compared with.
    static let selectByIDScript = """
        \\set id random(:first, :last)
        SELECT * FROM workflow_instance WHERE id = :id;

        """

    /// Runs `script` for `seconds` from `clients` connections (prepared statements, no vacuum); tps excludes connecting.
    func run(script: String, clients: Int, seconds: Int) throws -> Figures {
        let scriptPath = "\(folder)/ocop-pgbench-\(getpid())-\(UUID().uuidString.prefix(8)).sql"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: scriptPath) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "-n", "-M", "prepared", "-c", "\(clients)", "-j", "\(min(clients, 2))", "-T", "\(seconds)",
            "-D", "first=\(instances.lowerBound)", "-D", "last=\(instances.upperBound)", "-f", scriptPath, conninfo,
        ]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        // `-T` ends on pgbench's SIGALRM; a child inherits the spawning thread's signal mask, and Swift's concurrency
        // threads block nearly every signal (pgbench then runs on forever). Spawn it with nothing blocked.
        try Self.withNoSignalsBlocked { try process.run() }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let processed = text.split(separator: "\n").first { $0.hasPrefix("number of transactions actually processed: ") }
            .flatMap { Int($0.split(separator: ":").last?.split(separator: "/").first?.trimmingCharacters(in: .whitespaces) ?? "") } ?? 0
        guard process.terminationStatus == 0, let figures = Self.parse(text, transactions: processed) else {
            throw BenchError("pgbench failed (exit \(process.terminationStatus)):\n\(text)\(errorText)")
        }
        return figures
    }

    /// Runs `body` with this thread's signal mask empty, then restores the mask.
    static func withNoSignalsBlocked<T>(_ body: () throws -> T) rethrows -> T {
        var none = sigset_t()
        var saved = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        return try body()
    }
}
