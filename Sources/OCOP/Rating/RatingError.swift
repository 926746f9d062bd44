import Foundation

/// A score sheet, council result, rule-set choice or routing request that the rules refuse.
///
/// Messages are bilingual and name the council member and part involved, so the secretary entering the
/// sheets can correct the right cell.
public struct RatingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was refused.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case negativeScore, scoreAboveMaximum, tooManyDecimalPlaces, bonusNotAllowed, bonusAboveMaximum
            case emptyMemberID, duplicateMember, noScoreSheets, noRuleSetInForce, unknownRuleSet
            case levelNotInRuleSet, levelNotAvailable, averageRequired, averageOutOfRange, inconsistentRuleSet
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A part score or bonus below zero.
        public static let negativeScore = Code(.negativeScore)
        /// A part score (with its bonus, where the bonus counts inside the part) above the part maximum.
        public static let scoreAboveMaximum = Code(.scoreAboveMaximum)
        /// A score with more than two decimal places.
        public static let tooManyDecimalPlaces = Code(.tooManyDecimalPlaces)
        /// A bonus under a rule set that has none (1048).
        public static let bonusNotAllowed = Code(.bonusNotAllowed)
        /// A bonus above the rule set's bonus maximum.
        public static let bonusAboveMaximum = Code(.bonusAboveMaximum)
        /// A score sheet without a council member id.
        public static let emptyMemberID = Code(.emptyMemberID)
        /// Two sheets from the same council member.
        public static let duplicateMember = Code(.duplicateMember)
        /// A council result with no sheets.
        public static let noScoreSheets = Code(.noScoreSheets)
        /// No rule set is in force on the submission date (before 2019-08-21).
        public static let noRuleSetInForce = Code(.noRuleSetInForce)
        /// A rule-set id that the catalog does not hold.
        public static let unknownRuleSet = Code(.unknownRuleSet)
        /// A level the rule set does not have (a commune under 148, a district under 1489).
        public static let levelNotInRuleSet = Code(.levelNotInRuleSet)
        /// A level that no longer exists on the date (a district after 2025-06-30).
        public static let levelNotAvailable = Code(.levelNotAvailable)
        /// A scoring level routed without an average.
        public static let averageRequired = Code(.averageRequired)
        /// An average outside 0…100.
        public static let averageOutOfRange = Code(.averageOutOfRange)

        /// A rule set built by hand that the loader would have refused (a level that neither certifies nor forwards…).
        public static let inconsistentRuleSet = Code(.inconsistentRuleSet)

        /// The code's stable name.
        public var description: String { base.rawValue }
    }

    /// What was refused.
    public let code: Code
    /// The council member concerned, when there is one.
    public let memberID: String?
    /// The part concerned, when there is one.
    public let part: ScorePart?
    /// The explanation in Vietnamese and English.
    public let message: Bilingual

    /// Creates an error.
    public init(code: Code, memberID: String? = nil, part: ScorePart? = nil, message: Bilingual) {
        self.code = code
        self.memberID = memberID
        self.part = part
        self.message = message
    }

    /// "[code] vi / en".
    public var description: String { "[\(code)] \(message.vi) / \(message.en)" }
}
