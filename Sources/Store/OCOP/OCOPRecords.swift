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

    public static func == (lhs: ProducerItem, rhs: ProducerItem) -> Bool {
        lhs.kind == rhs.kind && lhs.row == rhs.row && lhs.missing == rhs.missing
            && lhs.deadlines.map(\.at) == rhs.deadlines.map(\.at) && lhs.deadlines.map(\.label) == rhs.deadlines.map(\.label)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(row)
    }
}
