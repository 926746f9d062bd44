import Foundation
import LibPQ
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// Dossier files (issue 13): attached to a checklist item by content type, within the size limit and the product's
/// scope; each upload and removal one transaction with its history row; the checklist and the `dossier_complete`
/// guard count real files.
@Suite("Dossier documents")
struct DocumentServiceTests {
    typealias F = OCOPFixture

    /// Rows that any refused upload or removal must leave as they were.
    struct Counts: Equatable {
        var documents: Int
        var contents: Int
        var history: Int
        var removed: Int
        var version: Int
        var data: String
    }

    func snapshot(_ f: F, _ id: Int64) throws -> Counts {
        let c = try f.database.connect()
        let row = try c.query(
            """
            SELECT (SELECT count(*) FROM document)::int AS documents, (SELECT count(*) FROM document_content)::int AS contents,
                   (SELECT count(*) FROM workflow_transition WHERE instance_id = \(id))::int AS history,
                   (SELECT count(*) FROM document WHERE removed_at IS NOT NULL)::int AS removed,
                   i.version, i.data::text AS data
            FROM workflow_instance i WHERE i.id = \(id)
            """
        ).single()
        return Counts(
            documents: try row.decode("documents"), contents: try row.decode("contents"), history: try row.decode("history"),
            removed: try row.decode("removed"), version: try row.decode("version"), data: try row.decode("data"))
    }

    @Test("a PDF attached to a missing item makes it present, is in the history, downloads as uploaded; removal makes it missing again")
    func attachListDownloadRemove() async throws {
        let f = try await F.make()
        let id = try await f.developedProduct(year: "2022", items: ["business-registration", "product-samples"])
        let documents = DocumentService(ocop: f.service)
        let now = F.at("2022-06-10")
        let before = try await documents.checklist(productID: id, by: "ct", now: now)
        #expect(before.missing == ["organisation-introduction"])
        let versionBefore = try await f.version(id)

        let bytes = SampleFiles.pdf("giới thiệu")
        let document = try await documents.attach(
            productID: id, item: "organisation-introduction", fileName: "C:\\Hồ sơ\\Giới thiệu HTX.pdf", content: bytes, by: "ct", now: now)
        #expect(document.fileName == "Giới thiệu HTX.pdf")
        #expect(document.mediaType == "application/pdf")
        #expect(document.size == bytes.count)
        #expect(document.sha256 == ContentHash.hex(bytes))

        let after = try await documents.checklist(productID: id, by: "huyen", now: now)
        #expect(after.missing.isEmpty)
        let entry = try #require(after.entries.first { $0.item.code == "organisation-introduction" })
        #expect(entry.status == .present && entry.documents.map(\.id) == [document.id] && entry.note == nil)
        // The note typed before files existed stays readable next to the files.
        #expect(after.entries.first { $0.item.code == "business-registration" }?.note == "business-registration.pdf")

        let history = try await f.store.history(id)
        let last = try #require(history.last)
        #expect(last.event == "attach_document" && last.fromState == "DEVELOPING" && last.toState == "DEVELOPING")
        #expect(last.actor == "ct" && last.actingRole == "CT")
        #expect(last.input["document_id"] == .int(document.id) && last.input["sha256"] == .string(document.sha256))
        #expect(try await f.version(id) == versionBefore + 1)
        #expect(try await f.store.verifyAudit().findings.isEmpty)

        let (downloaded, content) = try await documents.download(document.id, by: "huyen")
        #expect(content == bytes && downloaded == document)

        let removed = try await documents.remove(document.id, by: "ct", now: F.at("2022-06-11"))
        #expect(removed.removedBy == "ct" && removed.removedAt != nil)
        #expect(try await documents.checklist(productID: id, by: "ct", now: now).missing == ["organisation-introduction"])
        #expect(try await f.store.history(id).last?.event == "remove_document")
        #expect(try await f.store.verifyAudit().findings.isEmpty)
        // Still downloadable (the history names it), but not removable twice.
        #expect(try await documents.download(document.id, by: "ct").content == bytes)
        let twice = await #expect(throws: ServiceError.self) { try await documents.remove(document.id, by: "ct", now: F.at("2022-06-12")) }
        #expect(twice?.kind == .rejected)
    }

