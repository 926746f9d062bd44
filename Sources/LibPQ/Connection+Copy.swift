internal import CLibPQ
import Foundation

extension Connection {
    /// Streams rows into a table with `COPY … FROM STDIN` (text format) through libpq's COPY protocol
    /// (`PQputCopyData`, `PQputCopyEnd`): one statement and a stream of rows instead of one round trip per row.
    ///
    /// `statement` is the COPY statement, e.g. `COPY staging (a, b) FROM STDIN`; each row gives its fields in that
    /// order, nil for NULL. Values are escaped as COPY's text format requires; a NUL character, which a text value
    /// cannot hold, aborts the COPY (nothing is copied). Returns the number of rows copied.
    ///
    /// ```swift
    /// try conn.executeScript("CREATE TEMP TABLE staging (line int, unit text)")
    /// let copied = try conn.copyIn("COPY staging (line, unit) FROM STDIN", rows: [["2", "xa-son-kim-1"], ["3", nil]])
    /// ```
    @discardableResult
    public func copyIn(_ statement: String, rows: some Sequence<[String?]>) throws -> Int {
        if let interruptCheck, interruptCheck() { throw CancellationError() }
        try flushDeferred()
        guard let started = PQexec(handle, statement) else { throw connectionError(query: statement) }
        let status = PQresultStatus(started)
        if status != PGRES_COPY_IN {
            defer { PQclear(started) }
            if let failure = error(from: started, query: statement) { throw failure }
            throw DatabaseError(code: .server, message: "not a COPY … FROM STDIN statement", query: statement)
        }
        PQclear(started)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        var abort: String?
        rows: for row in rows {
            for (index, field) in row.enumerated() {
                if index > 0 { buffer.append(0x09) }
                guard let field else {
                    buffer.append(contentsOf: [0x5C, 0x4E])  // \N
                    continue
                }
                for byte in field.utf8 {
                    switch byte {
                    case 0:
                        abort = "a text value holds a NUL character"
                        break rows
                    case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])
                    case 0x09: buffer.append(contentsOf: [0x5C, 0x74])
                    case 0x0A: buffer.append(contentsOf: [0x5C, 0x6E])
                    case 0x0D: buffer.append(contentsOf: [0x5C, 0x72])
                    default: buffer.append(byte)
                    }
                }
            }
            buffer.append(0x0A)
            if buffer.count >= 1 << 16 {
                guard send(buffer) else {
                    abort = "sending the rows failed"
                    break
                }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if abort == nil, !buffer.isEmpty, !send(buffer) { abort = "sending the rows failed" }
        let ended = abort.map { reason in reason.withCString { PQputCopyEnd(handle, $0) } } ?? PQputCopyEnd(handle, nil)
        guard ended == 1 else { throw connectionError(query: statement) }
        // The COPY's own result, then the NULL that ends the command.
        var failure: DatabaseError?
        var copied = 0
        while let result = PQgetResult(handle) {
            if failure == nil, let error = error(from: result, query: statement) { failure = error }
            copied = Int(String(cString: PQcmdTuples(result))) ?? copied
            PQclear(result)
        }
        if let abort, failure == nil || failure?.sqlState == .queryCanceled {
            throw DatabaseError(code: .server, sqlState: .characterNotInRepertoire, message: abort, query: statement)
        }
        if let failure { throw failure }
        return copied
    }

    private func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { PQputCopyData(handle, $0, Int32(buffer.count)) == 1 }
        }
    }
}
