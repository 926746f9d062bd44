import Foundation
import LibPQ
import OCOP
import Workflow

/// What a producer writes on the idea form (phiếu đăng ký ý tưởng, biểu 01 / 02).
public struct IdeaForm: Sendable, Hashable {
    /// The producer (chủ thể) proposing it.
    public var subjectID: String
    /// The product's name, e.g. "Nước chấm Thanh Mai".
    public var name: String
    /// "01" for a new product, "02" for an existing one.
    public var form: String
    /// The product group code of the rule set in force, if known (e.g. "thuc-pham").
    public var productGroup: String?
    /// The last day of the OCOP cycle; default 31/12 of the registration year.
    public var cycleEndsOn: LocalDate?
    /// Register even though the producer already has an idea or product of nearly the same name (typed without
    /// diacritics, in another case, with a typo); without it such a registration is refused listing the near matches.
    public var confirmDuplicate: Bool

    /// Creates a form.
    public init(
        subjectID: String, name: String, form: String, productGroup: String? = nil, cycleEndsOn: LocalDate? = nil, confirmDuplicate: Bool = false
    ) {
        self.subjectID = subjectID
        self.name = name
        self.form = form
        self.productGroup = productGroup
        self.cycleEndsOn = cycleEndsOn
        self.confirmDuplicate = confirmDuplicate
    }
}

/// The product-idea steps of DOMAIN §6.2: register, survey, propose, approve, reject, return, withdraw.
extension OCOPService {
    static let ideaWorkflow = "product_idea"
    static let ideaWhat = Bilingual(vi: "ý tưởng sản phẩm", en: "product idea")

