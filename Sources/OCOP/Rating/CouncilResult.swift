import Foundation

/// A council's result for one product: the average of its members' totals, rounded, and its band star.
///
/// The final score is the average of members' totals ("tổng điểm trung bình", §2.1), rounded half-up to two
/// places by default (§9.8), so 49.995 becomes 50.00 and lands in 3★.
public struct CouncilResult: Sendable, Hashable {
    /// The rule set the sheets were validated against.
    public let ruleSetID: String
    /// The sheets, in the order given.
    public let sheets: [ScoreSheet]
    /// The exact mean of the totals, before rounding, kept for the minutes.
    public let exactAverage: Decimal
    /// The mean rounded as the rule set's switches say; this is the score that is banded and routed.
    public let average: Decimal
    /// The band star of `average`, before mandatory criteria.
    public let bandStar: Star

    /// Validates every sheet, refuses an empty council or a member who scored twice, and averages the totals.
    public init(sheets: [ScoreSheet], ruleSet: RuleSet) throws {
        guard !sheets.isEmpty else {
            throw RatingError(
                code: .noScoreSheets,
                message: Bilingual(vi: "hội đồng chưa có phiếu chấm nào", en: "the council has no score sheets")
            )
        }
        var members: Set<String> = []
        for sheet in sheets {
            try sheet.validate(against: ruleSet)
            guard members.insert(sheet.memberID).inserted else {
                throw RatingError(
                    code: .duplicateMember,
                    memberID: sheet.memberID,
                    message: Bilingual(
                        vi: "thành viên \(sheet.memberID) có hơn một phiếu chấm cho cùng sản phẩm",
                        en: "member \(sheet.memberID) has more than one score sheet for the same product"
                    )
                )
            }
        }
        let sum = sheets.reduce(Decimal(0)) { $0 + $1.total }
        let exact = sum / Decimal(sheets.count)
        let rounded = ruleSet.switches.roundAverage(exact)
        guard let star = ruleSet.star(forAverage: rounded) else {
            // Validated sheets stay within the part maxima; only a hand-built rule set whose bands miss them gets here.
            throw RatingError(
                code: .inconsistentRuleSet,
                message: Bilingual(
                    vi: "điểm trung bình \(rounded.vietnameseText) không thuộc khoảng điểm nào của \(ruleSet.id)",
                    en: "the average \(rounded) is outside every band of \(ruleSet.id)"
                )
            )
        }
        self.ruleSetID = ruleSet.id
        self.sheets = sheets
        self.exactAverage = exact
        self.average = rounded
        self.bandStar = star
    }

    /// The star after the mandatory criteria, under the rule set's §9.7 switch.
    public func assessment(mandatory: MandatoryCriteriaResults, switches: RatingSwitches) -> StarAssessment {
        StarAssessment(bandStar: bandStar, mandatory: mandatory, rule: switches.mandatoryCriteriaUnmet)
    }
}
