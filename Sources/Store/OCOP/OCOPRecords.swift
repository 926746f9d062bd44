import Foundation
import OCOP
import Workflow

/// One line of an OCOP list (ideas, products, certificates, claims): the record, its stage and what lists show.
public struct OCOPListRow: Sendable, Hashable {
    /// The workflow instance id.
    public var id: Int64
    /// The product's (or idea's) name.
    public var name: String
    /// The producer.
    public var subjectID: String
    /// The producer's name.
    public var subjectName: String
    /// The current state code.
    public var state: String
    /// The state's name in both languages.
    public var stateLabel: Bilingual
    /// Other columns by name (form, year, rule_set, star, level, issued_on, expires_on, policy, amount…), as text.
    public var fields: [String: String]
}

/// One idea or product in a producer's view: its stage, what is missing from the dossier, and the next deadline.
public struct ProducerItem: Sendable, Hashable {
    /// "idea" or "product".
    public var kind: String
    /// The record and its stage.
    public var row: OCOPListRow
    /// The dossier items still missing under the rule set that applies (the product's, or the one in force today).
    public var missing: [Bilingual]
    /// The next pending timer of the record or its certificates: what it does and when.
    public var nextDeadline: (label: Bilingual, at: Date)? { deadlines.first }
    /// Every pending timer of the record and its certificates and claims, soonest first (expiry notice, expiry,
    /// resubmission window, reminders…).
    public var deadlines: [(label: Bilingual, at: Date)] = []
    /// The records whose notifications concern this item (itself, its certificates and claims).
    public var relatedIDs: [Int64] = []
    /// Scores, certificates, claims and payments, and the reasons for returns and refusals.
    public var details = ProducerDetails()

    public static func == (lhs: ProducerItem, rhs: ProducerItem) -> Bool {
        lhs.kind == rhs.kind && lhs.row == rhs.row && lhs.missing == rhs.missing && lhs.details == rhs.details
            && lhs.deadlines.map(\.at) == rhs.deadlines.map(\.at) && lhs.deadlines.map(\.label) == rhs.deadlines.map(\.label)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(row)
    }
}

/// What a producer sees of one product beyond its stage: the councils' results, its certificates, its support claims
/// and payments, and the reasons for every return or refusal of it, its idea, certificates and claims.
public struct ProducerDetails: Sendable, Hashable {
    /// A council's result for the product.
    public struct Score: Sendable, Hashable {
        public var level: String
        public var round: Int
        public var sheets: Int
        public var average: Decimal
        /// The star the score's band gives (before any mandatory-criteria check).
        public var bandStar: Int
        public var ratedOn: LocalDate
    }

    /// A certificate, with its state as of the day asked.
    public struct Certificate: Sendable, Hashable {
        public var id: Int64
        public var star: Int
        public var level: String
        public var issuedOn: LocalDate
        public var expiresOn: LocalDate
        public var decisionRef: String
        public var state: String
        public var stateLabel: Bilingual
    }

    /// A support claim and what was paid.
    public struct Claim: Sendable, Hashable {
        public var id: Int64
        public var policy: String
        public var star: Int
        public var amount: VND
        public var paid: VND?
        public var paidOn: LocalDate?
        public var state: String
        public var stateLabel: Bilingual
    }

    /// A return or refusal, with its reason as recorded.
    public struct Reason: Sendable, Hashable {
        public var recordID: Int64
        public var at: Date
        public var event: String
        public var eventLabel: Bilingual
        public var reason: String
        public var legalRef: String?
    }

    public var scores: [Score] = []
    public var certificates: [Certificate] = []
    public var claims: [Claim] = []
    public var reasons: [Reason] = []

    public init() {}
}
