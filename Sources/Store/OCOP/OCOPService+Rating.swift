import Foundation
import LibPQ
import OCOP
import Workflow

/// What a council's rating did.
public struct RatingOutcome: Sendable, Hashable {
    /// The level whose council scored.
    public var level: CouncilLevel
    /// The number of sheets averaged.
    public var sheets: Int
    /// The exact mean of the members' totals.
    public var exactAverage: Decimal
    /// The mean rounded to two places (§9.8): the score that is banded and routed.
    public var average: Decimal
    /// The star of the average's band, before mandatory criteria.
    public var bandStar: Star
    /// What the rule set says happens next.
    public var decision: RoutingDecision
    /// The workflow events fired, in order (`score`, then any routing event that needs no decision).
    public var events: [String]
}

/// Council rating (§2, §6.3): average the sheets, fire `score`, then the routing event the rule set allows.
extension OCOPService {
    /// Rates a product at the level awaiting scores: computes `CouncilResult` from the sheets of this submission round,
    /// fires `score` with the average and the mandatory-criteria results, stores the result, and fires the routing event
    /// (not recognised, forward with `letterRef`, return to the certifying level) when the user holds its role.
    /// A certification needs its decision: see ``certify(_:star:decision:letterRef:by:now:on:)``.
    public func rate(
        _ id: Int64, dossierSentOn: LocalDate, mandatory: MandatoryCriteriaResults, minutesRef: String, letterRef: String? = nil,
        by userID: String, now: Date, on connection: Connection
    ) throws -> RatingOutcome {
        let record = try instance(id, of: Self.productWorkflow, Self.productWhat, on: connection)
        guard let level = Self.scoringLevel(of: record.snapshot.state) else {
            throw OCOPError(
                .wrongStage, vi: "sản phẩm \(id) đang ở trạng thái \(record.snapshot.state), không chờ hội đồng chấm điểm",
                en: "product \(id) is \(record.snapshot.state), not awaiting a council's rating")
        }
        let ruleSet = try self.ruleSet(of: record)
        let round = try connection.query("SELECT submissions FROM ocop_product WHERE instance_id = \(id)").single().decode(
            "submissions", as: Int.self)
        let council = try scoringCouncil(id, level: level, unitCode: record.unitCode, on: Self.day(now), connection)
        // Only this council's sheets count (not those of a council replaced in the meantime).
        let sheets = try self.sheets(product: id, level: level, round: round, council: council.id, on: connection)
        let counted = sheets.count
        guard counted >= council.minimumSheets else {
            throw OCOPError(
                .wrongStage,
                vi: "sản phẩm \(id): \(council.name) mới có \(counted)/\(council.minimumSheets) phiếu chấm cần có trước khi ra kết quả",
                en: "product \(id): \(council.name) has \(counted) of the \(council.minimumSheets) sheets needed before a result")
        }
        let result: CouncilResult
        do { result = try CouncilResult(sheets: sheets, ruleSet: ruleSet) } catch let error as RatingError {
            throw OCOPError(error, context: Bilingual(vi: "sản phẩm \(id), \(level.name.vi)", en: "product \(id), \(level.name.en)"))
        }
        let actor = try actor(userID, for: record, on: connection)
        let input: [String: JSONValue] = [
            "average": .decimal(result.average), "mandatory_3": .bool(mandatory.isMet(.three)), "mandatory_4": .bool(mandatory.isMet(.four)),
            "mandatory_5": .bool(mandatory.isMet(.five)), "minutes_ref": .string(minutesRef), "dossier_sent_on": .string(dossierSentOn.iso),
        ]
        try fire(id, "score", actor: actor, input: input, comment: "\(sheets.count) phiếu chấm / score sheets", now: now, on: connection)
        let today = Self.day(now)
        let decision: RoutingDecision
        do { decision = try ruleSet.route(level: level, average: result.average, mandatory: mandatory, on: today) } catch let error as RatingError {
            throw OCOPError(error)
        }
        try connection.execute(
            """
            INSERT INTO ocop_council_result (product_instance_id, level, round, rule_set, sheets, exact_average, average, band_star,
                mandatory_3, mandatory_4, mandatory_5, decision, rated_on)
            VALUES (\(id), \(level.rawValue), \(round), \(ruleSet.id), \(sheets.count), \(result.exactAverage), \(result.average),
                \(result.bandStar.rawValue), \(mandatory.isMet(.three)), \(mandatory.isMet(.four)), \(mandatory.isMet(.five)),
                \(decision.description), \(today.iso)::date)
            """)
        var events = ["score"]
        if let event = try followRouting(id, decision: decision, actor: actor, letterRef: letterRef, now: now, on: connection) {
            events.append(event)
        }
        return RatingOutcome(
            level: level, sheets: sheets.count, exactAverage: result.exactAverage, average: result.average, bandStar: result.bandStar,
            decision: decision, events: events)
    }