    /// Registers an idea: creates it (DRAFT) with the form and submits it (SUBMITTED), as the producer or staff for them.
    public func registerIdea(_ form: IdeaForm, by userID: String, now: Date, on connection: Connection) throws -> Int64 {
        let name = form.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw OCOPError(.badInput, vi: "thiếu tên sản phẩm (--name)", en: "the product name is missing (--name)") }
        guard ["01", "02"].contains(form.form) else {
            throw OCOPError(
                .badInput, vi: "biểu \"\(form.form)\" không hợp lệ: dùng 01 (sản phẩm mới) hoặc 02 (sản phẩm đã có)",
                en: "form \"\(form.form)\" is invalid: use 01 (new product) or 02 (existing product)")
        }
        let subject = try self.subject(form.subjectID, on: connection)
        let actor = try actor(userID, subjectID: subject.id, unitCode: subject.unitCode, producerStep: true, on: connection)
        if !form.confirmDuplicate {
            let near = try nearMatches(name, subjectID: subject.id, on: connection)
            if !near.isEmpty {
                throw OCOPError(
                    .duplicate,
                    vi: "chủ thể \(subject.id) đã có \(near.count) hồ sơ tên gần giống \"\(name)\"; kiểm tra lại, hoặc xác nhận đăng ký thêm",
                    en: "producer \(subject.id) already has \(near.count) record(s) named nearly \"\(name)\"; check, or confirm the registration",
                    details: near.map { hit in
                        Bilingual(
                            vi: "\(hit.kind.label.vi) số \(hit.id): \(hit.name) (\(hit.stateLabel?.vi ?? hit.state ?? ""))",
                            en: "\(hit.kind.label.en) \(hit.id): \(hit.name) (\(hit.stateLabel?.en ?? hit.state ?? ""))")
                    })
            }
        }
        let today = Self.day(now)
        let cycleEnd = form.cycleEndsOn ?? LocalDate(year: today.year, month: 12, day: 31)!
        var data: [String: JSONValue] = [
            "cycle_ends_on": .string(cycleEnd.iso), "product_name": .string(name), "form": .string(form.form),
            "subject_name": .string(subject.name), "subject_id": .string(subject.id),
        ]
        if let group = form.productGroup { data["product_group"] = .string(group) }
        let record = try workflows.start(
            workflow: Self.ideaWorkflow, actor: actor, data: data, subjectID: subject.id, unitCode: subject.unitCode, now: now, on: connection)
        try fire(record.id, "submit", actor: actor, now: now, on: connection)
        try connection.execute(
            """
            INSERT INTO ocop_idea (instance_id, subject_id, unit_code, name, form, cycle_year, product_group, registered_on)
            VALUES (\(record.id), \(subject.id), \(subject.unitCode), \(name), \(form.form), \(cycleEnd.year), \(form.productGroup),
                    \(today.iso)::date)
            """)
        return record.id
    }

    /// The district surveys the idea (SUBMITTED → SURVEYED).
    public func surveyIdea(_ id: Int64, surveyRef: String, surveyedOn: LocalDate? = nil, by userID: String, now: Date, on connection: Connection)
        throws
    {
        try ideaStep(
            id, "survey", input: ["survey_ref": .string(surveyRef), "surveyed_on": .string((surveyedOn ?? Self.day(now)).iso)],
            by: userID, now: now, on: connection)
    }

    /// The district proposes it to the province for appraisal (SURVEYED → PROPOSED).
    public func proposeIdea(_ id: Int64, proposalRef: String, by userID: String, now: Date, on connection: Connection) throws {
        try ideaStep(id, "propose", input: ["proposal_ref": .string(proposalRef)], by: userID, now: now, on: connection)
    }

    /// The province (VPĐP) approves it with its decision (PROPOSED → APPROVED).
    public func approveIdea(_ id: Int64, decision: Decision, by userID: String, now: Date, on connection: Connection) throws {
        try ideaStep(id, "approve", decision: decision, by: userID, now: now, on: connection)
    }

    /// The province rejects it, with a reason (PROPOSED → REJECTED).
    public func rejectIdea(_ id: Int64, reason: String, decision: Decision? = nil, by userID: String, now: Date, on connection: Connection) throws {
        try ideaStep(id, "reject", input: ["reason": .string(reason)], decision: decision, by: userID, now: now, on: connection)
    }

    /// Returns it for completion; the 1st and 2nd returns open a 1- and 2-week window, the 3rd defers it (§1.2, §9.12).
    public func returnIdea(_ id: Int64, reason: String, by userID: String, now: Date, on connection: Connection) throws {
        let record = try instance(id, of: Self.ideaWorkflow, Self.ideaWhat, on: connection)
        let returns = record.snapshot.data["returns"]?.numberValue ?? 0
        let event = returns >= 2 ? "return_third" : returns >= 1 ? "return_second" : "return_first"
        try ideaStep(id, event, input: ["reason": .string(reason)], by: userID, now: now, on: connection)
    }

    /// The producer resubmits a returned idea after its window.
    public func resubmitIdea(_ id: Int64, by userID: String, now: Date, on connection: Connection) throws {
        try ideaStep(id, "resubmit", producerStep: true, by: userID, now: now, on: connection)
    }

    /// The producer withdraws the idea.
    public func withdrawIdea(_ id: Int64, reason: String?, by userID: String, now: Date, on connection: Connection) throws {
        try ideaStep(id, "withdraw", input: reason.map { ["reason": .string($0)] } ?? [:], producerStep: true, by: userID, now: now, on: connection)
    }

    private func ideaStep(
        _ id: Int64, _ event: String, input: [String: JSONValue] = [:], decision: Decision? = nil, producerStep: Bool = false,
        by userID: String, now: Date, on connection: Connection
    ) throws {
        let record = try instance(id, of: Self.ideaWorkflow, Self.ideaWhat, on: connection)
        let actor = try actor(userID, for: record, producerStep: producerStep, on: connection)
        try fire(id, event, actor: actor, input: input, decision: decision, now: now, on: connection)
    }

    /// A subject, or `notFound`.
    func subject(_ id: String, on connection: Connection) throws -> ReferenceStore.Subject {
        guard
            let row = try connection.query(
                "SELECT id, name, kind, unit_code, tax_code, representative FROM ocop_subject WHERE id = \(id)"
            ).first
        else { throw OCOPError(.notFound, vi: "không có chủ thể \"\(id)\"", en: "no subject \"\(id)\"") }
        return ReferenceStore.Subject(
            id: try row.decode("id"), name: try row.decode("name"), kind: try row.decode("kind"), unitCode: try row.decode("unit_code"),
            taxCode: try row.decode("tax_code"), representative: try row.decode("representative"))
    }
}
