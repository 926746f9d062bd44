import Foundation
import LibPQ
import OCOP
import Workflow

/// The OCOP programme's operations in the officers' terms: ideas, products, score sheets, rating, certificates and
/// support claims. Each operation runs on a `Connection` inside the caller's single transaction and changes state only
/// through `WorkflowStore.start`/`fire`, writing its own tables (`sql/0006_ocop.sql`) in the same transaction.
///
/// Every operation names the user acting: their roles come from the database and only the grants that cover the
/// record count (``AccessPolicy``), so a producer acts only on their own subjects' records and staff within their unit.
///
/// ```swift
/// let service = try OCOPService.load(workflows: store, directory: workflowsFolder)
/// let idea = try await service.write { try service.registerIdea(.init(subjectID: "htx-thanh-mai", name: "Nước chấm",
///     form: "01"), by: "thanhmai", now: day, on: $0) }
/// ```
public struct OCOPService: Sendable {
    /// The workflow store; its engines must use `Domain.registry(ruleSets:)` with the same rule sets.
    public let workflows: WorkflowStore
    /// The rating rule sets (`workflows/rulesets`).
    public let ruleSets: RuleSetCatalog
    /// The support policies (`workflows/policies`).
    public let policies: SupportPolicyCatalog
    let users = UserStore()
    let access = AccessPolicy()
    let reference = ReferenceStore()
    /// The name events reserved to this service carry in the workflow files (`service: ocop`).
    public static let serviceName = "ocop"

    /// Creates the service over a store whose definitions are registered.
    public init(workflows: WorkflowStore, ruleSets: RuleSetCatalog, policies: SupportPolicyCatalog) {
        self.workflows = workflows
        self.ruleSets = ruleSets
        self.policies = policies
    }

    /// Loads the rule sets and policies of a `workflows/` folder.
    public static func load(workflows: WorkflowStore, directory: URL) throws -> OCOPService {
        OCOPService(
            workflows: workflows,
            ruleSets: try RuleSetCatalog.load(directory: directory.appendingPathComponent("rulesets")),
            policies: try SupportPolicyCatalog.load(directory: directory.appendingPathComponent("policies")))
    }

    /// The same service with other policies (e.g. the demo's).
    public func with(policies: SupportPolicyCatalog) -> OCOPService {
        OCOPService(workflows: workflows, ruleSets: ruleSets, policies: policies)
    }

    /// Runs `body` in one transaction on the store's pool.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await workflows.pool.write(.readCommitted, maxAttempts: 1, body)
    }

    /// Runs `body` on a connection of the store's pool, without a write transaction.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await workflows.pool.withConnection(body)
    }

    // MARK: - Shared helpers

    /// The day in Vietnam of a business time.
    static func day(_ now: Date) -> LocalDate { LocalDate(vietnamDayOf: now) }

    /// An instance of `workflow`, or `notFound` naming what was expected.
    func instance(_ id: Int64, of workflow: String, _ what: Bilingual, on connection: Connection) throws -> InstanceRecord {
        let record: InstanceRecord
        do {
            record = try workflows.instance(id, on: connection)
        } catch let error as WorkflowStoreError where error.code == .instanceNotFound {
            throw OCOPError(.notFound, vi: "không có \(what.vi) số \(id)", en: "no \(what.en) number \(id)")
        }
        guard record.workflow == workflow else {
            throw OCOPError(.notFound, vi: "không có \(what.vi) số \(id)", en: "no \(what.en) number \(id)")
        }
        return record
    }

    /// The actor `userID` acts as on a record of `subjectID` in `unitCode`: only the roles whose grants cover it.
    ///
    /// For a producer's step taken by staff (`producerStep`), the history records that they acted on behalf of the subject.
    func actor(
        _ userID: String, subjectID: String?, unitCode: String?, producerStep: Bool = false, recordID: Int64? = nil, on connection: Connection
    ) throws -> WorkflowActor {
        let roles = try access.coveringRoles(
            of: userID, users: users, subjectID: subjectID, unitCode: unitCode, recordID: recordID, on: connection)
        let onBehalf = producerStep && !roles.contains("CT") ? subjectID : nil
        return WorkflowActor(id: userID, roles: roles, onBehalfOf: onBehalf)
    }

    /// The actor for an existing record.
    func actor(_ userID: String, for record: InstanceRecord, producerStep: Bool = false, on connection: Connection) throws -> WorkflowActor {
        try actor(userID, subjectID: record.subjectID, unitCode: record.unitCode, producerStep: producerStep, recordID: record.id, on: connection)
    }

    /// Fires one event; a decision's number and date also go to the history's `legal_ref` column.
    @discardableResult
    func fire(
        _ id: Int64, _ event: String, actor: WorkflowActor, input: [String: JSONValue] = [:], decision: Decision? = nil,
        comment: String? = nil, now: Date, on connection: Connection
    ) throws -> FireResult {
        var input = input
        if let decision {
            input["legal_ref"] = .string(decision.number)
            input["legal_ref_date"] = .string(decision.date.iso)
        }
        return try workflows.fire(
            FireRequest(
                instanceID: id, event: event, actor: actor, input: input, comment: comment, legalRef: decision?.historyText, now: now,
                service: Self.serviceName),
            on: connection)
    }
}

/// A decision (quyết định) or other document: its number and date, e.g. 901/QĐ-UBND of 29/04/2022.
public struct Decision: Sendable, Hashable {
    /// The number with its code, e.g. "901/QĐ-UBND".
    public var number: String
    /// The signing date.
    public var date: LocalDate

    /// Creates a reference.
    public init(number: String, date: LocalDate) {
        self.number = number
        self.date = date
    }

    /// "901/QĐ-UBND ngày 29/04/2022", as written in the history.
    public var historyText: String { "\(number) ngày \(date.displayString)" }
}
