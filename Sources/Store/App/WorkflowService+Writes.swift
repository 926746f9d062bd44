import Foundation
import LibPQ
import Workflow

/// What a caller asks of ``WorkflowService/fire(_:as:at:)``: the event, its input and the request's guarantees.
public struct EventRequest: Sendable {
    public var instanceID: Int64
    public var event: String
    public var input: [String: JSONValue]
    public var comment: String?
    /// A decision number and date, for events that are decisions.
    public var legalRef: String?
    /// The version the caller saw; another current version is a stale-version error.
    public var expectedVersion: Int?
    /// The caller's key for this request: sent again, the first result comes back and nothing fires twice.
    public var idempotencyKey: String?

    /// Creates a request.
    public init(
        instanceID: Int64, event: String, input: [String: JSONValue] = [:], comment: String? = nil, legalRef: String? = nil,
        expectedVersion: Int? = nil, idempotencyKey: String? = nil
    ) {
        self.instanceID = instanceID
        self.event = event
        self.input = input
        self.comment = comment
        self.legalRef = legalRef
        self.expectedVersion = expectedVersion
        self.idempotencyKey = idempotencyKey
    }
}

/// What ``WorkflowService/start(_:as:at:)`` creates.
public struct StartRequest: Sendable {
    public var workflow: String
    public var data: [String: JSONValue]
    public var subjectID: String?
    public var unitCode: String?
    public var comment: String?

    /// Creates a request.
    public init(workflow: String, data: [String: JSONValue] = [:], subjectID: String? = nil, unitCode: String? = nil, comment: String? = nil) {
        self.workflow = workflow
        self.data = data
        self.subjectID = subjectID
        self.unitCode = unitCode
        self.comment = comment
    }
}

extension WorkflowService {
    /// Service-reserved steps that need nothing beyond the event's input, taken here through their service (OCOP) so
    /// that every door can take them.
    static let plainServiceSteps: Set<String> = ["submit_for_rating", "apply_for_rerating"]

    /// Fires one event as the caller, on a record within their scope.
    public func fire(_ request: EventRequest, as caller: Caller, at now: Date) async throws(ServiceError) -> FireResult {
        try Self.checkKey(request.idempotencyKey)
        return try await write { connection in try self.fire(request, as: caller, at: now, batchID: nil, on: connection) }
    }

    func fire(_ request: EventRequest, as caller: Caller, at now: Date, batchID: UUID?, on connection: Connection) throws -> FireResult {
        let (record, actor) = try resolve(request.instanceID, caller, on: connection)
        if let ocop, record.workflow == OCOPService.productWorkflow, Self.plainServiceSteps.contains(request.event) {
            return try plainServiceStep(ocop, request, record: record, caller: caller, now: now, on: connection)
        }
        return try store.fire(
            FireRequest(
                instanceID: request.instanceID, event: request.event, actor: actor, input: request.input, comment: request.comment,
                legalRef: request.legalRef, expectedVersion: request.expectedVersion, idempotencyKey: request.idempotencyKey, batchID: batchID,
                now: now),
            on: connection, flush: false)  // both callers commit right after: the writes go with the COMMIT
    }

    /// Submitting for rating fixes the rule set: the OCOP service takes it, after the same lock and version check.
    private func plainServiceStep(
        _ ocop: OCOPService, _ request: EventRequest, record: InstanceRecord, caller: Caller, now: Date, on connection: Connection
    ) throws -> FireResult {
        let locked = try store.lock(request.instanceID, on: connection)
        if let expected = request.expectedVersion, expected != locked.snapshot.version {
            throw WorkflowStoreError.conflict(request.instanceID, state: locked.snapshot.state, version: locked.snapshot.version, expected: expected)
        }
        _ = try ocop.submitForRating(
            request.instanceID, round: request.input["round"]?.stringValue, by: caller.userID, now: now, on: connection)
        let after = try store.instance(request.instanceID, on: connection)
        return FireResult(
            instanceID: after.id, workflow: after.workflow, event: request.event, fromState: locked.snapshot.state, toState: after.snapshot.state,
            version: after.snapshot.version, replayed: false, effects: [])
    }

    /// Creates a record of a workflow no service reserves, for a subject and unit within the caller's grants.
    public func start(_ request: StartRequest, as caller: Caller, at now: Date) async throws(ServiceError) -> InstanceRecord {
        try await write { connection in
            let user = try self.user(caller, on: connection)
            let definition = try self.store.currentDefinition(of: request.workflow, on: connection)
            if let service = definition.service {
                let commands = WorkflowStoreError.serviceCommands[service] ?? Bilingual(vi: "chức năng \(service)", en: "the \(service) functions")
                throw ServiceError(
                    .rejected, code: "service-workflow",
                    message: Bilingual(
                        vi: "hồ sơ \(request.workflow) chỉ được tạo qua \(commands.vi), vì việc tạo còn ghi dữ liệu nghiệp vụ đi kèm",
                        en: "\(request.workflow) records are created only through \(commands.en), as creation also writes that service's records"))
            }
            // The unit by its code or its name ("Quang Thọ", "quang tho"), as everywhere a unit is asked for.
            var request = request
            request.unitCode = try request.unitCode.map { try ReferenceStore().unitCode($0, on: connection) }
            var roles = Set(
                try self.access.coveringGrants(of: user, subjectID: request.subjectID, unitCode: request.unitCode, on: connection).map(\.role))
            if let role = caller.role { roles = roles.contains(role) ? [role] : [] }
            roles.formIntersection(definition.roles)
            guard !roles.isEmpty else {
                let whose = request.subjectID.map { "chủ thể \($0)" } ?? request.unitCode.map { "đơn vị \($0)" } ?? "toàn hệ thống"
                let whoseEN = request.subjectID.map { "subject \($0)" } ?? request.unitCode.map { "unit \($0)" } ?? "the whole installation"
                throw ServiceError(
                    .forbidden, code: "no-covering-role",
                    message: Bilingual(
                        vi: "\"\(caller.userID)\" không có vai trò nào của quy trình \(request.workflow) đối với \(whose)",
                        en: "\"\(caller.userID)\" holds no role of workflow \(request.workflow) for \(whoseEN)"))
            }
            return try self.store.start(
                workflow: request.workflow, actor: WorkflowActor(id: caller.userID, roles: roles), data: request.data, subjectID: request.subjectID,
                unitCode: request.unitCode, comment: request.comment, now: now, on: connection)
        }
    }

    /// An idempotency key is 1–200 characters.
    static func checkKey(_ key: String?) throws(ServiceError) {
        if let key, key.isEmpty || key.count > 200 {
            throw ServiceError.badInput(vi: "khóa chống lặp phải dài 1–200 ký tự", en: "an idempotency key must be 1–200 characters")
        }
    }
}
