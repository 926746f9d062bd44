import Foundation

extension RuleSet {
    /// Who certifies a star on a given day once §9.9 is applied.
    enum Certifier: Equatable {
        /// This level certifies.
        case level(CouncilLevel)
        /// The certifying level does not exist that day and the switch says to wait for a person.
        case hold
    }

    /// The level that certifies `star` on `date`: the rule set's level, or — when that level no longer exists
    /// (a district after 2025-06-30, §9.9) — the next level up that does, unless the switch says hold.
    func certifier(for star: Star, on date: LocalDate, switches: RatingSwitches) -> Certifier? {
        guard let primary = certifyingLevels[star], var rule = self.rule(for: primary) else { return nil }
        while !rule.isAvailable(on: date) {
            guard switches.withoutDistrictLevel == .provinceActsForDistrict,
                let next = rule.forwardTo, let nextRule = self.rule(for: next)
            else { return .hold }
            rule = nextRule
        }
        return .level(rule.level)
    }

    /// The levels that may certify `star` on `date`, so a workflow can refuse a certification entered at the wrong level.
    ///
    /// That is the certifying level of the rule set (after §9.9), plus any higher scoring level whose §9.6 switch
    /// lets it certify the lower star itself. Empty for 1★ and 2★, and when §9.9 says to hold.
    public func levelsThatMayCertify(_ star: Star, on date: LocalDate, switches: RatingSwitches? = nil) -> Set<CouncilLevel> {
        let switches = switches ?? self.switches
        guard let primary = certifyingLevels[star] else { return [] }
        var result: Set<CouncilLevel> = []
        if case .level(let level)? = certifier(for: star, on: date, switches: switches) {
            result.insert(level)
        }
        for rule in levels where rule.level > primary && rule.scores && rule.isAvailable(on: date) {
            if rule.level == .province || rule.level == .central, switches.lowerStar(at: rule.level) == .certifyHere {
                result.insert(rule.level)
            }
        }
        return result
    }

    /// True when `level` may certify `star` on `date` under this rule set and switches.
    public func mayCertify(_ star: Star, at level: CouncilLevel, on date: LocalDate, switches: RatingSwitches? = nil) -> Bool {
        levelsThatMayCertify(star, on: date, switches: switches).contains(level)
    }

    /// True when the level below `level` certifies 4★ before forwarding a top score to it (§9.5, 1048's default),
    /// which means a 4★ certificate already exists when `level` scores.
    func receivesPrecertifiedFourStar(at level: CouncilLevel, switches: RatingSwitches) -> Bool {
        guard switches.topScoreBeforeForwarding == .certifyFourStarThenForward,
            let below = levels.first(where: { $0.forwardTo == level }),
            certifyingLevels[.four] == below.level,
            certifyingLevels[.five] == level
        else { return false }
        return true
    }
}
