import Foundation
import HTTPTypes
import Hummingbird
import Store
import Workflow

/// Dossier files over the API: `POST|GET /api/v1/ocop/products/{id}/documents` (multipart upload with `item` and
/// `file`; the checklist with its files), `GET|DELETE /api/v1/documents/{id}` (download with Content-Type,
/// Content-Disposition and ETag = SHA-256; removal). The rules are ``DocumentService``'s.
struct DocumentRoutes {
    let dependencies: ServerDependencies

    /// The multipart overhead allowed on top of the file limit (boundaries, part headers, the item field).
    static let formOverhead = 64 * 1024

    func register(on router: Router<AdminRequestContext>) {
        router.post("/api/v1/ocop/products/:id/documents") { request, context in try await upload(request, context) }
        router.get("/api/v1/ocop/products/:id/documents") { _, context in
            let (service, caller) = try documentService(context)
            let checklist = try await service.checklist(productID: try Self.id(context), by: caller, now: dependencies.now())
            return try Self.json(checklist.json, context: context)
        }
        router.get("/api/v1/documents/:id") { request, context in
            let (service, caller) = try documentService(context)
            let (document, content) = try await service.download(try Self.id(context), by: caller)
            let etag = "\"\(document.sha256)\""
            if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
                return Response(status: .notModified, headers: [.eTag: etag])
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: document.mediaType, .contentDisposition: Self.disposition(document.fileName), .eTag: etag,
                    .cacheControl: "private, no-cache", .init("X-Content-Type-Options")!: "nosniff",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: content)))
        }
        router.delete("/api/v1/documents/:id") { _, context in
            let (service, caller) = try documentService(context)
            let document = try await service.remove(try Self.id(context), by: caller, now: dependencies.now())
            return try Self.json(document.json, context: context)
        }
    }

    private func upload(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let (service, caller) = try documentService(context)
        let productID = try Self.id(context)
        guard MultipartForm.isMultipart(request) else {
            throw Problem(
                .unsupportedMediaType, code: "unsupported-media-type", title: Bilingual(vi: "Sai kiểu nội dung", en: "Unsupported media type"),
                detail: Bilingual(
                    vi: "gửi tệp bằng multipart/form-data với các trường item và file", en: "send the file as multipart/form-data with fields item and file"))
        }
        let form = try await MultipartForm.read(request, limit: service.maxBytes + Self.formOverhead) { declared in
            service.tooLarge(size: declared.map { max($0 - Self.formOverhead, service.maxBytes + 1) }, fileName: "file")
        }
        guard let item = form.fields["item"] ?? request.uri.queryParameters["item"].map(String.init), !item.isEmpty else {
            throw Problem.badRequest(Bilingual(vi: "thiếu trường item (mã mục hồ sơ)", en: "the item field (dossier item code) is missing"))
        }
        guard let file = form.files.first(where: { $0.field == "file" }) ?? form.files.first else {
            throw Problem.badRequest(Bilingual(vi: "thiếu trường file (tệp đính kèm)", en: "the file field is missing"))
        }
        let document = try await service.attach(
            productID: productID, item: item, fileName: file.fileName, content: file.content, by: caller, now: dependencies.now())
        var response = try Self.json(document.json, context: context)
        response.status = .created
        response.headers[.location] = "/api/v1/documents/\(document.id)"
        return response
    }

    private func documentService(_ context: AdminRequestContext) throws -> (DocumentService, String) {
        guard let holder = context.holder else { throw Problem.unauthorized(Bilingual(vi: "cần mã truy cập", en: "a token is required")) }
        guard let service = dependencies.services.documents else {
            throw Problem.notFound(Bilingual(vi: "máy chủ chưa bật hồ sơ OCOP", en: "the OCOP dossiers are not enabled on this server"))
        }
        return (service, holder.user.id)
    }

    static func id(_ context: AdminRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self) else {
            throw Problem.badRequest(Bilingual(vi: "số hồ sơ phải là số nguyên", en: "the id must be a whole number"))
        }
        return id
    }

    static func json(_ value: JSONValue, context: AdminRequestContext) throws -> Response {
        let data = try context.responseEncoder.encode(value)
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `attachment; filename="ASCII fallback"; filename*=UTF-8''percent-encoded` (RFC 6266), so Vietnamese names survive.
    static func disposition(_ fileName: String) -> String {
        let ascii = String(fileName.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? Character($0) : "_" })
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
