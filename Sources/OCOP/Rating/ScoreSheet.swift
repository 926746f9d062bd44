import Foundation

/// One council member's scores for one product: parts A, B, C and an optional bonus.
///
/// Scores are `Decimal` with at most two places. Integer or `Double` arithmetic is what made existing
/// software round 69.33 down to 69 (§7), so neither appears here.
public struct ScoreSheet: Sendable, Hashable {
    /// The council member who scored.
    public var memberID: String
    /// Part A points.
    public var a: Decimal
    /// Part B points.
    public var b: Decimal
    /// Part C points.
    public var c: Decimal
    /// Bonus points, under a rule set that has them.
    public var bonus: Decimal?

    /// Creates a sheet; it is validated against a rule set by `validate(against:)` or `CouncilResult`.
    public init(memberID: String, a: Decimal, b: Decimal, c: Decimal, bonus: Decimal? = nil) {
        self.memberID = memberID
        self.a = a
        self.b = b
        self.c = c
        self.bonus = bonus
    }

    /// The score of one part, without the bonus.
    public func score(of part: ScorePart) -> Decimal {
        switch part {
        case .a: a
        case .b: b
        case .c: c
        }
    }

    /// A + B + C + bonus.
    public var total: Decimal { a + b + c + (bonus ?? 0) }

    /// Checks every part against the rule set: 0…maximum, at most two decimal places, bonus inside its part.
    public func validate(against ruleSet: RuleSet) throws {
        guard !memberID.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw RatingError(
                code: .emptyMemberID,
                message: Bilingual(vi: "phiếu chấm thiếu mã thành viên hội đồng", en: "a score sheet has no council member id")
            )
        }
        for part in ScorePart.allCases {
            try check(score(of: part), part: part, maximum: ruleSet.maximum(of: part), ruleSet: ruleSet)
        }
        guard let bonus else { return }
        guard let rule = ruleSet.bonus else {
            throw RatingError(
                code: .bonusNotAllowed,
                memberID: memberID,
                message: Bilingual(
                    vi: "thành viên \(memberID): bộ tiêu chí \(ruleSet.id) không có điểm cộng",
                    en: "member \(memberID): rule set \(ruleSet.id) has no bonus points"
                )
            )
        }
        try check(bonus, part: nil, maximum: rule.maximum, ruleSet: ruleSet)
        // §9.3: the bonus is counted inside its part's maximum, so a total never exceeds 100.
        let withBonus = score(of: rule.part) + bonus
        let maximum = ruleSet.maximum(of: rule.part)
        if withBonus > maximum {
            throw RatingError(
                code: .scoreAboveMaximum,
                memberID: memberID,
                part: rule.part,
                message: Bilingual(
                    vi: "thành viên \(memberID): phần \(rule.part) cộng điểm thưởng là \(withBonus.vietnameseText), "
                        + "vượt tối đa \(maximum.vietnameseText) theo \(ruleSet.id)",
                    en: "member \(memberID): part \(rule.part) plus bonus is \(withBonus), above the maximum \(maximum) under \(ruleSet.id)"
                )
            )
        }
    }

    /// One value's checks; `part == nil` means the bonus.
    private func check(_ value: Decimal, part: ScorePart?, maximum: Decimal, ruleSet: RuleSet) throws {
        let whatVI = part.map { "phần \($0)" } ?? "điểm cộng"
        let whatEN = part.map { "part \($0)" } ?? "bonus"
        if value < 0 {
            throw RatingError(
                code: .negativeScore,
                memberID: memberID,
                part: part,
                message: Bilingual(
                    vi: "thành viên \(memberID): điểm \(whatVI) là \(value.vietnameseText), không được âm",
                    en: "member \(memberID): \(whatEN) score \(value) is negative"
                )
            )
        }
        if value > maximum {
            throw RatingError(
                code: part == nil ? .bonusAboveMaximum : .scoreAboveMaximum,
                memberID: memberID,
                part: part,
                message: Bilingual(
                    vi: "thành viên \(memberID): điểm \(whatVI) là \(value.vietnameseText), vượt tối đa \(maximum.vietnameseText) theo \(ruleSet.id)",
                    en: "member \(memberID): \(whatEN) score \(value) is above the maximum \(maximum) under \(ruleSet.id)"
                )
            )
        }
        if !value.hasAtMost(places: 2) {
            throw RatingError(
                code: .tooManyDecimalPlaces,
                memberID: memberID,
                part: part,
                message: Bilingual(
                    vi: "thành viên \(memberID): điểm \(whatVI) là \(value.vietnameseText), chỉ được tối đa 2 chữ số thập phân",
                    en: "member \(memberID): \(whatEN) score \(value) has more than 2 decimal places"
                )
            )
        }
    }
}
