import Foundation
import LibPQ

/// Runs the built `ocop` binary as a user would, with a chosen environment, and collects what it prints.
public struct CommandRunner: Sendable {
    /// What a run printed and how it ended.
    public struct Result: Sendable {
        /// The exit status.
        public let status: Int32
        /// Standard output.
        public let output: String
        /// Standard error.
        public let errors: String
    }

    /// The binary: beside the test bundle in the build folder.
    public let executable: URL
    /// The environment every run gets (plus per-run additions).
    public var environment: [String: String]

    /// Finds `ocop` next to the running test binary; `environment` defaults to this process's, without
    /// database variables, so runs use the embedded database unless a test says otherwise.
    public init(environment: [String: String]? = nil) {
        let buildFolder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        executable = buildFolder.appendingPathComponent("ocop")
        var base = environment ?? ProcessInfo.processInfo.environment
        for name in ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE", "DATABASE_URL", "OCOP_DATABASE_URL", "OCOP_LANG"] {
            base[name] = nil
        }
        self.environment = base
    }

    /// Runs `ocop arguments…` and waits on the calling thread: for cleanup in a `defer`, where nothing can be awaited
    /// and a detached task might not finish before the test process exits.
    @discardableResult
    public func runBlocking(_ arguments: [String], environment extra: [String: String] = [:]) -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment.merging(extra) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs `ocop arguments…` and waits for it, on a thread of its own.
    public func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> Result {
        let executable = executable
        let environment = self.environment.merging(extra) { $1 }
        return try await blocking {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.environment = environment
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            try process.run()
            // Read before waiting, so a large output cannot fill the pipe and block the child.
            let outData = output.fileHandleForReading.readDataToEndOfFile()
            let errData = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Result(
                status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
                errors: String(decoding: errData, as: UTF8.self))
        }
    }
}
