import Foundation
import LibPQ
import TestSupport

/// Runs the built `ocop-bench` (beside the test bundle, like `CommandRunner` finds `ocop`) as a separate process.
struct BenchProcess {
    /// What a run printed and how it ended.
    struct Result: Sendable {
        let status: Int32
        let output: String
        let errors: String
    }

    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("ocop-bench")
    }

    /// Runs `ocop-bench arguments…` on a thread of its own and waits for it.
    static func run(_ arguments: [String]) async throws -> Result {
        let executable = executable
        return try await blocking {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            try process.run()
            // stderr is drained on another thread so that neither pipe can fill up and block the child.
            let errorData = ErrorCollector(errors.fileHandleForReading)
            let outData = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Result(
                status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
                errors: String(decoding: errorData.wait(), as: UTF8.self))
        }
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class ErrorCollector: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
