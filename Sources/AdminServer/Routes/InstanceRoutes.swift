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
        let limit = try QueryBounds.integer(query["limit"], "limit", 1...500) ?? 50
        let cursor = try QueryBounds.cursor(query["cursor"])
        let filter = WorkflowStore.ListFilter(
            workflow: try QueryBounds.text(query["workflow"], "workflow"), state: try QueryBounds.text(query["state"], "state"),
            subjectID: try QueryBounds.text(query["subject"], "subject"), unitCode: try QueryBounds.text(query["unit"], "unit"), afterID: cursor,
            limit: limit)
        let page = try await dependencies.services.workflows.list(filter, as: caller, at: dependencies.now())
        return API.Page(
            items: page.items.map { API.Instance($0.record, definition: $0.definition, events: nil, due: $0.dueState) },
            nextCursor: page.nextCursor.map(String.init))
    }

    // MARK: - Helpers

    private func instanceID(_ context: AdminRequestContext) throws -> Int64 {
        try QueryBounds.id(context)
    }

    /// The caller of an authenticated request.
    private func caller(_ context: AdminRequestContext) throws -> Caller {
        guard let holder = context.holder else { throw Problem.unauthorized(Bilingual(vi: "cần mã truy cập", en: "a token is required")) }
        return Caller(holder.user.id)
    }

    /// `If-Match: "3"` (or W/"3", or 3) → 3; `*` or absent → nil; anything else (empty, a leading zero, a sign) → 400.
    /// The spec's pattern says the same: `^(\*|(W/)?"?[1-9][0-9]{0,17}"?)$`.
    static func expectedVersion(_ header: String?) throws -> Int? {
        guard let header else { return nil }
        var text = Substring(header.trimmingCharacters(in: .whitespaces))
        if text == "*" { return nil }
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.hasPrefix("\"") { text = text.dropFirst() }
        if text.hasSuffix("\"") { text = text.dropLast() }
        guard (1...18).contains(text.utf8.count), text.first != "0", text.utf8.allSatisfy({ (48...57).contains($0) }), let version = Int(text) else {
            throw QueryBounds.bad(
                "If-Match", vi: "If-Match phải là phiên bản, ví dụ \"3\" (hoặc *)", en: "If-Match must be a version, e.g. \"3\" (or *)")
        }
        return version
    }

    static func event(_ availability: EventAvailability, language: ServerLanguage) -> API.Event {
        API.Event(
            event: availability.event, label: availability.label.map(API.Label.init), to: availability.to, available: availability.isAvailable,
            reasons: availability.reasons.map { API.Reason(code: $0.code.rawValue, subject: $0.subject, message: language == .vi ? $0.message.vi : $0.message.en) })
    }
}
