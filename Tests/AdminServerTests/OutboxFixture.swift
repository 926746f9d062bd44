import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import LibPQ
import Logging
import NIOCore
import Store
import TestSupport
import Workflow

/// A database with a small certificate-like workflow whose event notifies the producer (CT), producers in both
/// languages and an officer, the real notification templates, and helpers to run the relay against real receivers.
struct OutboxFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let database: TestDatabase
    let pool: ConnectionPool
    let store: WorkflowStore
    let services: Services
    let templates: NotificationCatalog

    static let noticeYAML = """
        workflow: notice
        version: "test-1"
        title: { vi: Giấy chứng nhận thử, en: Test certificate }
        roles: [CT, HUYEN, SYSTEM]
        initial: VALID
        states:
          VALID:  { vi: Còn hiệu lực, en: Valid }
          NOTICE: { vi: Đã thông báo sắp hết hiệu lực, en: Expiry notice sent, final: true }
        events:
          - name: send_notice
            from: VALID
            to: NOTICE
            roles: [HUYEN, SYSTEM]
            effects:
              - notify: [CT]
                message: certificate_expiring
        """

    /// The data of a certificate of "Nước mắm Nhật Lệ", 4 stars, expiring on 21/02/2025.
    static let certificateData: [String: JSONValue] = [
        "product_name": .string("Nước mắm Nhật Lệ"), "subject_name": .string("HTX Thủy sản Quảng Phúc"), "expires_on": .string("2025-02-21"),
        "star": .int(4),
    ]

    static func make() async throws -> OutboxFixture {
        let database = try await TestServer.shared.database()
        let pool = database.pool(size: 6)
        let store = WorkflowStore(pool: pool)
        try await store.register(yaml: noticeYAML, path: "notice.yaml")
        let templates = try NotificationCatalog.load(directory: repository.appendingPathComponent("workflows/notifications"))
        let connection = try database.connect()
        let units = ReferenceStore()
        let day = LocalDate(iso: "2000-01-01")!
        try units.add(.init(code: "ha-tinh", name: "Hà Tĩnh", kind: "province", parentCode: nil, validFrom: day), on: connection)
        try units.add(.init(code: "vu-quang", name: "Vũ Quang", kind: "district", parentCode: "ha-tinh", validFrom: day), on: connection)
        try units.add(.init(code: "xa-a", name: "Xã A", kind: "commune", parentCode: "vu-quang", validFrom: day), on: connection)
        let users = UserStore()
        let people: [(String, String, UserStore.Grant)] = [
            ("ct-a", "vi", .init(role: "CT", subjectID: "subject-a")), ("ct-en", "en", .init(role: "CT", subjectID: "subject-a")),
            ("ct-b", "vi", .init(role: "CT", subjectID: "subject-b")), ("huyen", "vi", .init(role: "HUYEN", unitCode: "vu-quang")),
            ("admin", "vi", .init(role: "ADMIN")),
        ]
        for (id, language, grant) in people {
            try users.add(id: id, name: "Người \(id)", language: language, on: connection)
            try users.grant(grant, to: id, by: "admin", on: connection)
        }
        let services = Services(pool: pool, store: store, notifications: templates)
        return OutboxFixture(database: database, pool: pool, store: store, services: services, templates: templates)
    }

    /// A relay on this database with the given tuning (and the real channels).
    func relay(_ tune: (inout OutboxRelay.Configuration) -> Void = { _ in }, name: String = "test") -> OutboxRelay {
        var configuration = OutboxRelay.Configuration()
        configuration.backoffBase = 0
        configuration.relayName = name
        tune(&configuration)
        return OutboxRelay(pool: pool, store: store, templates: templates, configuration: configuration)
    }

    /// Starts `count` records of subject-a and fires the notifying event on each (each writes one `notify` row).
    @discardableResult
    func notices(_ count: Int) async throws -> [Int64] {
        let district = WorkflowActor(id: "huyen", roles: ["HUYEN"])
        var ids: [Int64] = []
        for _ in 0..<count {
            let record = try await store.start(
                workflow: "notice", actor: district, data: Self.certificateData, subjectID: "subject-a", unitCode: "xa-a", now: Date())
            _ = try await store.fire(FireRequest(instanceID: record.id, event: "send_notice", actor: district, now: Date()))
            ids.append(record.id)
        }
        return ids
    }

    func count(_ sql: Query) throws -> Int {
        try database.connect().query(sql).single().decode(at: 0, as: Int.self)
    }
}

