import Foundation
import OCOP
import Workflow

/// Guards that make every decision after a council's score the one the rule set gives (§2.3, §6.3 routing table).
extension Domain {
    /// `routing_allows`: `RuleSet.route(level:average:mandatory:on:)`, run on the stored `average` and
    /// `mandatory_met_3/4/5`, gives the route `decision` at `level`; when the event's input names a `star`, it is the
    /// star the route certifies.
    static func routingAllows(_ rules: RuleSetSource) -> GuardSpec {
        GuardSpec(name: "routing_allows", parameters: [.init("level", .string), .init("decision", .string)]) { context in
            guard let level = context.string("level").flatMap(CouncilLevel.init(rawValue:)),
                let expectation = context.string("decision").flatMap(RoutingExpectation.init(rawValue:))
            else {
                return .failed(vi: "tham số level/decision của điều kiện không hợp lệ", en: "invalid level/decision parameter")
            }
            return rules.with(ruleSetAt: "rule_set", in: context) { ruleSet in
                check(expectation, at: level, ruleSet: ruleSet, context: context)
            }
        }
    }

    /// The mandatory-criteria results stored by the `score` event; a rank not recorded counts as not met.
    static func mandatoryResults(_ context: GuardContext) -> MandatoryCriteriaResults {
        MandatoryCriteriaResults([
            .three: context.bool(at: "mandatory_met_3") ?? false,
            .four: context.bool(at: "mandatory_met_4") ?? false,
            .five: context.bool(at: "mandatory_met_5") ?? false,
        ])
    }

    private static func check(_ expectation: RoutingExpectation, at level: CouncilLevel, ruleSet: RuleSet, context: GuardContext) -> GuardResult {
        let scores = ruleSet.rule(for: level)?.scores ?? true
        let average = context.number(at: "average")
        if scores, average == nil {
            return .failed(
                vi: "chưa có điểm trung bình của hội đồng \(level.name.vi)", en: "no \(level.name.en) council average is recorded"
            )
        }
        let decision: RoutingDecision
        do {
            decision = try ruleSet.route(level: level, average: average, mandatory: mandatoryResults(context), on: context.localToday)
        } catch let error as RatingError {
            return .failed(error.message)
        } catch {
            return .failed(vi: "\(error)", en: "\(error)")
        }
        let score = average.map { Bilingual(vi: "điểm \($0.scoreText)", en: "score \($0.scoreText)") }
            ?? Bilingual(vi: "hồ sơ", en: "the dossier")
        guard expectation.matches(decision) else {
            var because = Bilingual(vi: "", en: "")
            if expectation == .forward, let average, let threshold = ruleSet.rule(for: level)?.forwardThreshold, average < threshold {
                because = Bilingual(
                    vi: " (\(average.scoreText) < \(threshold.plainText), chưa đạt ngưỡng chuyển lên cấp trên)",
                    en: " (\(average.scoreText) < \(threshold.plainText), below the forwarding threshold)"
                )
            }
            return .failed(
                vi: "theo \(ruleSet.id), \(score.vi) tại \(level.name.vi): \(decision.explanation.vi)\(because.vi); "
                    + "không được \(expectation.name.vi)",
                en: "under \(ruleSet.id), \(score.en) at the \(level.name.en): \(decision.explanation.en)\(because.en); "
                    + "cannot \(expectation.name.en)"
            )
        }
        if let given = context.integer(at: "input.star"), let star = decision.starCertifiedHere, given != star.rawValue {
            return .failed(
                vi: "hạng sao nhập \(given) sao khác kết quả xếp hạng: \(star.name.vi) (\(score.vi))",
                en: "the star entered, \(given)★, differs from the rating: \(star) (\(score.en))"
            )
        }
        return .passed
    }

    /// `may_certify`: `RuleSet.mayCertify` lets `level` certify the star at `star` (default `input.star`) today.
    static func mayCertify(_ rules: RuleSetSource) -> GuardSpec {
        GuardSpec(name: "may_certify", parameters: [.init("level", .string), .init("star", .string, isRequired: false)], readsInput: true) {
            context in
            guard let level = context.string("level").flatMap(CouncilLevel.init(rawValue:)) else {
                return .failed(vi: "tham số level của điều kiện không hợp lệ", en: "invalid level parameter")
            }
            return rules.with(ruleSetAt: "rule_set", in: context) { ruleSet in
                let path = context.path("star", default: "input.star")
                guard let number = context.integer(at: path), let star = Star(rawValue: number) else {
                    return .failed(vi: "chưa nhập hạng sao (1–5)", en: "the star (1–5) was not entered")
                }
                let today = context.localToday
                if ruleSet.mayCertify(star, at: level, on: today) { return .passed }
                let allowed = ruleSet.levelsThatMayCertify(star, on: today).sorted()
                if allowed.isEmpty {
                    return .failed(
                        vi: "\(star.name.vi) không được cấp giấy chứng nhận OCOP theo \(ruleSet.id)",
                        en: "\(star) is not certified as an OCOP product under \(ruleSet.id)"
                    )
                }
                let vi = allowed.map(\.name.vi).joined(separator: ", ")
                let en = allowed.map(\.name.en).joined(separator: ", ")
                return .failed(
                    vi: "theo \(ruleSet.id), \(star.name.vi) do \(vi) công nhận; \(level.name.vi) không có thẩm quyền",
                    en: "under \(ruleSet.id) \(star) is certified by the \(en); the \(level.name.en) may not certify it"
                )
            }
        }
    }
}
