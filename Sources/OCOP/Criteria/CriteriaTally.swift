import Foundation

/// An "x/N" count of a unit's criteria by status, e.g. Đức Lĩnh "cơ bản đạt 13/20".
///
/// `met` counts only đạt, which is what recognition needs; `metOrBasicallyMet` is the merged figure reports
/// often print. Criteria without an assessment count as not assessed, never as met.
public struct CriteriaTally: Sendable, Hashable, CustomStringConvertible {
    /// N: the number of criteria in the set.
    public let total: Int
    /// Criteria assessed đạt.
    public let met: Int
    /// Criteria assessed cơ bản đạt.
    public let basicallyMet: Int
    /// Criteria assessed chưa đạt.
    public let notYetMet: Int

    /// Counts statuses against a set of `total` criteria; nil when there are more statuses than criteria.
    public init?(statuses: some Sequence<Assessment>, total: Int) {
        var met = 0
        var basicallyMet = 0
        var notYetMet = 0
        for status in statuses {
            switch status {
            case .dat: met += 1
            case .coBanDat: basicallyMet += 1
            case .chuaDat: notYetMet += 1
            }
        }
        guard total >= 0, met + basicallyMet + notYetMet <= total else { return nil }
        self.total = total
        self.met = met
        self.basicallyMet = basicallyMet
        self.notYetMet = notYetMet
    }

    /// Criteria with no assessment yet.
    public var notAssessed: Int { total - met - basicallyMet - notYetMet }

    /// Đạt plus cơ bản đạt: the merged figure of "đã đạt và cơ bản đạt x/N".
    public var metOrBasicallyMet: Int { met + basicallyMet }

    /// True when every criterion is đạt: the guard for SELF_ASSESSED (§6.6).
    public var isComplete: Bool { total > 0 && met == total }

    /// "x/N" with x = đạt only.
    public var description: String { "\(met)/\(total)" }

    /// "x/N" with x = đạt + cơ bản đạt, as reports print it.
    public var reportedFraction: String { "\(metOrBasicallyMet)/\(total)" }
}

extension CriteriaSet {
    /// Counts a unit's assessments, keyed by criterion code, against this set.
    ///
    /// Refuses a code the set does not have (so a typo cannot inflate a count) and a count-only set, whose
    /// criteria are unknown.
    public func tally(_ assessments: [String: Assessment]) throws -> CriteriaTally {
        guard tracking == .perCriterion else {
            throw CriteriaError(
                code: .countOnlySet,
                message: Bilingual(
                    vi: "bộ \(id) chỉ theo dõi theo số lượng, không đánh giá từng tiêu chí",
                    en: "set \(id) is tracked by count only, not per criterion"
                )
            )
        }
        for code in assessments.keys.sorted() where criterion(code: code) == nil {
            throw CriteriaError(
                code: .unknownCriterion,
                message: Bilingual(vi: "bộ \(id) không có tiêu chí '\(code)'", en: "set \(id) has no criterion '\(code)'")
            )
        }
        guard let tally = CriteriaTally(statuses: assessments.values, total: count) else {
            preconditionFailure("every assessed code is a distinct criterion of the set")
        }
        return tally
    }
}