/// A webhook receiver on a free port: records every call, answers 500 to the first `failures` ones, checks nothing
/// itself (the tests check signatures and count by delivery id).
final class WebhookReceiver: @unchecked Sendable {
    struct Call: Sendable {
        var deliveryID: String
        var signature: String
        var body: Data
        var status: Int
    }

    private let lock = NSLock()
    private var calls: [Call] = []
    private var failuresLeft: Int
    private let delay: Duration
    private var task: Task<Void, any Error>?
    private(set) var port = 0

    init(failures: Int = 0, delay: Duration = .zero) {
        failuresLeft = failures
        self.delay = delay
    }

    var received: [Call] { lock.withLock { calls } }
    var url: String { "http://127.0.0.1:\(port)/hook" }

    func start() async throws {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            if self.delay > .zero { try await Task.sleep(for: self.delay) }
            let status = self.lock.withLock { () -> Int in
                let status = self.failuresLeft > 0 ? 500 : 200
                if self.failuresLeft > 0 { self.failuresLeft -= 1 }
                self.calls.append(
                    Call(
                        deliveryID: request.headers[HTTPField.Name("X-OCOP-Delivery")!] ?? "",
                        signature: request.headers[HTTPField.Name("X-OCOP-Signature")!] ?? "", body: Data(body.readableBytesView), status: status))
                return status
            }
            return Response(status: .init(code: status))
        }
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "test.webhook"))
        task = Task { try await app.run() }
        for await port in ports {
            self.port = port
            break
        }
    }

    func stop() {
        task?.cancel()
    }

    /// Whether a call's signature is the HMAC-SHA256 of its body under `secret`.
    static func verify(_ call: Call, secret: String) -> Bool {
        let mac = HMAC<SHA256>.authenticationCode(for: call.body, using: SymmetricKey(data: Data(secret.utf8)))
        return call.signature == "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }
}

/// The test SMTP server (`Tests/Support/smtp_receiver.py`, on aiosmtpd) and the sendmail command that reaches it.
final class SMTPReceiver: @unchecked Sendable {
    let process = Process()
    let folder: URL
    private(set) var port = 0

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-smtp-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// The sendmail command for `OCOP_SENDMAIL`.
    var sendmailCommand: String {
        "/usr/bin/env python3 \(OutboxFixture.repository.appendingPathComponent("Tests/Support/sendmail_smtp.py").path) --smtp 127.0.0.1:\(port) -t -i"
    }

    /// Starts the server; fails with a clear message when Python or aiosmtpd is missing.
    func start() throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", OutboxFixture.repository.appendingPathComponent("Tests/Support/smtp_receiver.py").path, folder.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let line = output.fileHandleForReading.availableLine()
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw SMTPReceiverError(
                "the test SMTP server did not start (needs python3 and aiosmtpd: python3 -m pip install aiosmtpd; .ci/run installs it): \(problem)")
        }
        self.port = port
    }

    /// The messages received so far, decoded.
    func messages() -> [[String: Any]] {
        let files = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        return files.compactMap { (try? JSONSerialization.jsonObject(with: Data(contentsOf: $0))) as? [String: Any] }
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }
}

struct SMTPReceiverError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension FileHandle {
    /// Reads up to the first newline (or the end), byte by byte: the child keeps the pipe open afterwards.
    func availableLine() -> String {
        var bytes: [UInt8] = []
        while true {
            let data = readData(ofLength: 1)
            guard let byte = data.first, byte != 10 else { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
