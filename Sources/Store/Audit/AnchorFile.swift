import Foundation
import Workflow

/// The append-only file of audit checkpoints, one JSON line each. Lines are only ever added — under an exclusive
/// `flock`, so a scheduled anchor and a cron one never interleave — and each is flushed to disk before the lock is let go.
public struct AnchorFile: Sendable {
    /// Where it is.
    public let path: String

    public init(path: String) { self.path = path }

    /// The file's lines (without their newlines; empty lines skipped), numbered from 1.
    public func lines() throws(ServiceError) -> [(number: Int, text: String)] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServiceError.badInput(vi: "không đọc được tệp mốc kiểm toán \(path)", en: "cannot read the anchor file \(path)")
        }
        return Self.split(data)
    }

    static func split(_ data: Data) -> [(number: Int, text: String)] {
        String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .compactMap { index, line in line.isEmpty ? nil : (index + 1, String(line)) }
    }

    /// Appends the line `make` builds from the lines already there, holding the file locked from reading to writing.
    public func append(_ make: ([(number: Int, text: String)]) throws(ServiceError) -> String) throws(ServiceError) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else {
            throw ServiceError.badInput(vi: "không mở được tệp mốc kiểm toán \(path): \(errnoText())", en: "cannot open the anchor file \(path): \(errnoText())")
        }
        defer { _ = close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else {
            throw ServiceError.badInput(vi: "không khóa được \(path): \(errnoText())", en: "cannot lock \(path): \(errnoText())")
        }
        defer { _ = flock(descriptor, LOCK_UN) }
        var existing = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        _ = lseek(descriptor, 0, SEEK_SET)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            guard count >= 0 else {
                throw ServiceError.badInput(vi: "không đọc được \(path): \(errnoText())", en: "cannot read \(path): \(errnoText())")
            }
            if count == 0 { break }
            existing.append(contentsOf: buffer[0..<count])
        }
        if let last = existing.last, last != UInt8(ascii: "\n") {
            throw ServiceError.badInput(
                vi: "dòng cuối của \(path) bị cắt dở (không kết thúc bằng xuống dòng); không ghi thêm mốc nào cho đến khi được kiểm tra",
                en: "the last line of \(path) is cut short (no newline at its end); no checkpoint is added until someone looks at it")
        }
        let line = Data((try make(Self.split(existing)) + "\n").utf8)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            throw ServiceError.badInput(vi: "không ghi được \(path): \(errnoText())", en: "cannot write \(path): \(errnoText())")
        }
    }
}
