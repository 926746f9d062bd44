import Foundation
import LibPQ
import OCOP
import Workflow

/// Files of a product's dossier: attach one to a checklist item, list the checklist, download, remove — the one place
/// for their rules, behind the CLI, the API and the dashboard.
///
/// - Scope as for the product's steps: a producer only on their own products, staff within their unit; outside it the
///   product and its files do not exist ("not found"). Attaching and removing need a role that prepares the dossier
///   (CT, XA, HUYEN), and only while the dossier is prepared or completed (PLANNING, DEVELOPING, DOSSIER_INCOMPLETE).
/// - A file is at most ``maxBytes`` (`OCOP_DOCUMENT_MAX_BYTES`, default 20 MB), one of PDF, JPEG, PNG, DOCX, XLSX by its
///   content, and its name's extension must agree with the content.
/// - Each upload and removal is one transaction with its history row (`attach_document`, `remove_document`); the
///   record's data keeps the attached files under `dossier_files`, so the `dossier_complete` guard sees them.
///
/// ```swift
/// let documents = DocumentService(ocop: ocop)
/// let file = try await documents.attach(productID: 56, item: "business-plan", fileName: "phuong-an.pdf", content: bytes,
///     by: "thanhmai", now: .now)
/// ```
public struct DocumentService: Sendable, UseCaseTransactions {
    /// The OCOP service (rule sets, scope rules).
    public let ocop: OCOPService
    /// The largest file accepted, in bytes.
    public let maxBytes: Int
    public var workflows: WorkflowStore { ocop.workflows }

    /// 20 MB.
    public static let defaultMaxBytes = 20 * 1024 * 1024
    /// The environment variable that sets ``maxBytes``.
    public static let maxBytesVariable = "OCOP_DOCUMENT_MAX_BYTES"
    /// The data field listing the attached files by item.
    public static let filesField = "dossier_files"
    /// The states in which the dossier's files may change.
    public static let editableStates: Set<String> = ["PLANNING", "DEVELOPING", "DOSSIER_INCOMPLETE"]
    /// The history entries this service writes (not events of the workflow), by their labels.
    public static let entryLabels: [String: Bilingual] = [
        "attach_document": Bilingual(vi: "Đính kèm tệp hồ sơ", en: "File attached to the dossier"),
        "remove_document": Bilingual(vi: "Gỡ tệp khỏi hồ sơ", en: "File removed from the dossier"),
    ]
    /// The roles that prepare a dossier.
    static let preparingRoles = ["CT", "XA", "HUYEN"]

    /// Creates the service.
    public init(ocop: OCOPService, maxBytes: Int = DocumentService.defaultMaxBytes) {
        self.ocop = ocop
        self.maxBytes = maxBytes
    }

