import Foundation
import LibPQ
import OCOP
import Workflow

/// Support claims (§3, §6.5): allocation, the beneficiary's dossier, acceptance (nghiệm thu), payment and settlement.
extension OCOPService {
    static let claimWorkflow = "support_claim"
    static let claimWhat = Bilingual(vi: "hồ sơ hỗ trợ", en: "support claim")

    /// The allocation decision sends the funds (e.g. 901/QĐ-UBND of 29/04/2022): ELIGIBLE → ALLOCATED.
    public func allocateClaim(_ id: Int64, decision: Decision, by userID: String, now: Date, on connection: Connection) throws {
        try claimStep(id, "allocate", decision: decision, by: userID, now: now, on: connection)
    }

    /// The beneficiary submits the claim dossier: ALLOCATED → DOSSIER_SUBMITTED.
    public func submitClaim(_ id: Int64, dossierRef: String, by userID: String, now: Date, on connection: Connection) throws {
        try claimStep(id, "submit_dossier", input: ["dossier_ref": .string(dossierRef)], producerStep: true, by: userID, now: now, on: connection)
    }

    /// Acceptance (nghiệm thu) with its minutes: DOSSIER_SUBMITTED → ACCEPTED. The claim's copy of the certificate's state
    /// is refreshed first, so an expired or revoked certificate is refused (`certificate_in_force`).
    public func acceptClaim(
        _ id: Int64, minutesRef: String, acceptedOn: LocalDate? = nil, by userID: String, now: Date, on connection: Connection
    ) throws {
        let claim = try instance(id, of: Self.claimWorkflow, Self.claimWhat, on: connection)
        // The certificate's state as of the acceptance day, decided by its dates too (an expired certificate is expired
        // whether or not the timer has recorded it).
        if let certificateID = claim.snapshot.data["certificate_ref"]?.stringValue.flatMap(Int64.init),
            let state = try connection.query(
                """
                SELECT ocop_certificate_state(instance_id, issued_on, expires_on, \((acceptedOn ?? Self.day(now)).iso)::date) AS state
                FROM ocop_certificate WHERE instance_id = \(certificateID)
                """
            ).first.flatMap({ try $0.decode("state", as: String?.self) }),
            state != claim.snapshot.data["certificate_state"]?.stringValue
        {
            try fire(id, "certificate_changed", actor: .system, input: ["certificate_state": .string(state)], now: now, on: connection)
        }
        try claimStep(
            id, "accept", input: ["minutes_ref": .string(minutesRef), "accepted_on": .string((acceptedOn ?? Self.day(now)).iso)],
            by: userID, now: now, on: connection)
    }

    /// Payment and settlement (thanh, quyết toán): ACCEPTED → PAID_SETTLED; the amount paid defaults to the claim's amount.
    /// A payment above the claim's amount is refused unless `overpaymentReason` says why (the workflow's guard), and the
    /// reason stays in the history. Returns the amount recorded.
    @discardableResult
    public func payClaim(
        _ id: Int64, paymentRef: String, paidOn: LocalDate? = nil, amountPaid: VND? = nil, overpaymentReason: String? = nil,
        by userID: String, now: Date, on connection: Connection
    ) throws -> VND {
        let claim = try instance(id, of: Self.claimWorkflow, Self.claimWhat, on: connection)
        guard let amount = amountPaid ?? claim.snapshot.data["amount"]?.numberValue.map({ VND(NSDecimalNumber(decimal: $0).int64Value) }) else {
            throw OCOPError(.badInput, vi: "thiếu số tiền đã chi (--amount)", en: "the amount paid is missing (--amount)")
        }
        guard amount.dong > 0 else {
            throw OCOPError(.badInput, vi: "số tiền đã chi phải lớn hơn 0", en: "the amount paid must be above 0")
        }
        var input: [String: JSONValue] = [
            "payment_ref": .string(paymentRef), "paid_on": .string((paidOn ?? Self.day(now)).iso), "amount_paid": .int(amount.dong),
        ]
        if let overpaymentReason { input["overpayment_reason"] = .string(overpaymentReason) }
        try claimStep(id, "settle", input: input, by: userID, now: now, on: connection)
        return amount
    }

    /// The dossier goes back to the producer for completion (DOSSIER_SUBMITTED → ALLOCATED), saying what is missing.
    public func returnClaim(_ id: Int64, reason: String, by userID: String, now: Date, on connection: Connection) throws {
        try claimStep(id, "return_dossier", input: ["reason": .string(reason)], by: userID, now: now, on: connection)
    }

    /// The claim is refused, with a reason.
    public func rejectClaim(_ id: Int64, reason: String, by userID: String, now: Date, on connection: Connection) throws {
        try claimStep(id, "reject", input: ["reason": .string(reason)], by: userID, now: now, on: connection)
    }

    private func claimStep(
        _ id: Int64, _ event: String, input: [String: JSONValue] = [:], decision: Decision? = nil, producerStep: Bool = false,
        by userID: String, now: Date, on connection: Connection
    ) throws {
        let record = try instance(id, of: Self.claimWorkflow, Self.claimWhat, on: connection)
        let actor = try actor(userID, for: record, producerStep: producerStep, on: connection)
        try fire(id, event, actor: actor, input: input, decision: decision, now: now, on: connection)
    }
}
