@testable import AdminServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LibPQ
import Logging
import Store
import Synchronization
import TestSupport
import Testing
import Workflow

/// Logs carry no personal data — no tokens, no passwords or sign-in secrets, no SQL DETAIL (row values) — and errors
/// are always logged (issue 16).
@Suite("logs: errors always, secrets never")
struct LogPrivacyTests {
    /// Keeps every log line (message and metadata) in memory.
    final class Capture: Sendable {
        private let lines = Mutex<[String]>([])
        var text: String { lines.withLock { $0.joined(separator: "\n") } }
        func append(_ line: String) { lines.withLock { $0.append(line) } }

        var logger: Logger {
            Logger(label: "ocop.test.capture") { _ in Handler(capture: self) }
        }

        struct Handler: LogHandler {
            let capture: Capture
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .trace
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(
                level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String, function: String,
                line: UInt
            ) {
                let all = metadata.merging(extra ?? [:]) { $1 }
                capture.append("\(level) \(message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
            }
        }
    }

    @Test func failingRequestsCarryingTokensAreLoggedWithoutThem() async throws {
        let fixture = try await ServerFixture.make()
        defer { fixture.pool.shutdown() }
        let capture = Capture()
        let valid = try #require(fixture.tokens["vpdp"])
        let forged = "ocop_forged_" + UUID().uuidString
        let signInSecret = "ocop_signin_" + UUID().uuidString
        try await fixture.application(requestLog: .errors, logger: capture.logger).test(.live) { client in
            // A valid token on a failing request (404), and in the query string too.
            let missing = try await client.execute(
                uri: "/api/v1/instances/999999?access_token=\(valid)", method: .get, headers: [.authorization: "Bearer \(valid)"])
            #expect(missing.status == .notFound)
            // A bad token (401), a bad token on a bad request.
            #expect(try await client.execute(uri: "/api/v1/instances", method: .get, headers: [.authorization: "Bearer \(forged)"]).status == .unauthorized)
            let fire = try await client.execute(
                uri: "/api/v1/instances/\(fixture.instanceA)/events/approve", method: .post,
                headers: [.authorization: "Bearer \(valid)", .contentType: "application/json"], body: ByteBuffer(string: "{\"token\": \"\(valid)\", \"x\": 1}"))
            #expect(fire.status == .badRequest)
            // A failed dashboard sign-in.
            let signIn = try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "token=\(signInSecret)"))
            #expect(signIn.status == .unauthorized)
        }
        let log = capture.text
        // Every failure was logged (with its status)…
        for status in ["status=404", "status=401", "status=400"] { #expect(log.contains(status), "\(status) not in:\n\(log)") }
        // …and no secret is anywhere in the log.
        for secret in [valid, forged, signInSecret] { #expect(!log.contains(secret), "a secret is in the log:\n\(log)") }
        #expect(!log.contains("Bearer"))
    }

    @Test func databaseErrorsAreLoggedWithoutTheirDetail() {
        let capture = Capture()
        let error = DatabaseError(
            code: .server, sqlState: SQLState(rawValue: "XX000"), message: "something broke", detail: "Key (phone)=(0912 345 678) already exists",
            query: "INSERT INTO contact (phone) VALUES ($1)")
        let problem = Problem.from(error, logger: capture.logger)
        #expect(problem.status == .internalServerError)
        #expect(capture.text.contains("something broke") && capture.text.contains("error unexpected error"))
        #expect(!capture.text.contains("0912 345 678"), "\(capture.text)")
        // Nor is it in the answer.
        #expect(!(problem.detail.vi + problem.detail.en).contains("0912 345 678"))
    }

    @Test func serverErrorsAreLoggedEvenWithTheRequestLogOff() async throws {
        let fixture = try await ServerFixture.make()
        let capture = Capture()
        let app = fixture.application(requestLog: .off, logger: capture.logger)
        // With the database gone, readiness is a 503: logged although the request log is off.
        fixture.pool.shutdown()
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/api/v1/instances", method: .get, headers: fixture.headers("vpdp"))
            #expect(response.status.code >= 500)
        }
        #expect(capture.text.contains("error request"), "\(capture.text)")
        #expect(!capture.text.contains("status=2"))
    }
}
