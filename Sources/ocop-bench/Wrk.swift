import Foundation

/// Runs wrk (C, event-driven, two threads at most on this machine) with a Lua script against the server.
struct Wrk {
    /// What wrk reported.
    struct Figures: Sendable {
        var requests = 0
        var seconds = 0.0
        /// Responses with a status other than 2xx or 3xx.
        var failures = 0

        var rate: Double { seconds > 0 ? Double(requests) / seconds : 0 }

        mutating func add(_ other: Figures) {
            requests += other.requests
            seconds += other.seconds
            failures += other.failures
        }
    }

    let baseURL: String
    let token: String
    let instances: ClosedRange<Int64>
    let folder: String

    /// `GET /api/v1/instances/{id}` on random instances.
    var statusScript: String {
        """
        wrk.headers["Authorization"] = "Bearer \(token)"
        math.randomseed(os.time())
        request = function()
          return wrk.format("GET", "/api/v1/instances/" .. math.random(\(instances.lowerBound), \(instances.upperBound)))
        end
        """
    }

    /// `POST /api/v1/instances/{id}/events/step` on random instances: valid from every state of the cycle.
    var fireScript: String {
        """
        wrk.headers["Authorization"] = "Bearer \(token)"
        wrk.headers["Content-Type"] = "application/json"
        wrk.body = "{}"
        math.randomseed(os.time())
        request = function()
          return wrk.format("POST", "/api/v1/instances/" .. math.random(\(instances.lowerBound), \(instances.upperBound)) .. "/events/step")
        end
        """
    }

    /// The soak's mix: 4 status reads, 3 fires, 2 authenticated 404s, 1 /readyz in every 10 requests.
    var mixedScript: String {
        """
        wrk.headers["Authorization"] = "Bearer \(token)"
        wrk.headers["Content-Type"] = "application/json"
        math.randomseed(os.time())
        local n = 0
        request = function()
          n = n + 1
          local k = n % 10
          local id = math.random(\(instances.lowerBound), \(instances.upperBound))
          if k < 4 then return wrk.format("GET", "/api/v1/instances/" .. id) end
          if k < 7 then return wrk.format("POST", "/api/v1/instances/" .. id .. "/events/step", nil, "{}") end
          if k < 9 then return wrk.format("GET", "/api/v1/instances/999999999") end
          return wrk.format("GET", "/readyz")
        end
        """
    }

    /// Runs `script` for `seconds` from `connections` connections.
    func run(script: String, connections: Int, seconds: Int) throws -> Figures {
        let process = try start(script: script, connections: connections, seconds: seconds)
        return try finish(process)
    }

    /// Starts wrk; ``finish(_:)`` waits for it and reads its report.
    func start(script: String, connections: Int, seconds: Int) throws -> (Process, Pipe, String) {
        let path = "\(folder)/ocop-wrk-\(getpid())-\(UUID().uuidString.prefix(8)).lua"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        process.arguments = ["-t", "\(min(2, connections))", "-c", "\(connections)", "-d", "\(seconds)s", "--timeout", "30s", "-s", path, baseURL]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, output, path)
    }

    func finish(_ started: (Process, Pipe, String)) throws -> Figures {
        let (process, output, path) = started
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let figures = Self.parse(text) else {
            throw BenchError("wrk failed (exit \(process.terminationStatus)):\n\(text)")
        }
        return figures
    }

    /// Reads `N requests in S s` and `Non-2xx or 3xx responses: F` from wrk's report.
    static func parse(_ report: String) -> Figures? {
        var figures = Figures()
        for line in report.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.contains(" requests in ") {
                let words = line.split(separator: " ")
                guard let requests = Int(words.first ?? ""), words.count >= 4 else { return nil }
                figures.requests = requests
                let duration = String(words[3]).trimmingCharacters(in: CharacterSet(charactersIn: ","))
                figures.seconds = seconds(duration) ?? 0
            } else if line.hasPrefix("Non-2xx or 3xx responses:") {
                figures.failures = Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
            }
        }
        return figures.seconds > 0 ? figures : nil
    }

    private static func seconds(_ text: String) -> Double? {
        if text.hasSuffix("ms") { return Double(text.dropLast(2)).map { $0 / 1000 } }
        if text.hasSuffix("m") { return Double(text.dropLast()).map { $0 * 60 } }
        if text.hasSuffix("s") { return Double(text.dropLast()) }
        return nil
    }
}
