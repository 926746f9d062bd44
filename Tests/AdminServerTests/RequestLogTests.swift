@testable import AdminServer
import Testing

/// The request log's modes (`ocop serve --request-log`, `OCOP_REQUEST_LOG`): failures are always kept unless off.
@Suite("request log: all, errors, sample:N, off")
struct RequestLogTests {
    @Test func parsing() {
        #expect(RequestLog(text: "all") == .all)
        #expect(RequestLog(text: "ERRORS") == .errors)
        #expect(RequestLog(text: "off") == .off)
        #expect(RequestLog(text: "sample:100") == .sample(100))
        for bad in ["", "sample", "sample:0", "sample:-1", "sample:x", "some"] { #expect(RequestLog(text: bad) == nil, "\(bad)") }
    }

    @Test func decisions() {
        let sample = RequestLog.sample(10)
        let logged = (1...100).filter { sample.logs(status: 200, sequence: UInt64($0)) }
        #expect(logged.count == 10)
        #expect((1...100).allSatisfy { sample.logs(status: 500, sequence: UInt64($0)) })
        #expect(RequestLog.errors.logs(status: 404, sequence: 1) && !RequestLog.errors.logs(status: 200, sequence: 1))
        #expect(!RequestLog.off.logs(status: 500, sequence: 1))
        #expect(RequestLog.all.logs(status: 200, sequence: 7))
    }
}