    /// The limit set by `OCOP_DOCUMENT_MAX_BYTES` (a whole number of bytes), or the default.
    public static func configuredMaxBytes(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ServiceError) -> Int {
        guard let text = environment[maxBytesVariable]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return defaultMaxBytes }
        guard let value = Int(text), value > 0 else {
            throw ServiceError.badInput(
                vi: "\(maxBytesVariable)=\"\(text)\" không hợp lệ: cần số byte nguyên dương (ví dụ 20971520 cho 20 MB)",
                en: "\(maxBytesVariable)=\"\(text)\" is invalid: a positive whole number of bytes is needed (e.g. 20971520 for 20 MB)")
        }
        return value
    }

    // MARK: - Checks before reading a file

    /// Refuses a file of `size` bytes over the limit — call it with the declared size before reading the content.
    public func checkSize(_ size: Int, fileName: String) throws(ServiceError) {
        guard size > maxBytes else { return }
        throw tooLarge(size: size, fileName: fileName)
    }

    /// The error for a file over the limit (`size` when known).
    public func tooLarge(size: Int?, fileName: String) -> ServiceError {
        let limit = Self.megabytes(maxBytes)
        var error = ServiceError(
            .badInput, code: Self.tooLargeCode,
            message: size.map { size in
                Bilingual(
                    vi: "tệp \"\(fileName)\" có \(Self.megabytes(size)), vượt giới hạn \(limit) (\(Self.maxBytesVariable))",
                    en: "file \"\(fileName)\" is \(Self.megabytes(size)), over the limit of \(limit) (\(Self.maxBytesVariable))")
            }
                ?? Bilingual(
                    vi: "tệp \"\(fileName)\" vượt giới hạn \(limit) (\(Self.maxBytesVariable))",
                    en: "file \"\(fileName)\" is over the limit of \(limit) (\(Self.maxBytesVariable))"))
        error.parameter = "file"
        return error
    }

    /// The error code of an oversized file (the API answers 413).
    public static let tooLargeCode = "document-too-large"

    /// The kind of a file, from its content, agreeing with its name's extension; refuses anything else.
    public static func kind(of content: [UInt8], fileName: String) throws(ServiceError) -> DocumentKind {
        let ext = (fileName as NSString).pathExtension.lowercased()
        guard let declared = DocumentKind.declared(byFileName: fileName) else {
            throw Self.badFile(
                vi: "tệp \"\(fileName)\": loại tệp \(ext.isEmpty ? "(không có đuôi)" : "." + ext) không được nhận; chỉ nhận \(DocumentKind.acceptedExtensions)",
                en: "file \"\(fileName)\": type \(ext.isEmpty ? "(no extension)" : "." + ext) is not accepted; only \(DocumentKind.acceptedExtensions)")
        }
        guard let detected = DocumentKind.detect(content) else {
            throw Self.badFile(
                vi: "tệp \"\(fileName)\": nội dung không phải \(declared.displayName) (cũng không phải loại nào được nhận: PDF, JPEG, PNG, DOCX, XLSX)",
                en: "file \"\(fileName)\": the content is not \(declared.displayName) (nor any accepted type: PDF, JPEG, PNG, DOCX, XLSX)")
        }
        guard detected == declared else {
            throw Self.badFile(
                vi: "tệp \"\(fileName)\" có đuôi .\(ext) nhưng nội dung là \(detected.displayName); hãy đặt lại tên với đuôi .\(detected.extensions[0])",
                en: "file \"\(fileName)\" is named .\(ext) but its content is \(detected.displayName); rename it to .\(detected.extensions[0])")
        }
        return detected
    }

    // MARK: - Use cases

    /// Attaches a file to a checklist item of a product; returns the stored document.
    public func attach(
        productID: Int64, item: String, fileName: String, content: [UInt8], by userID: String, now: Date
    ) async throws(ServiceError) -> DossierDocument {
        let name = try Self.plainFileName(fileName)
        try checkSize(content.count, fileName: name)
        guard !content.isEmpty else { throw Self.badFile(vi: "tệp \"\(name)\" rỗng", en: "file \"\(name)\" is empty") }
        let kind = try Self.kind(of: content, fileName: name)
        let sha256 = ContentHash.hex(content)
        let hex = Self.hex(content)
        return try await inTransaction { connection in
            let record = try ocop.instance(productID, of: OCOPService.productWorkflow, OCOPService.productWhat, on: connection)
            let actor = try ocop.actor(userID, for: record, producerStep: true, on: connection)
            let role = try Self.preparingRole(of: actor, userID: userID, productID: productID)
            let ruleSet = try ruleSet(of: record.snapshot.data, now: now)
            guard let dossierItem = ruleSet.dossierItems.first(where: { $0.code == item }) else {
                let known = ruleSet.dossierItems.map(\.code).joined(separator: ", ")
                var error = ServiceError.badInput(
                    vi: "mục hồ sơ \"\(item)\" không có trong bộ tiêu chí \(ruleSet.id); dùng: \(known)",
                    en: "dossier item \"\(item)\" is not in rule set \(ruleSet.id); use: \(known)")
                error.parameter = "item"
                throw error
            }
            try Self.checkEditable(record.snapshot.state, productID: productID)
            try connection.execute(
                """
                INSERT INTO document_content (sha256, size, content) VALUES (\(sha256), \(content.count), decode(\(hex)::text, 'hex'))
                ON CONFLICT (sha256) DO NOTHING
                """)
            let id = try connection.query(
                """
                INSERT INTO document (instance_id, item, file_name, media_type, size, sha256, uploaded_by, uploaded_at)
                VALUES (\(productID), \(dossierItem.code), \(name), \(kind.mediaType), \(content.count), \(sha256), \(userID), \(now))
                RETURNING id
                """
            ).single().decode("id", as: Int64.self)
            try workflows.recordEntry(
                instanceID: productID, event: "attach_document", actor: actor, role: role,
                input: [
                    "item": .string(dossierItem.code), "document_id": .int(id), "file_name": .string(name), "media_type": .string(kind.mediaType),
                    "size": .int(Int64(content.count)), "sha256": .string(sha256),
                ], now: now, on: connection
            ) { data in
                try Self.reproject(&data, productID: productID, on: connection)
            }
            return try document(id, on: connection)
        }
    }

    /// The product's dossier checklist with its files, for anyone who may see the product.
    public func checklist(productID: Int64, by userID: String, now: Date) async throws(ServiceError) -> DossierChecklist {
        try await inSnapshot { connection in
            let record = try ocop.instance(productID, of: OCOPService.productWorkflow, OCOPService.productWhat, on: connection)
            _ = try ocop.actor(userID, for: record, on: connection)
            return try checklist(record, now: now, on: connection)
        }
    }

    /// A document's record and content, for anyone who may see its product; a removed file is still downloadable
    /// (the history names it).
    public func download(_ documentID: Int64, by userID: String) async throws(ServiceError) -> (document: DossierDocument, content: [UInt8]) {
        try await inSnapshot { connection in
            let document = try visibleDocument(documentID, by: userID, on: connection)
            let text = try connection.query("SELECT encode(content, 'hex') AS hex FROM document_content WHERE sha256 = \(document.sha256)")
                .single().decode("hex", as: String.self)
            return (document, Self.bytes(fromHex: text))
        }
    }

    /// Removes a file from the dossier (it is kept, marked removed); returns it as removed.
    public func remove(_ documentID: Int64, by userID: String, now: Date) async throws(ServiceError) -> DossierDocument {
        try await inTransaction { connection in
            let document = try visibleDocument(documentID, by: userID, on: connection)
            let record = try ocop.instance(document.productID, of: OCOPService.productWorkflow, OCOPService.productWhat, on: connection)
            let actor = try ocop.actor(userID, for: record, producerStep: true, on: connection)
            let role = try Self.preparingRole(of: actor, userID: userID, productID: document.productID)
            try Self.checkEditable(record.snapshot.state, productID: document.productID)
            guard document.removedAt == nil else {
                throw OCOPError(
                    .wrongStage, vi: "tài liệu số \(documentID) đã được gỡ khỏi hồ sơ", en: "document \(documentID) was already removed from the dossier")
            }
            try connection.execute("UPDATE document SET removed_by = \(userID), removed_at = \(now) WHERE id = \(documentID)")
            try workflows.recordEntry(
                instanceID: document.productID, event: "remove_document", actor: actor, role: role,
                input: [
                    "item": .string(document.item), "document_id": .int(documentID), "file_name": .string(document.fileName),
                    "sha256": .string(document.sha256),
                ], now: now, on: connection
            ) { data in
                try Self.reproject(&data, productID: document.productID, on: connection)
            }
            return try self.document(documentID, on: connection)
        }
    }

    // MARK: - Helpers

    /// The checklist of a record already read in this transaction.
    func checklist(_ record: InstanceRecord, now: Date, on connection: Connection) throws -> DossierChecklist {
        let data = record.snapshot.data
        let ruleSet = try ruleSet(of: data, now: now)
        let documents = try connection.query(
            """
            SELECT id, instance_id, item, file_name, media_type, size, sha256, uploaded_by, uploaded_at, removed_by, removed_at
            FROM document WHERE instance_id = \(record.id) AND removed_at IS NULL ORDER BY id
            """
        ).map(Self.decode)
        let notApplicable = Set((data["dossier_not_applicable"]?.stringValue ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let entries = ruleSet.dossierItems.map { item -> DossierChecklist.Entry in
            let files = documents.filter { $0.item == item.code }
            let note = data[Self.noteField(item.code)].flatMap { $0.isNull ? nil : $0.displayText }
            let status: DossierChecklist.Status =
                !files.isEmpty || note != nil ? .present : (item.condition != nil && notApplicable.contains(item.code) ? .notApplicable : .missing)
            return DossierChecklist.Entry(item: item, status: status, note: note, documents: files)
        }
        return DossierChecklist(
            productID: record.id, ruleSet: ruleSet.id, state: record.snapshot.state, version: record.snapshot.version,
            editable: Self.editableStates.contains(record.snapshot.state), entries: entries)
    }

    /// The rule set of a product: the one fixed at submission, else the one in force on the day.
    func ruleSet(of data: [String: JSONValue], now: Date) throws -> RuleSet {
        do {
            if let id = data["rule_set"]?.stringValue { return try ocop.ruleSets.ruleSet(id: id) }
            return try ocop.ruleSets.ruleSet(forSubmissionDate: LocalDate(vietnamDayOf: now))
        } catch let error as RatingError {
            throw OCOPError(error)
        }
    }

    /// A document whose product the user may see; any other is "not found", like one never uploaded.
    func visibleDocument(_ id: Int64, by userID: String, on connection: Connection) throws -> DossierDocument {
        let notFound = OCOPError(.notFound, vi: "không có tài liệu số \(id)", en: "no document \(id)")
        guard
            let document = try connection.query(
                """
                SELECT id, instance_id, item, file_name, media_type, size, sha256, uploaded_by, uploaded_at, removed_by, removed_at
                FROM document WHERE id = \(id)
                """
            ).first.map(Self.decode)
        else { throw notFound }
        let record = try ocop.instance(document.productID, of: OCOPService.productWorkflow, OCOPService.productWhat, on: connection)
        do {
            _ = try ocop.actor(userID, for: record, on: connection)
        } catch let error as OCOPError where error.code == .notFound {
            throw notFound
        }
        return document
    }

    func document(_ id: Int64, on connection: Connection) throws -> DossierDocument {
        try Self.decode(
            connection.query(
                """
                SELECT id, instance_id, item, file_name, media_type, size, sha256, uploaded_by, uploaded_at, removed_by, removed_at
                FROM document WHERE id = \(id)
                """
            ).single())
    }

    static func decode(_ row: Row) throws -> DossierDocument {
        DossierDocument(
            id: try row.decode("id"), productID: try row.decode("instance_id"), item: try row.decode("item"), fileName: try row.decode("file_name"),
            mediaType: try row.decode("media_type"), size: try row.decode("size", as: Int.self), sha256: try row.decode("sha256"),
            uploadedBy: try row.decode("uploaded_by"), uploadedAt: try row.decode("uploaded_at"), removedBy: try row.decode("removed_by"),
            removedAt: try row.decode("removed_at"))
    }

    /// Rewrites `dossier_files` from the attached (not removed) files: item code → [{id, file}], absent when none.
    static func reproject(_ data: inout [String: JSONValue], productID: Int64, on connection: Connection) throws {
        let rows = try connection.query(
            "SELECT id, item, file_name FROM document WHERE instance_id = \(productID) AND removed_at IS NULL ORDER BY id")
        var files: [String: [JSONValue]] = [:]
        for row in rows {
            let entry: JSONValue = .object(["id": .int(try row.decode("id")), "file": .string(try row.decode("file_name"))])
            files[try row.decode("item", as: String.self), default: []].append(entry)
        }
        data[filesField] = files.isEmpty ? nil : .object(files.mapValues(JSONValue.array))
    }

    /// The data field of an item's text note: `business-plan` → `dossier_business_plan`.
    static func noteField(_ code: String) -> String { "dossier_" + code.replacingOccurrences(of: "-", with: "_") }

    static func preparingRole(of actor: WorkflowActor, userID: String, productID: Int64) throws -> String {
        guard let role = preparingRoles.first(where: actor.roles.contains) else {
            throw OCOPError(
                .forbidden, vi: "người dùng \"\(userID)\" không có vai trò lập hồ sơ (CT, XA, HUYEN) với sản phẩm \(productID)",
                en: "user \"\(userID)\" holds no role that prepares the dossier (CT, XA, HUYEN) for product \(productID)")
        }
        return role
    }

    static func checkEditable(_ state: String, productID: Int64) throws {
        guard editableStates.contains(state) else {
            throw OCOPError(
                .wrongStage,
                vi: "sản phẩm \(productID) đang ở bước \(state): chỉ thêm hoặc gỡ tệp hồ sơ khi đang lập hoặc bổ sung hồ sơ (PLANNING, DEVELOPING, DOSSIER_INCOMPLETE)",
                en: "product \(productID) is at \(state): dossier files are added or removed only while the dossier is prepared or completed (PLANNING, DEVELOPING, DOSSIER_INCOMPLETE)")
        }
    }

    /// The file name without any folder, refused when empty or holding control characters.
    static func plainFileName(_ raw: String) throws(ServiceError) -> String {
        let name = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !name.isEmpty, name.count <= 255 else {
            var error = ServiceError.badInput(vi: "thiếu tên tệp (hoặc dài quá 255 ký tự)", en: "the file name is missing (or longer than 255 characters)")
            error.parameter = "file"
            throw error
        }
        if let problem = ControlCharacters.problem(in: name, field: "file") { throw ServiceError(.badInput, message: problem) }
        return name
    }

    static func badFile(vi: String, en: String) -> ServiceError {
        var error = ServiceError(.badInput, code: "document-type", message: Bilingual(vi: vi, en: en))
        error.parameter = "file"
        return error
    }

    /// A size for messages: "900 byte", "4 KB", "1.5 MB", "20 MB".
    public static func megabytes(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) byte" }
        if bytes < 1_048_576 { return "\((bytes + 1023) / 1024) KB" }
        let value = Double(bytes) / 1_048_576
        return value >= 10 || value == value.rounded() ? "\(Int(value.rounded())) MB" : String(format: "%.1f MB", value)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: [UInt8]) -> String {
        var out = [UInt8](repeating: 0, count: bytes.count * 2)
        for (index, byte) in bytes.enumerated() {
            out[2 * index] = hexDigits[Int(byte >> 4)]
            out[2 * index + 1] = hexDigits[Int(byte & 0x0F)]
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(fromHex text: String) -> [UInt8] {
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 0x20) - 87 }
        let utf8 = Array(text.utf8)
        var out = [UInt8](repeating: 0, count: utf8.count / 2)
        for index in 0..<out.count { out[index] = nibble(utf8[2 * index]) << 4 | nibble(utf8[2 * index + 1]) }
        return out
    }
}
