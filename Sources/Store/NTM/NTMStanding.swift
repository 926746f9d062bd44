import Foundation
import OCOP
import Workflow

/// A unit's NTM standing as of a day (DOMAIN §4.7, §4.8, §4.9, §6.6): what the district report, `ocop ntm tally`,
/// `ocop ntm list`, the API and the dashboard all show for it, computed once by ``NTMStandingReader``.
///
/// - `counts`: per criteria set, đạt / cơ bản đạt / chưa đạt of N — the later of the per-criterion assessments and
///   the latest reported count on that set (a tie goes to the assessments, whose split is known).
/// - `registrations`: the unit's registrations (and those of the units merged into it) in their state as of the day;
///   a recognition, re-confirmation, revocation or merger counts from its decision's date, not from the day it was
///   entered.
/// - `scopes`: per scope, the % KH of the year, the model conditions and which set the latest reported count used.
public struct NTMStanding: Sendable, Hashable, Codable {
    /// The unit (as in force on the day).
    public var unit: DistrictReport.UnitRef
    /// The unit's kind (commune, town, village…).
    public var kind: String
    public var asOf: LocalDate
    /// "x/N" per criteria set id.
    public var counts: [String: DistrictReport.CriteriaCount]
    /// Registrations as they stood on the day, oldest year first.
    public var registrations: [Registration]
    /// Figures reported per scope (scope raw value).
    public var scopes: [String: ScopeFigures]

    public init(
        unit: DistrictReport.UnitRef, kind: String, asOf: LocalDate, counts: [String: DistrictReport.CriteriaCount] = [:],
        registrations: [Registration] = [], scopes: [String: ScopeFigures] = [:]
    ) {
        self.unit = unit
        self.kind = kind
        self.asOf = asOf
        self.counts = counts
        self.registrations = registrations
        self.scopes = scopes
    }

    /// One registration as it stood on the day.
    public struct Registration: Sendable, Hashable, Codable {
        public var id: Int64
        /// The workflow version it runs on (for its states' labels).
        public var definitionID: Int64
        /// The unit it was registered under: the standing's unit, or a unit since merged into it.
        public var unit: DistrictReport.UnitRef
        public var scope: String
        public var year: Int
        public var criteriaSet: String?
        /// Entered as an earlier recognition (``NTMService/recordPriorRecognition(_:decision:by:now:on:)``).
        public var prior: Bool
        /// The state on the day, e.g. "IMPLEMENTING", "RECOGNISED", "NEEDS_RECONFIRMATION", and its label.
        public var state: String
        public var stateLabel: Bilingual
        /// The recognition and what became of it by the day; nil when never recognised by then.
        public var recognition: DistrictReport.Recognition?

        public init(
            id: Int64, definitionID: Int64, unit: DistrictReport.UnitRef, scope: String, year: Int, criteriaSet: String?, prior: Bool = false,
            state: String, stateLabel: Bilingual, recognition: DistrictReport.Recognition?
        ) {
            self.prior = prior
            self.id = id
            self.definitionID = definitionID
            self.unit = unit
            self.scope = scope
            self.year = year
            self.criteriaSet = criteriaSet
            self.state = state
            self.stateLabel = stateLabel
            self.recognition = recognition
        }

        /// Still open: neither closed (carried over, revoked, withdrawn) nor holding the level.
        public var open: Bool { !NTMService.closedStates.contains(state) && !holdsLevel && state != "NEEDS_RECONFIRMATION" }
        /// Holding the level on the day (recognised or maintaining).
        public var holdsLevel: Bool { NTMService.recognisedStates.contains(state) }
        /// The scope as a value, when it is one of the known scopes.
        public var scopeValue: CriteriaSet.Scope? { CriteriaSet.Scope(rawValue: scope) }
    }

    /// What a unit reported on one scope by the day.
    public struct ScopeFigures: Sendable, Hashable, Codable {
        /// % KH of the day's year (a share of one year's plan: earlier years do not count).
        public var progress: DistrictReport.ProgressRange?
        /// Model conditions met (of 319's 4), for model communes.
        public var modelConditionsMet: Int?
        /// The set and day of the latest reported "x/N" on this scope.
        public var countSet: String?
        public var countAsOf: LocalDate?

        public init(progress: DistrictReport.ProgressRange? = nil, modelConditionsMet: Int? = nil, countSet: String? = nil, countAsOf: LocalDate? = nil) {
            self.progress = progress
            self.modelConditionsMet = modelConditionsMet
            self.countSet = countSet
            self.countAsOf = countAsOf
        }

        /// The latest day any figure on this scope is as of.
        var latest: LocalDate? { [countAsOf, progress?.asOf].compactMap { $0 }.max() }
    }

    /// The count on a set, or — when nothing was recorded on it by the day — nil.
    public func count(on set: String) -> DistrictReport.CriteriaCount? { counts[set] }
}

extension DistrictReport {
    /// A recognition (đạt chuẩn) by decision, and what became of it by the report's day (DOMAIN §4.8, §4.9).
    public struct Recognition: Sendable, Hashable, Codable {
        /// Where it stands on the day.
        public enum Status: String, Sendable, Hashable, Codable {
            /// Recognised (or maintaining): the unit holds the level.
            case recognised
            /// The unit was merged: the recognition awaits re-confirmation (thừa nhận) of the merged unit.
            case awaitingReconfirmation = "awaiting-reconfirmation"
            /// Re-confirmed after a merger.
            case reconfirmed
            /// Revoked by decision.
            case revoked
        }

        public var status: Status
        /// The unit recognised (a unit since merged into the one reported on, or that unit itself).
        public var unit: UnitRef?
        /// The level recognised (a scope, e.g. "commune-advanced").
        public var scope: String?
        /// The recognition decision, e.g. "3900/QĐ-UBND", and its date.
        public var decision: String?
        public var decisionDate: LocalDate?
        /// The merger: the unit merged into, the resolution and its date.
        public var mergedInto: String?
        public var mergerDecision: String?
        public var mergerDate: LocalDate?
        /// The re-confirmation or revocation decision and its date.
        public var laterDecision: String?
        public var laterDecisionDate: LocalDate?

        public init(
            status: Status, unit: UnitRef? = nil, scope: String? = nil, decision: String?, decisionDate: LocalDate?, mergedInto: String? = nil, mergerDecision: String? = nil,
            mergerDate: LocalDate? = nil, laterDecision: String? = nil, laterDecisionDate: LocalDate? = nil
        ) {
            self.status = status
            self.unit = unit
            self.scope = scope
            self.decision = decision
            self.decisionDate = decisionDate
            self.mergedInto = mergedInto
            self.mergerDecision = mergerDecision
            self.mergerDate = mergerDate
            self.laterDecision = laterDecision
            self.laterDecisionDate = laterDecisionDate
        }
    }
}