    @Test("the dossier_complete guard counts attached files: submission passes with the file, and is refused once it is removed")
    func guardCountsFiles() async throws {
        let f = try await F.make()
        let documents = DocumentService(ocop: f.service)
        let refused = try await f.developedProduct(year: "2022", items: ["business-registration", "product-samples"])
        let attached = try await documents.attach(
            productID: refused, item: "organisation-introduction", fileName: "gt.pdf", content: SampleFiles.pdf(), by: "ct", now: F.at("2022-06-10"))
        _ = try await documents.remove(attached.id, by: "xa", now: F.at("2022-06-11"))
        let error = await #expect(throws: ServiceError.self) { try await f.service.submitForRating(refused, by: "ct", now: F.at("2022-09-05")) }
        #expect(error?.rejection?.message.vi.contains("còn thiếu") == true)
        #expect(try await f.state(refused) == "DEVELOPING")

        let passed = try await f.developedProduct(year: "2022", items: ["business-registration", "product-samples"])
        _ = try await documents.attach(
            productID: passed, item: "organisation-introduction", fileName: "gt.docx", content: SampleFiles.docx, by: "xa", now: F.at("2022-06-10"))
        try await f.service.submitForRating(passed, by: "ct", now: F.at("2022-09-05"))
        #expect(try await f.state(passed) == "DOSSIER_SUBMITTED")
        // The dossier is now with the district: its files do not change.
        let late = await #expect(throws: ServiceError.self) {
            try await documents.attach(
                productID: passed, item: "business-plan", fileName: "pa.pdf", content: SampleFiles.pdf(), by: "ct", now: F.at("2022-09-06"))
        }
        #expect(late?.kind == .rejected && late?.message.vi.contains("DOSSIER_SUBMITTED") == true)
    }

    @Test("the same content is stored once; each attachment keeps its own name and item")
    func contentStoredOnce() async throws {
        let f = try await F.make()
        let id = try await f.developedProduct(year: "2022", items: [])
        let documents = DocumentService(ocop: f.service)
        let bytes = SampleFiles.xlsx
        let a = try await documents.attach(productID: id, item: "business-plan", fileName: "a.xlsx", content: bytes, by: "ct", now: F.at("2022-06-10"))
        let b = try await documents.attach(
            productID: id, item: "organisation-introduction", fileName: "b.XLSX", content: bytes, by: "ct", now: F.at("2022-06-10"))
        #expect(a.sha256 == b.sha256 && a.id != b.id && b.mediaType == DocumentKind.xlsx.mediaType)
        #expect(try snapshot(f, id).contents == 1 && snapshot(f, id).documents == 2)
    }

    /// One refused upload: the file, the item, who, and what the error says.
    struct Refusal: Sendable, CustomTestStringConvertible {
        var fileName: String
        var item = "organisation-introduction"
        var user = "ct"
        var code: String
        var words: String
        var testDescription: String { "\(fileName) → \(item) as \(user)" }
    }

    @Test(
        "refused uploads change nothing and say what is wrong: oversize, wrong type, renamed file, unknown item, another producer's product",
        arguments: [
            Refusal(fileName: "big.pdf", code: "document-too-large", words: "vượt giới hạn 2 KB"),
            Refusal(fileName: "setup.exe", code: "document-type", words: "không được nhận"),
            Refusal(fileName: "setup.pdf", code: "document-type", words: "nội dung không phải PDF"),
            Refusal(fileName: "anh.pdf", code: "document-type", words: "nội dung là PNG"),
            Refusal(fileName: "gt.pdf", item: "bang-khen", code: "bad-request", words: "không có trong bộ tiêu chí"),
            Refusal(fileName: "gt.pdf", user: "ct2", code: "not-found", words: "không có"),
        ])
    func refusals(_ refusal: Refusal) async throws {
        let (fileName, item, user, code, words) = (refusal.fileName, refusal.item, refusal.user, refusal.code, refusal.words)
        let f = try await F.make()
        let id = try await f.developedProduct(year: "2022", items: [])
        let documents = DocumentService(ocop: f.service, maxBytes: 2048)
        let content: [UInt8] =
            switch fileName {
            case "big.pdf": SampleFiles.pdf(String(repeating: "x", count: 4096))
            case "setup.exe", "setup.pdf": SampleFiles.exe
            case "anh.pdf": SampleFiles.png
            default: SampleFiles.pdf()
            }
        let before = try snapshot(f, id)
        let error = await #expect(throws: ServiceError.self) {
            try await documents.attach(productID: id, item: item, fileName: fileName, content: content, by: user, now: F.at("2022-06-10"))
        }
        #expect(error?.code == code)
        #expect(error?.message.vi.contains(words) == true, "\(error?.message.vi ?? "")")
        #expect(error?.message.en.isEmpty == false)
        if code.hasPrefix("document") { #expect(error?.message.vi.contains(fileName) == true) }
        #expect(try snapshot(f, id) == before)
    }

    @Test("outside the product's scope a document does not exist, for download and removal alike; a council member may read but not remove")
    func scope() async throws {
        let f = try await F.make()
        let id = try await f.developedProduct(year: "2022", items: [])
        let documents = DocumentService(ocop: f.service)
        let document = try await documents.attach(
            productID: id, item: "business-plan", fileName: "pa.png", content: SampleFiles.png, by: "ct", now: F.at("2022-06-10"))
        let before = try snapshot(f, id)
        let download = await #expect(throws: ServiceError.self) { try await documents.download(document.id, by: "ct2") }
        let remove = await #expect(throws: ServiceError.self) { try await documents.remove(document.id, by: "ct2", now: F.at("2022-06-11")) }
        let never = await #expect(throws: ServiceError.self) { try await documents.download(987_654, by: "ct2") }
        #expect(download?.kind == .notFound && remove?.kind == .notFound && never?.kind == .notFound)
        #expect(download?.message == never?.message.replacingNumber(987_654, with: document.id))
        let list = await #expect(throws: ServiceError.self) { try await documents.checklist(productID: id, by: "ct2", now: F.at("2022-06-11")) }
        #expect(list?.kind == .notFound)
        // `tinh` (provincial roles, unscoped) sees the product but prepares no dossier.
        #expect(try await documents.download(document.id, by: "tinh").content == SampleFiles.png)
        let forbidden = await #expect(throws: ServiceError.self) { try await documents.remove(document.id, by: "tinh", now: F.at("2022-06-11")) }
        #expect(forbidden?.kind == .forbidden)
        #expect(try snapshot(f, id) == before)
    }

    @Test("content, not the name, decides the type")
    func detection() {
        #expect(DocumentKind.detect(SampleFiles.pdf()) == .pdf)
        #expect(DocumentKind.detect(SampleFiles.png) == .png)
        #expect(DocumentKind.detect(SampleFiles.jpeg) == .jpeg)
        #expect(DocumentKind.detect(SampleFiles.docx) == .docx)
        #expect(DocumentKind.detect(SampleFiles.xlsx) == .xlsx)
        #expect(DocumentKind.detect(SampleFiles.exe) == nil)
        // A ZIP that is neither (an .odt, a plain archive) is not a DOCX whatever its name.
        #expect(DocumentKind.detect(SampleFiles.zip(["content.xml": "<office/>"])) == nil)
        #expect(throws: ServiceError.self) { try DocumentService.kind(of: SampleFiles.zip(["a.txt": "a"]), fileName: "hop-dong.docx") }
        #expect(throws: ServiceError.self) { try DocumentService.kind(of: SampleFiles.docx, fileName: "bang.xlsx") }
        #expect((try? DocumentService.kind(of: SampleFiles.jpeg, fileName: "ANH.JPEG")) == .jpeg)
    }

    @Test("OCOP_DOCUMENT_MAX_BYTES sets the limit; a bad value is refused naming it")
    func configuredLimit() throws {
        #expect(try DocumentService.configuredMaxBytes([:]) == 20 * 1024 * 1024)
        #expect(try DocumentService.configuredMaxBytes(["OCOP_DOCUMENT_MAX_BYTES": "1048576"]) == 1_048_576)
        let error = #expect(throws: ServiceError.self) { try DocumentService.configuredMaxBytes(["OCOP_DOCUMENT_MAX_BYTES": "20MB"]) }
        #expect(error?.message.vi.contains("OCOP_DOCUMENT_MAX_BYTES=\"20MB\"") == true)
    }
}

extension Bilingual {
    /// The same message with one number replaced (to compare "no document N" answers for two ids).
    fileprivate func replacingNumber(_ number: Int64, with other: Int64) -> Bilingual {
        Bilingual(vi: vi.replacingOccurrences(of: "\(number)", with: "\(other)"), en: en.replacingOccurrences(of: "\(number)", with: "\(other)"))
    }
}