    /// Fires the pending routing event of a scored product that needs no decision (forward with its letter, not recognised,
    /// return to the certifying level); returns the event fired.
    @discardableResult
    public func route(_ id: Int64, letterRef: String?, by userID: String, now: Date, on connection: Connection) throws -> String {
        let record = try instance(id, of: Self.productWorkflow, Self.productWhat, on: connection)
        let (_, _, decision) = try routing(of: record, on: Self.day(now))
        let actor = try actor(userID, for: record, on: connection)
        guard let event = try followRouting(id, decision: decision, actor: actor, letterRef: letterRef, now: now, on: connection) else {
            throw OCOPError(
                .wrongStage, vi: "không có bước chuyển nào \"\(userID)\" thực hiện được: \(decision.explanation.vi)",
                en: "no routing step \"\(userID)\" can take: \(decision.explanation.en)")
        }
        return event
    }

    /// The rule set, level and routing decision of a product in a *_SCORED state, from its stored average.
    func routing(of record: InstanceRecord, on day: LocalDate) throws -> (RuleSet, CouncilLevel, RoutingDecision) {
        let levels: [String: CouncilLevel] = ["DISTRICT_SCORED": .district, "PROVINCE_SCORED": .province, "CENTRAL_SCORED": .central]
        guard let level = levels[record.snapshot.state] else {
            throw OCOPError(
                .wrongStage, vi: "sản phẩm \(record.id) đang ở trạng thái \(record.snapshot.state), chưa có kết quả chấm điểm",
                en: "product \(record.id) is \(record.snapshot.state); it has no council result")
        }
        let ruleSet = try self.ruleSet(of: record)
        let data = record.snapshot.data
        let mandatory = MandatoryCriteriaResults([
            .three: data["mandatory_met_3"]?.boolValue ?? false, .four: data["mandatory_met_4"]?.boolValue ?? false,
            .five: data["mandatory_met_5"]?.boolValue ?? false,
        ])
        do {
            return (ruleSet, level, try ruleSet.route(level: level, average: data["average"]?.numberValue, mandatory: mandatory, on: day))
        } catch let error as RatingError {
            throw OCOPError(error)
        }
    }

    /// Fires the routing event that needs no decision, when the actor holds its role; nil when there is none to fire.
    private func followRouting(
        _ id: Int64, decision: RoutingDecision, actor: WorkflowActor, letterRef: String?, now: Date, on connection: Connection
    ) throws -> String? {
        var input: [String: JSONValue] = [:]
        let event: String
        switch decision {
        case .notRecognised:
            event = "not_recognise"
            input["note"] = .string(decision.explanation.vi)
        case .forward(_, nil):
            guard let letterRef else { return nil }
            event = "forward"
            input["letter_ref"] = .string(letterRef)
        case .returnForCertification(_, let level):
            event = level == .district ? "return_to_district" : "return_to_province"
            if let letterRef { input["letter_ref"] = .string(letterRef) }
        case .existingCertificateStands:
            event = "keep_existing_star"
        case .certify, .forward, .holdForManualRouting:
            return nil
        }
        let record = try workflows.instance(id, on: connection)
        let definition = try workflows.engine(definitionID: record.definitionID, on: connection).definition
        guard let roles = definition.event(named: event, from: record.snapshot.state)?.roles, !actor.roles.isDisjoint(with: roles) else {
            return nil
        }
        try fire(id, event, actor: actor, input: input, comment: decision.explanation.vi, now: now, on: connection)
        return event
    }

    /// The rule set fixed at the product's submission.
    func ruleSet(of record: InstanceRecord) throws -> RuleSet {
        guard let id = record.snapshot.data["rule_set"]?.stringValue else {
            throw OCOPError(
                .wrongStage, vi: "sản phẩm \(record.id) chưa nộp hồ sơ đánh giá", en: "product \(record.id) has not been submitted for rating")
        }
        do { return try ruleSets.ruleSet(id: id) } catch let error as RatingError { throw OCOPError(error) }
    }
}
