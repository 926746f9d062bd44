import Foundation
import HTTPTypes
import Hummingbird
import Store
import Workflow

/// `/api/v1/instances…`: status with available events, history, firing events, lists — all scoped to the caller.
struct InstanceRoutes {
    let dependencies: ServerDependencies

    func register(on router: Router<AdminRequestContext>) {
        router.get("/api/v1/instances") { request, context in try await list(request, context) }
        router.get("/api/v1/instances/:id") { _, context in try await status(context) }
        router.get("/api/v1/instances/:id/history") { _, context in try await history(context) }
        router.post("/api/v1/instances/:id/events/:event") { request, context in try await fire(request, context) }
    }

    // MARK: - Handlers

    func status(_ context: AdminRequestContext) async throws -> EditedResponse<API.Instance> {
        let id = try instanceID(context)
        let status = try await dependencies.services.workflows.status(id, as: try caller(context), at: dependencies.now())
        let language = context.language
        let body = API.Instance(
            status.record, definition: status.definition, events: status.events.map { Self.event($0, language: language) }, due: status.dueState)
        return EditedResponse(headers: [.eTag: "\"\(body.version)\""], response: body)
    }

    func history(_ context: AdminRequestContext) async throws -> API.Page<API.HistoryRow> {
        let id = try instanceID(context)
        let history = try await dependencies.services.workflows.history(id, as: try caller(context))
        let rows = history.entries.map {
            API.HistoryRow(
                seq: $0.seq, event: $0.event, from: $0.fromState, to: $0.toState, actor: $0.actor, role: $0.actingRole, onBehalfOf: $0.onBehalfOf,
                input: $0.input, comment: $0.comment, legalRef: $0.legalRef, at: $0.at, hash: $0.hash,
                causedBy: $0.causedBy.map { API.CausedBy(instance: $0.instanceID, seq: $0.seq) })
        }
        return API.Page(items: rows, nextCursor: nil)
    }

    func fire(_ request: Request, _ context: AdminRequestContext) async throws -> EditedResponse<API.Fired> {
        let id = try instanceID(context)
        let event = try context.parameters.require("event")
        let body = try await request.decode(as: API.FireBody.self, context: context)
        let expected = try Self.expectedVersion(request.headers[.ifMatch])
        var caller = try caller(context)
        caller.onBehalfOf = body.onBehalfOf
        let result = try await dependencies.services.workflows.fire(
            EventRequest(
                instanceID: id, event: event, input: body.input, comment: body.comment, legalRef: body.legalRef, expectedVersion: expected,
                idempotencyKey: request.headers[.idempotencyKey]),
            as: caller, at: dependencies.now())
        if !result.replayed { ServerMetrics.transition(workflow: result.workflow, event: result.event, source: "api") }
        var headers: HTTPFields = [.eTag: "\"\(result.version)\""]
        if result.replayed { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return EditedResponse(
            headers: headers, response: API.Fired(id: id, event: result.event, from: result.fromState, to: result.toState, version: result.version))
    }

    func list(_ request: Request, _ context: AdminRequestContext) async throws -> API.Page<API.Instance> {
        let caller = try caller(context)
        let query = request.uri.queryParameters
        let limit = try query["limit"].map { text -> Int in
            guard let value = Int(text), (1...500).contains(value) else {
                throw Problem.badRequest(Bilingual(vi: "limit phải từ 1 đến 500", en: "limit must be 1 to 500"))
            }
            return value
        } ?? 50
        let cursor = try query["cursor"].map { text -> Int64 in
            guard let value = Int64(text), value >= 0 else { throw Problem.badRequest(Bilingual(vi: "cursor không hợp lệ", en: "invalid cursor")) }
            return value
        }
        let filter = WorkflowStore.ListFilter(
            workflow: query["workflow"].map(String.init), state: query["state"].map(String.init), subjectID: query["subject"].map(String.init),
            unitCode: query["unit"].map(String.init), afterID: cursor, limit: limit)
        let page = try await dependencies.services.workflows.list(filter, as: caller, at: dependencies.now())
        return API.Page(
            items: page.items.map { API.Instance($0.record, definition: $0.definition, events: nil, due: $0.dueState) },
            nextCursor: page.nextCursor.map(String.init))
    }

    // MARK: - Helpers

    private func instanceID(_ context: AdminRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self), id > 0 else {
            throw Problem.badRequest(Bilingual(vi: "mã hồ sơ phải là số nguyên dương", en: "the instance id must be a positive integer"))
        }
        return id
    }

    /// The caller of an authenticated request.
    private func caller(_ context: AdminRequestContext) throws -> Caller {
        guard let holder = context.holder else { throw Problem.unauthorized(Bilingual(vi: "cần mã truy cập", en: "a token is required")) }
        return Caller(holder.user.id)
    }

    /// `If-Match: "3"` (or W/"3", or 3) → 3; `*` or absent → nil.
    static func expectedVersion(_ header: String?) throws -> Int? {
        guard var text = header?.trimmingCharacters(in: .whitespaces), text != "*" else { return nil }
        if text.hasPrefix("W/") { text.removeFirst(2) }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(text), version >= 1 else {
            throw Problem.badRequest(Bilingual(vi: "If-Match phải là phiên bản, ví dụ \"3\"", en: "If-Match must be a version, e.g. \"3\""))
        }
        return version
    }

    static func event(_ availability: EventAvailability, language: ServerLanguage) -> API.Event {
        API.Event(
            event: availability.event, label: availability.label.map(API.Label.init), to: availability.to, available: availability.isAvailable,
            reasons: availability.reasons.map { API.Reason(code: $0.code.rawValue, subject: $0.subject, message: language == .vi ? $0.message.vi : $0.message.en) })
    }
}
