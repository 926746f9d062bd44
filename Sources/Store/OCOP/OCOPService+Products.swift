import Foundation
import LibPQ
import OCOP
import Workflow

/// The product steps of DOMAIN §6.3 up to scoring: start from an approved idea, business plan, dossier, submission,
/// completeness check, field check (or the commune's proposal under ocop-148-1489).
extension OCOPService {
    static let productWorkflow = "ocop_product"
    static let productWhat = Bilingual(vi: "sản phẩm OCOP", en: "OCOP product")

    /// Starts a product (PLANNING) from an APPROVED idea, which moves to PRODUCT_STARTED; returns the product's id.
    public func startProduct(fromIdea ideaID: Int64, by userID: String, now: Date, on connection: Connection) throws -> Int64 {
        let idea = try instance(ideaID, of: Self.ideaWorkflow, Self.ideaWhat, on: connection)
        let actor = try actor(userID, for: idea, producerStep: true, on: connection)
        guard let row = try connection.query("SELECT name, form, product_group FROM ocop_idea WHERE instance_id = \(ideaID)").first,
            let subjectID = idea.subjectID, let unitCode = idea.unitCode
        else { throw OCOPError(.notFound, vi: "ý tưởng \(ideaID) chưa được đăng ký qua ocop idea register", en: "idea \(ideaID) was not registered") }
        let name: String = try row.decode("name")
        let form: String = try row.decode("form")
        let group: String? = try row.decode("product_group")
        let subject = try self.subject(subjectID, on: connection)
        var data: [String: JSONValue] = [
            "product_name": .string(name), "subject_name": .string(subject.name), "subject_id": .string(subjectID),
            "idea_ref": .string("\(ideaID)"), "dossier_registration_form": .string("Phiếu đăng ký biểu \(form), ý tưởng số \(ideaID)"),
        ]
        if let group { data["product_group"] = .string(group) }
        let product = try workflows.start(
            workflow: Self.productWorkflow, actor: actor, data: data, subjectID: subjectID, unitCode: unitCode, now: now, on: connection)
        try fire(ideaID, "start_plan", actor: actor, input: ["product_ref": .string("\(product.id)")], now: now, on: connection)
        try connection.execute(
            """
            INSERT INTO ocop_product (instance_id, idea_instance_id, subject_id, unit_code, name, product_group, started_on)
            VALUES (\(product.id), \(ideaID), \(subjectID), \(unitCode), \(name), \(group), \(Self.day(now).iso)::date)
            """)
        return product.id
    }

    /// The producer submits the business plan (biểu 03): PLANNING → PLAN_SUBMITTED.
    public func submitPlan(_ id: Int64, businessPlan: String, by userID: String, now: Date, on connection: Connection) throws {
        try productStep(id, "submit_plan", input: ["business_plan": .string(businessPlan)], producerStep: true, by: userID, now: now, on: connection)
    }

    /// The district (the commune after 30/06/2025) approves the plan: PLAN_SUBMITTED → DEVELOPING.
    public func approvePlan(_ id: Int64, note: String? = nil, by userID: String, now: Date, on connection: Connection) throws {
        try productStep(id, "approve_plan", input: note.map { ["note": .string($0)] } ?? [:], by: userID, now: now, on: connection)
    }

    /// Adds one dossier item (e.g. `self-assessment`) with a reference to the document, or marks conditional items as
    /// not applicable (`notApplicable`).
    public func addDossierItem(
        _ id: Int64, code: String, document: String, by userID: String, now: Date, on connection: Connection
    ) throws {
        let known = Set(ruleSets.ruleSets.flatMap { $0.dossierItems.map(\.code) })
        guard known.contains(code) else {
            throw OCOPError(
                .badInput, vi: "mục hồ sơ \"\(code)\" không có trong bộ tiêu chí nào; dùng: \(known.sorted().joined(separator: ", "))",
                en: "dossier item \"\(code)\" is in no rule set; use: \(known.sorted().joined(separator: ", "))")
        }
        let input = code.replacingOccurrences(of: "-", with: "_")
        try productStep(id, "update_dossier", input: [input: .string(document)], producerStep: true, by: userID, now: now, on: connection)
    }

    /// Marks conditional dossier items as not applicable (e.g. `product-samples` for a service).
    public func markNotApplicable(_ id: Int64, codes: [String], by userID: String, now: Date, on connection: Connection) throws {
        try productStep(
            id, "update_dossier", input: ["not_applicable": .string(codes.joined(separator: ","))], producerStep: true, by: userID, now: now,
            on: connection)
    }

