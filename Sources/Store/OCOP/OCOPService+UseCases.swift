import Foundation
import LibPQ
import OCOP
import Workflow

/// The OCOP steps as use cases for the doors: each opens its own transaction (one attempt, read committed, as the
/// steps check-then-write under their row locks), checks the user's scope inside the step, and throws only
/// ``ServiceError``. The `on connection:` forms stay for composing steps inside one transaction (the demo, tests).
extension OCOPService {
    /// Registers an idea: creates it (DRAFT) with the form and submits it (SUBMITTED), as the producer or staff for them.
    @discardableResult
    public func registerIdea(_ form: IdeaForm, by userID: String, now: Date) async throws(ServiceError) -> Int64 {
        try await inTransaction { connection in try self.registerIdea(form, by: userID, now: now, on: connection) }
    }

    /// The district surveys the idea (SUBMITTED → SURVEYED).
    public func surveyIdea(_ id: Int64, surveyRef: String, surveyedOn: LocalDate? = nil, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.surveyIdea(id, surveyRef: surveyRef, surveyedOn: surveyedOn, by: userID, now: now, on: connection) }
    }

    /// The district proposes it to the province for appraisal (SURVEYED → PROPOSED).
    public func proposeIdea(_ id: Int64, proposalRef: String, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.proposeIdea(id, proposalRef: proposalRef, by: userID, now: now, on: connection) }
    }

    /// The province (VPĐP) approves it with its decision (PROPOSED → APPROVED).
    public func approveIdea(_ id: Int64, decision: Decision, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.approveIdea(id, decision: decision, by: userID, now: now, on: connection) }
    }

    /// The province rejects it, with a reason (PROPOSED → REJECTED).
    public func rejectIdea(_ id: Int64, reason: String, decision: Decision? = nil, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.rejectIdea(id, reason: reason, decision: decision, by: userID, now: now, on: connection) }
    }

    /// Returns it for completion; the 1st and 2nd returns open a 1- and 2-week window, the 3rd defers it (§1.2, §9.12).
    public func returnIdea(_ id: Int64, reason: String, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.returnIdea(id, reason: reason, by: userID, now: now, on: connection) }
    }

    /// The producer resubmits a returned idea after its window.
    public func resubmitIdea(_ id: Int64, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.resubmitIdea(id, by: userID, now: now, on: connection) }
    }

    /// The producer withdraws the idea.
    public func withdrawIdea(_ id: Int64, reason: String?, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.withdrawIdea(id, reason: reason, by: userID, now: now, on: connection) }
    }

    /// Starts a product (PLANNING) from an APPROVED idea, which moves to PRODUCT_STARTED; returns the product's id.
    @discardableResult
    public func startProduct(fromIdea ideaID: Int64, by userID: String, now: Date) async throws(ServiceError) -> Int64 {
        try await inTransaction { connection in try self.startProduct(fromIdea: ideaID, by: userID, now: now, on: connection) }
    }

    /// The producer submits the business plan (biểu 03): PLANNING → PLAN_SUBMITTED.
    public func submitPlan(_ id: Int64, businessPlan: String, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.submitPlan(id, businessPlan: businessPlan, by: userID, now: now, on: connection) }
    }

    /// The district (the commune after 30/06/2025) approves the plan: PLAN_SUBMITTED → DEVELOPING.
    public func approvePlan(_ id: Int64, note: String? = nil, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.approvePlan(id, note: note, by: userID, now: now, on: connection) }
    }

    /// Adds one dossier item (e.g. `self-assessment`) with a reference to the document, or marks conditional items as
    /// not applicable (`notApplicable`).
    public func addDossierItem(_ id: Int64, code: String, document: String, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.addDossierItem(id, code: code, document: document, by: userID, now: now, on: connection) }
    }

    /// Marks conditional dossier items as not applicable (e.g. `product-samples` for a service).
    public func markNotApplicable(_ id: Int64, codes: [String], by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.markNotApplicable(id, codes: codes, by: userID, now: now, on: connection) }
    }

    /// The producer submits the rating dossier; the rule set is the one in force on this business day.
    @discardableResult
    public func submitForRating(_ id: Int64, round: String? = nil, by userID: String, now: Date) async throws(ServiceError) -> RuleSet {
        try await inTransaction { connection in try self.submitForRating(id, round: round, by: userID, now: now, on: connection) }
    }

    /// The district (or commune) checks the dossier: complete → DOSSIER_VALID; otherwise DOSSIER_INCOMPLETE with what is missing.
    public func checkDossier(_ id: Int64, missing: String? = nil, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.checkDossier(id, missing: missing, by: userID, now: now, on: connection) }
    }

    /// The producer resubmits an incomplete dossier once completed.
    public func resubmitDossier(_ id: Int64, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.resubmitDossier(id, by: userID, now: now, on: connection) }
    }

    /// The assisting team's field check before district scoring: DOSSIER_VALID → FIELD_CHECKED.
    public func fieldCheck(_ id: Int64, reportRef: String, visitedOn: LocalDate? = nil, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.fieldCheck(id, reportRef: reportRef, visitedOn: visitedOn, by: userID, now: now, on: connection) }
    }

    /// Where no district council scores (ocop-148-1489), the commune proposes the product to the province.
    public func proposeToProvince(_ id: Int64, letterRef: String, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.proposeToProvince(id, letterRef: letterRef, by: userID, now: now, on: connection) }
    }

    /// A product not recognised or not eligible goes back to development.
    public func resumeDevelopment(_ id: Int64, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.resumeDevelopment(id, by: userID, now: now, on: connection) }
    }

    /// Rates a product at the level awaiting scores: computes `CouncilResult` from the sheets of this submission round,
    /// fires `score` with the average and the mandatory-criteria results, stores the result, and fires the routing event
    /// (not recognised, forward with `letterRef`, return to the certifying level) when the user holds its role.
    /// A certification needs its decision: see ``certify(_:star:decision:letterRef:by:now:on:)``.
    @discardableResult
    public func rate(_ id: Int64, dossierSentOn: LocalDate, mandatory: MandatoryCriteriaResults, minutesRef: String, letterRef: String? = nil, by userID: String, now: Date) async throws(ServiceError) -> RatingOutcome {
        try await inTransaction { connection in try self.rate(id, dossierSentOn: dossierSentOn, mandatory: mandatory, minutesRef: minutesRef, letterRef: letterRef, by: userID, now: now, on: connection) }
    }

    /// Fires the pending routing event of a scored product that needs no decision (forward with its letter, not recognised,
    /// return to the certifying level); returns the event fired.
    @discardableResult
    public func route(_ id: Int64, letterRef: String?, by userID: String, now: Date) async throws(ServiceError) -> (event: String, label: Bilingual) {
        try await inTransaction { connection in
            let event = try self.route(id, letterRef: letterRef, by: userID, now: now, on: connection)
            let definition = try self.workflows.currentDefinition(of: Self.productWorkflow, on: connection)
            return (event, definition.events(named: event).first?.label ?? Bilingual(vi: event, en: event))
        }
    }

    /// Certifies a scored product by decision. The star defaults to the one the rule set routes; a star or level the rule
    /// set does not allow is refused by the workflow's guards (`routing_allows`, `may_certify`) with their reasons.
    /// Under ocop-1048 a province score ≥ 90 certifies 4★ and forwards to the central level (`letterRef` needed).
    @discardableResult
    public func certify(_ id: Int64, star requested: Star? = nil, decision: Decision, letterRef: String? = nil, by userID: String, now: Date) async throws(ServiceError) -> CertificationOutcome {
        try await inTransaction { connection in try self.certify(id, star: requested, decision: decision, letterRef: letterRef, by: userID, now: now, on: connection) }
    }

    /// Revokes a certificate by decision of its issuing authority (violation, failed post-audit, failed re-rating).
    public func revokeCertificate(_ id: Int64, reason: String, decision: Decision, note: String? = nil, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.revokeCertificate(id, reason: reason, decision: decision, note: note, by: userID, now: now, on: connection) }
    }

    /// The allocation decision sends the funds (e.g. 901/QĐ-UBND of 29/04/2022): ELIGIBLE → ALLOCATED.
    public func allocateClaim(_ id: Int64, decision: Decision, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.allocateClaim(id, decision: decision, by: userID, now: now, on: connection) }
    }

    /// The beneficiary submits the claim dossier: ALLOCATED → DOSSIER_SUBMITTED.
    public func submitClaim(_ id: Int64, dossierRef: String, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.submitClaim(id, dossierRef: dossierRef, by: userID, now: now, on: connection) }
    }

    /// Acceptance (nghiệm thu) with its minutes: DOSSIER_SUBMITTED → ACCEPTED. The claim's copy of the certificate's state
    /// is refreshed first, so an expired or revoked certificate is refused (`certificate_in_force`).
    public func acceptClaim(_ id: Int64, minutesRef: String, acceptedOn: LocalDate? = nil, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.acceptClaim(id, minutesRef: minutesRef, acceptedOn: acceptedOn, by: userID, now: now, on: connection) }
    }

    /// Payment and settlement (thanh, quyết toán): ACCEPTED → PAID_SETTLED; the amount paid defaults to the claim's amount.
    @discardableResult
    public func payClaim(
        _ id: Int64, paymentRef: String, paidOn: LocalDate? = nil, amountPaid: VND? = nil, overpaymentReason: String? = nil, by userID: String,
        now: Date
    ) async throws(ServiceError) -> VND {
        try await inTransaction { connection in
            try self.payClaim(
                id, paymentRef: paymentRef, paidOn: paidOn, amountPaid: amountPaid, overpaymentReason: overpaymentReason, by: userID, now: now,
                on: connection)
        }
    }

    /// The dossier goes back to the producer for completion (DOSSIER_SUBMITTED → ALLOCATED), saying what is missing.
    public func returnClaim(_ id: Int64, reason: String, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.returnClaim(id, reason: reason, by: userID, now: now, on: connection) }
    }

    /// The claim is refused, with a reason.
    public func rejectClaim(_ id: Int64, reason: String, by userID: String, now: Date) async throws(ServiceError) {
        try await inTransaction { connection in try self.rejectClaim(id, reason: reason, by: userID, now: now, on: connection) }
    }

    /// Adds sheets all-or-nothing: every entry is checked first (stage, scope, rule-set maxima, a member scoring twice),
    /// every problem is reported together, and only a clean batch is written. Returns the number of sheets added.
    @discardableResult
    public func addScoreSheets(_ entries: [ScoreEntry], by userID: String, now: Date) async throws(ServiceError) -> Int {
        try await inTransaction { connection in try self.addScoreSheets(entries, by: userID, now: now, on: connection) }
    }

    /// Imports a CSV of score sheets all-or-nothing, every bad line reported at once.
    @discardableResult
    public func importScoreSheets(csv text: String, product: Int64? = nil, by userID: String, now: Date) async throws(ServiceError) -> Int {
        try ImportLimits.check(text, name: "CSV")
        return try await inTransaction { connection in try self.importScoreSheets(csv: text, product: product, by: userID, now: now, on: connection) }
    }

    /// Sets up a rating council with its members (the decision of the People's Committee chair of its level).
    @discardableResult
    public func createCouncil(_ form: CouncilForm, by userID: String, now: Date) async throws(ServiceError) -> Council {
        try await inTransaction { connection in try self.createCouncil(form, by: userID, now: now, on: connection) }
    }

    /// Adds a member to a council.
    @discardableResult
    public func addCouncilMember(_ member: CouncilMember, to code: String, by userID: String) async throws(ServiceError) -> Council {
        try await inTransaction { connection in try self.addCouncilMember(member, to: code, by: userID, on: connection) }
    }

    /// Every council with its members (public decisions: any signed-in user).
    public func councils(by userID: String) async throws(ServiceError) -> [Council] {
        try await inSnapshot { connection in try self.councils(by: userID, on: connection) }
    }

    /// One council.
    public func council(_ code: String, by userID: String) async throws(ServiceError) -> Council {
        try await inSnapshot { connection in
            _ = try self.users.user(userID, on: connection)
            return try self.council(code, on: connection)
        }
    }

    /// The producer's view: every idea and product of the subjects the user's grants cover, with its stage, the dossier
    /// items still missing, and the next deadline (the earliest pending timer of the record or of its certificates).
    public func producerStatus(for userID: String, today: LocalDate) async throws(ServiceError) -> [ProducerItem] {
        try await inSnapshot { connection in try self.producerStatus(for: userID, today: today, on: connection) }
    }
}
