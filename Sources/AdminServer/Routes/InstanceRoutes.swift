import Foundation
import HTTPTypes
import Hummingbird
import LibPQ
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

    func status(_ context: AdminRequestContext) async throws -> Response {
        let id = try instanceID(context)
        let holder = try holder(context)
        let now = dependencies.now()
        let store = dependencies.workflows
        let language = context.language
        let body: API.Instance = try await dependencies.pool.withConnection { connection in
            let record = try visibleRecord(id, holder: holder, on: connection)
            let engine = try store.engine(definitionID: record.definitionID, on: connection)
            let actor = try AccessPolicy().actor(for: record, user: holder.user, on: connection)
            let events = actor.map { engine.availableEvents(record.snapshot, actor: $0, now: now) } ?? []
            return API.Instance(record, definition: engine.definition, events: events.map { Self.event($0, language: language) })
        }
        return try JSONResponse.make(body, headers: [.eTag: "\"\(body.version)\""])
    }

    func history(_ context: AdminRequestContext) async throws -> Response {
        let id = try instanceID(context)
        let holder = try holder(context)
        let store = dependencies.workflows
        let rows: [API.HistoryRow] = try await dependencies.pool.withConnection { connection in
            _ = try visibleRecord(id, holder: holder, on: connection)
            return try store.history(id, on: connection).map {
                API.HistoryRow(
                    seq: $0.seq, event: $0.event, from: $0.fromState, to: $0.toState, actor: $0.actor, role: $0.actingRole, onBehalfOf: $0.onBehalfOf,
                    input: $0.input, comment: $0.comment, legalRef: $0.legalRef, at: $0.at, hash: $0.hash)
            }
        }
        return try JSONResponse.make(API.Page(items: rows, nextCursor: nil))
    }

    func fire(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let id = try instanceID(context)
        let event = try context.parameters.require("event")
        let holder = try holder(context)
        let body = try JSONResponse.fireBody(try await JSONResponse.object(from: request, limit: context.bodyLimit))
        let expected = try Self.expectedVersion(request.headers[.ifMatch])
        let key = request.headers[.idempotencyKey]
        if let key, key.isEmpty || key.count > 200 {
            throw Problem.badRequest(Bilingual(vi: "Idempotency-Key phải dài 1–200 ký tự", en: "Idempotency-Key must be 1–200 characters"))
        }
        let now = dependencies.now()
        let store = dependencies.workflows
        let result: FireResult = try await dependencies.pool.write { connection in
            let record = try visibleRecord(id, holder: holder, on: connection)
            guard let actor = try AccessPolicy().actor(for: record, user: holder.user, onBehalfOf: body.onBehalfOf, on: connection) else {
                throw Problem.notFound(Bilingual(vi: "không có hồ sơ số \(id)", en: "no instance \(id)"))
            }
            let request = FireRequest(
                instanceID: id, event: event, actor: actor, input: body.input, comment: body.comment, legalRef: body.legalRef,
                expectedVersion: expected, idempotencyKey: key, now: now)
            do {
                return try store.fire(request, on: connection)
            } catch let error as WorkflowStoreError where error.rejection?.codes.contains(.roleNotAllowed) == true {
                var problem = Problem.forbidden(error.message)
                problem.reasons = error.rejection?.reasons ?? []
                throw problem
            }
        }
        if !result.replayed { ServerMetrics.transition(workflow: result.workflow, event: result.event, source: "api") }
        var headers: HTTPFields = [.eTag: "\"\(result.version)\""]
        if result.replayed { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return try JSONResponse.make(
            API.Fired(id: id, event: result.event, from: result.fromState, to: result.toState, version: result.version), headers: headers)
    }

    func list(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let holder = try holder(context)
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
        let store = dependencies.workflows
        let page: API.Page<API.Instance> = try await dependencies.pool.withConnection { connection in
            let records = try store.list(filter, on: connection)
            let policy = AccessPolicy()
            let visible = try records.filter { try policy.canSee($0, user: holder.user, on: connection) }
            let items = try visible.map { API.Instance($0, definition: try store.engine(definitionID: $0.definitionID, on: connection).definition, events: nil) }
            return API.Page(items: items, nextCursor: records.count == limit ? records.last.map { String($0.id) } : nil)
        }
        return try JSONResponse.make(page)
    }

    // MARK: - Helpers

    private func instanceID(_ context: AdminRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self), id > 0 else {
            throw Problem.badRequest(Bilingual(vi: "mã hồ sơ phải là số nguyên dương", en: "the instance id must be a positive integer"))
        }
        return id
    }

    private func holder(_ context: AdminRequestContext) throws -> TokenStore.Holder {
        guard let holder = context.holder else { throw Problem.unauthorized(Bilingual(vi: "cần mã truy cập", en: "a token is required")) }
        return holder
    }

    /// The record if the caller may see it; otherwise 404, exactly as for a record that does not exist.
    private func visibleRecord(_ id: Int64, holder: TokenStore.Holder, on connection: Connection) throws -> InstanceRecord {
        let hidden = Problem.notFound(Bilingual(vi: "không có hồ sơ số \(id)", en: "no instance \(id)"))
        guard let record = try? dependencies.workflows.instance(id, on: connection) else { throw hidden }
        guard try AccessPolicy().canSee(record, user: holder.user, on: connection) else { throw hidden }
        return record
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
