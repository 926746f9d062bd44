import Foundation
import HTTPTypes
import Hummingbird
import Store
import Workflow

/// The dashboard's dossier files: the upload form of a product's page (multipart, CSRF-checked by the web middleware)
/// and downloads, as the signed-in user — the same ``DocumentService`` use cases as the API and the CLI.
struct DocumentPages {
    let dependencies: ServerDependencies

    func register(on router: Router<AdminRequestContext>) {
        router.post("/instances/:id/documents") { request, context in try await upload(request, context) }
        router.get("/documents/:id") { request, context in try await download(request, context) }
    }

    func upload(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        guard let session = context.session, let documents = dependencies.services.documents else {
            throw Problem.unauthorized(Bilingual(vi: "cần đăng nhập", en: "sign in first"))
        }
        let id = try DocumentRoutes.id(context)
        do {
            if let refused = context.uploadRefused { throw refused }
            guard let file = context.uploads.first(where: { $0.field == "file" }), !file.fileName.isEmpty else {
                throw ServiceError.badInput(vi: "chưa chọn tệp", en: "no file chosen")
            }
            let document = try await documents.attach(
                productID: id, item: context.form["item"] ?? "", fileName: file.fileName, content: file.content, by: session.holder.user.id,
                now: dependencies.now())
            let done = document.fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return Response(status: .seeOther, headers: [.location: "/instances/\(id)?uploaded=\(done)#dossier"])
        } catch let error as ServiceError where [.rejected, .forbidden, .badInput].contains(error.kind) {
            let routes = WebRoutes(dependencies: dependencies)
            let view = try await InstancePage(dependencies: dependencies).render(id: id, session: session, language: context.language)
            let text = context.language == .vi ? error.fullMessage.vi : error.fullMessage.en
            var response = routes.page(
                "instance", title: view["name"] as? String ?? "", body: view, request: request, context: context, flash: ["kind": "error", "text": text])
            response.status = Problem.from(error, logger: context.logger).status
            return response
        }
    }

    func download(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        guard let session = context.session, let documents = dependencies.services.documents else {
            throw Problem.unauthorized(Bilingual(vi: "cần đăng nhập", en: "sign in first"))
        }
        let (document, content) = try await documents.download(try DocumentRoutes.id(context), by: session.holder.user.id)
        return Response(
            status: .ok,
            headers: [
                .contentType: document.mediaType, .contentDisposition: DocumentRoutes.disposition(document.fileName), .eTag: "\"\(document.sha256)\"",
                .cacheControl: "private, no-cache", .init("X-Content-Type-Options")!: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: content)))
    }
}
