import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One request written byte for byte to a fresh TCP connection, and whatever comes back until the server closes the
/// connection or `timeout` passes — for what an HTTP client library would not send (CONNECT) or would hide (a hang).
enum RawHTTP {
    struct Exchange {
        /// Everything read.
        var text: String
        /// Whether the server closed the connection before the timeout.
        var closed: Bool
        /// How long it took.
        var elapsed: Duration

        /// The status code of the first response line.
        var status: Int? {
            let line = text.split(separator: "\r\n", maxSplits: 1).first ?? ""
            let parts = line.split(separator: " ")
            return parts.count >= 2 ? Int(parts[1]) : nil
        }

        /// A header of the first response (case-insensitive name).
        func header(_ name: String) -> String? {
            let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
            for line in head.split(separator: "\r\n").dropFirst() {
                let pair = line.split(separator: ":", maxSplits: 1)
                if pair.count == 2, pair[0].lowercased() == name.lowercased() { return pair[1].trimmingCharacters(in: .whitespaces) }
            }
            return nil
        }
    }

    static func send(_ request: String, port: Int, timeout: Duration = .seconds(5)) throws -> Exchange {
        let started = ContinuousClock.now
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var tick = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tick, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var closed = false
        while ContinuousClock.now - started < timeout {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { closed = true; break }
            if count > 0 { received += buffer[0..<count] }
        }
        return Exchange(text: String(decoding: received, as: UTF8.self), closed: closed, elapsed: ContinuousClock.now - started)
    }
}
