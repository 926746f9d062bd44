import Foundation

extension RuleSet {
    /// Decides what happens after `level` has scored a product (DOMAIN.md §6.3 routing table, §2.3, §9.5–§9.9).
    ///
    /// - Parameters:
    ///   - level: the level whose council scored (or, for a proposing level, reviewed) the product.
    ///   - average: the council's rounded average; not needed at a level that only proposes.
    ///   - mandatory: which ranks' mandatory criteria the product meets, as assessed by this level.
    ///   - date: the day of the scoring; it matters only around the end of districts (§9.9).
    ///   - switches: overrides for the rule set's own §9 switches.
    ///
    /// ```swift
    /// let decision = try ruleSet.route(level: .province, average: 92.5, mandatory: .allMet, on: day)
    /// // ocop-1048 → .forward(to: .central, certifyingFirst: .four)
    /// ```
    public func route(
        level: CouncilLevel,
        average: Decimal?,
        mandatory: MandatoryCriteriaResults,
        on date: LocalDate,
        switches: RatingSwitches? = nil
    ) throws -> RoutingDecision {
        let switches = switches ?? self.switches
        let levelRule = try availableRule(for: level, on: date)
        guard levelRule.scores else {
            // The commune under 1489 reviews and proposes; there is no threshold to apply (§2.3).
            guard let next = levelRule.forwardTo else { throw inconsistency(at: level) }
            return .forward(to: next, certifyingFirst: nil)
        }
        guard let average else {
            throw RatingError(
                code: .averageRequired,
                message: Bilingual(
                    vi: "\(level.name.vi) chấm điểm nên cần điểm trung bình",
                    en: "the \(level.name.en) scores, so an average is needed"
                )
            )
        }
        guard let band = star(forAverage: average) else {
            throw RatingError(
                code: .averageOutOfRange,
                message: Bilingual(
                    vi: "điểm trung bình \(average.vietnameseText) nằm ngoài 0…\(maximumScore.vietnameseText)",
                    en: "the average \(average) is outside 0…\(maximumScore)"
                )
            )
        }
        let assessment = StarAssessment(bandStar: band, mandatory: mandatory, rule: switches.mandatoryCriteriaUnmet)
        if receivesPrecertifiedFourStar(at: level, switches: switches) {
            // 1048: the province already certified 4★; this level only decides whether 5★ supersedes it.
            return assessment.effectiveStar == .five ? .certify(.five, at: level) : .existingCertificateStands(.four)
        }
        guard let star = assessment.effectiveStar else {
            return .notRecognised(assessment.refusal == .scoreBelowThreeStars ? .scoreBelowThreeStars : .mandatoryCriteriaUnmet)
        }
        if let primary = certifyingLevels[star], primary < level, switches.lowerStar(at: level) == .certifyHere {
            return .certify(star, at: level)
        }
        guard case .level(let certifying)? = certifier(for: star, on: date, switches: switches) else {
            return .holdForManualRouting
        }
        if certifying == level {
            return .certify(star, at: level)
        }
        if certifying < level {
            return .returnForCertification(star, to: certifying)
        }
        guard let next = levelRule.forwardTo else { throw inconsistency(at: level) }
        if let threshold = levelRule.forwardThreshold, average < threshold {
            return .notRecognised(.belowForwardingThreshold)
        }
        let certifiesFourHere =
            star == .five && switches.topScoreBeforeForwarding == .certifyFourStarThenForward
            && mandatory.isMet(.four) && certifier(for: .four, on: date, switches: switches) == .level(level)
        return .forward(to: next, certifyingFirst: certifiesFourHere ? .four : nil)
    }

    /// The loader guarantees every level below the top forwards; a hand-built rule set may not.
    private func inconsistency(at level: CouncilLevel) -> RatingError {
        RatingError(
            code: .inconsistentRuleSet,
            message: Bilingual(
                vi: "bộ quy tắc \(id): \(level.name.vi) cần chuyển hồ sơ lên nhưng không có cấp trên",
                en: "rule set \(id): the \(level.name.en) must forward but has no next level"
            )
        )
    }

    /// The rule of a level that exists in this rule set and on this day.
    private func availableRule(for level: CouncilLevel, on date: LocalDate) throws -> LevelRule {
        guard let rule = rule(for: level) else {
            let known = levels.map(\.level.rawValue).joined(separator: ", ")
            throw RatingError(
                code: .levelNotInRuleSet,
                message: Bilingual(
                    vi: "bộ quy tắc \(id) không có \(level.name.vi) (chỉ có: \(known))",
                    en: "rule set \(id) has no \(level.name.en) (only: \(known))"
                )
            )
        }
        guard rule.isAvailable(on: date) else {
            let until = rule.availableUntil?.displayString ?? "—"
            throw RatingError(
                code: .levelNotAvailable,
                message: Bilingual(
                    vi: "\(level.name.vi) chỉ hoạt động đến hết ngày \(until); ngày \(date.displayString) không còn cấp này",
                    en: "the \(level.name.en) exists only until \(until); it no longer exists on \(date)"
                )
            )
        }
        return rule
    }
}