    /// The producer submits the rating dossier; the rule set is the one in force on this business day.
    @discardableResult
    public func submitForRating(_ id: Int64, round: String? = nil, by userID: String, now: Date, on connection: Connection) throws -> RuleSet {
        let record = try instance(id, of: Self.productWorkflow, Self.productWhat, on: connection)
        let today = Self.day(now)
        let ruleSet: RuleSet
        do { ruleSet = try ruleSets.ruleSet(forSubmissionDate: today) } catch let error as RatingError { throw OCOPError(error) }
        let actor = try actor(userID, for: record, producerStep: true, on: connection)
        var input: [String: JSONValue] = [
            "rule_set": .string(ruleSet.id), "round": .string(round ?? "đợt \(today.month)/\(today.year)"),
        ]
        let event = record.snapshot.state == "CERTIFIED" ? "apply_for_rerating" : "submit_for_rating"
        if event == "apply_for_rerating" { input["kind"] = .string("upgrade") }
        try fire(id, event, actor: actor, input: input, now: now, on: connection)
        if event == "apply_for_rerating" { try startRenewal(ofProduct: record, by: actor, now: now, on: connection) }
        try connection.execute(
            """
            UPDATE ocop_product SET rule_set = \(ruleSet.id), submitted_on = \(today.iso)::date, submissions = submissions + 1
            WHERE instance_id = \(id)
            """)
        return ruleSet
    }

    /// The district (or commune) checks the dossier: complete → DOSSIER_VALID; otherwise DOSSIER_INCOMPLETE with what is missing.
    public func checkDossier(_ id: Int64, missing: String? = nil, by userID: String, now: Date, on connection: Connection) throws {
        if let missing {
            try productStep(id, "check_incomplete", input: ["missing": .string(missing)], by: userID, now: now, on: connection)
        } else {
            try productStep(id, "check_complete", by: userID, now: now, on: connection)
        }
    }

    /// The producer resubmits an incomplete dossier once completed.
    public func resubmitDossier(_ id: Int64, by userID: String, now: Date, on connection: Connection) throws {
        try productStep(id, "resubmit_dossier", producerStep: true, by: userID, now: now, on: connection)
    }

    /// The assisting team's field check before district scoring: DOSSIER_VALID → FIELD_CHECKED.
    public func fieldCheck(_ id: Int64, reportRef: String, visitedOn: LocalDate? = nil, by userID: String, now: Date, on connection: Connection)
        throws
    {
        try productStep(
            id, "field_check", input: ["field_report_ref": .string(reportRef), "visited_on": .string((visitedOn ?? Self.day(now)).iso)],
            by: userID, now: now, on: connection)
    }

    /// Where no district council scores (ocop-148-1489), the commune proposes the product to the province.
    public func proposeToProvince(_ id: Int64, letterRef: String, by userID: String, now: Date, on connection: Connection) throws {
        try productStep(id, "propose", input: ["letter_ref": .string(letterRef)], by: userID, now: now, on: connection)
    }

    /// A product not recognised or not eligible goes back to development.
    public func resumeDevelopment(_ id: Int64, by userID: String, now: Date, on connection: Connection) throws {
        try productStep(id, "resume_development", producerStep: true, by: userID, now: now, on: connection)
    }

    func productStep(
        _ id: Int64, _ event: String, input: [String: JSONValue] = [:], decision: Decision? = nil, producerStep: Bool = false,
        by userID: String, now: Date, on connection: Connection
    ) throws {
        let record = try instance(id, of: Self.productWorkflow, Self.productWhat, on: connection)
        let actor = try actor(userID, for: record, producerStep: producerStep, on: connection)
        try fire(id, event, actor: actor, input: input, decision: decision, now: now, on: connection)
    }

    /// The rule set's dossier items that are neither present (a file attached, or a note) nor (for conditional items)
    /// marked not applicable.
    public static func missingDossierItems(in data: [String: JSONValue], ruleSet: RuleSet) -> [DossierItem] {
        let notApplicable = Set(
            (data["dossier_not_applicable"]?.stringValue ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return ruleSet.dossierItems.filter { item in
            let field = "dossier_" + item.code.replacingOccurrences(of: "-", with: "_")
            if let value = data[field], !value.isNull { return false }
            if case .object(let files)? = data[DocumentService.filesField], files[item.code] != nil { return false }
            return !(item.condition != nil && notApplicable.contains(item.code))
        }
    }
}
