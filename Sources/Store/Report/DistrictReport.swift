import Foundation
import OCOP
import Workflow

/// The district's periodic report "as of" a date (DOMAIN §4.7, §5, §6.6): NTM progress per unit and group, the
/// district's own criteria, key results, residential units by status, year-end forecasts and the OCOP programme.
///
/// Built only from what was recorded with a business date on or before `asOf` (history rows, assessments, progress
/// reports), so the same date always gives the same report, whatever is entered later. Forecasts are kept apart
/// from achieved values everywhere. Rendered by ``DistrictReportRenderer`` as text, Markdown, CSV or JSON.
public struct DistrictReport: Sendable, Hashable, Codable {
    /// The district reported on.
    public var district: UnitRef
    /// The day the figures are as of.
    public var asOf: LocalDate
    /// The programme year (the year of `asOf`).
    public var year: Int
    /// The district's own target (e.g. advanced NTM district) and its criteria as % ranges (§5.2).
    public var districtCriteria: DistrictCriteria?
    /// Key results with a quantity (markers, km of road, trees…), in the order recorded (§5.2).
    public var results: [KeyResult]
    /// Communes by group: registered for model, registered for advanced, the remaining ones, and those maintaining
    /// a recognised level (§5.3). Empty groups are left out.
    public var communeGroups: [UnitGroup]
    /// The town(s) on the civilised-urban criteria (§5.4).
    public var towns: [UnitProgress]
    /// Villages, residential groups, clusters and gardens, by scope (§5.4).
    public var residential: [ScopeSummary]
    /// The OCOP programme (§5.5).
    public var ocop: OCOPSection

    public init(
        district: UnitRef, asOf: LocalDate, year: Int, districtCriteria: DistrictCriteria?, results: [KeyResult], communeGroups: [UnitGroup],
        towns: [UnitProgress], residential: [ScopeSummary], ocop: OCOPSection
    ) {
        self.district = district
        self.asOf = asOf
        self.year = year
        self.districtCriteria = districtCriteria
        self.results = results
        self.communeGroups = communeGroups
        self.towns = towns
        self.residential = residential
        self.ocop = ocop
    }
}

extension DistrictReport {
    /// An administrative unit (or cluster, garden) by code and name.
    public struct UnitRef: Sendable, Hashable, Codable {
        public var code: String
        public var name: String
        public init(code: String, name: String) {
            self.code = code
            self.name = name
        }
    }

    /// Whether a figure has been achieved, is an estimate ("ước đạt") or a forecast ("dự kiến").
    public enum ProgressKind: String, Sendable, Hashable, Codable, CaseIterable {
        case achieved, estimate, forecast

        /// "đã đạt" / "ước đạt" / "dự kiến".
        public var label: Bilingual {
            switch self {
            case .achieved: Bilingual(vi: "đã đạt", en: "achieved")
            case .estimate: Bilingual(vi: "ước đạt", en: "estimate")
            case .forecast: Bilingual(vi: "dự kiến", en: "forecast")
            }
        }
    }

    /// A % range of the year's planned volume (% KH), e.g. 80–85 % (min = max for a single figure).
    public struct ProgressRange: Sendable, Hashable, Codable {
        public var min: Decimal
        public var max: Decimal
        public var kind: ProgressKind
        /// The day it was reported as of.
        public var asOf: LocalDate
        public init(min: Decimal, max: Decimal, kind: ProgressKind, asOf: LocalDate) {
            self.min = min
            self.max = max
            self.kind = kind
            self.asOf = asOf
        }
    }

    /// Where an "x/N" count came from.
    public enum CountSource: String, Sendable, Hashable, Codable {
        /// Each criterion's latest assessment: the split đạt / cơ bản đạt / chưa đạt is known.
        case perCriterion = "per-criterion"
        /// A count-level report ("cơ bản đạt 13/20"): only the figures reported are known.
        case reportedCount = "reported-count"
    }

    /// A unit's count of criteria on a set as of a date (§4.7): đạt, cơ bản đạt, chưa đạt and not assessed.
    ///
    /// For a reported count whose split is unknown, `met`/`basicallyMet` are nil and `metOrBasicallyMet` carries the
    /// merged figure ("đã đạt và cơ bản đạt 12/20").
    public struct CriteriaCount: Sendable, Hashable, Codable {
        public var criteriaSet: String
        public var criteriaSetName: Bilingual
        /// False for a provisional set (no issuing decision yet).
        public var setIssued: Bool
        public var total: Int
        public var met: Int?
        public var basicallyMet: Int?
        public var notYetMet: Int?
        /// Đạt + cơ bản đạt: the figure reports print as "x/N".
        public var metOrBasicallyMet: Int
        public var source: CountSource
        public var asOf: LocalDate
        /// Criteria not (yet) đạt or cơ bản đạt: N − x (Ân Phú's "7 criteria not yet met").
        public var remaining: Int { total - metOrBasicallyMet }
        public init(
            criteriaSet: String, criteriaSetName: Bilingual, setIssued: Bool, total: Int, met: Int?, basicallyMet: Int?, notYetMet: Int?,
            metOrBasicallyMet: Int, source: CountSource, asOf: LocalDate
        ) {
            self.criteriaSet = criteriaSet
            self.criteriaSetName = criteriaSetName
            self.setIssued = setIssued
            self.total = total
            self.met = met
            self.basicallyMet = basicallyMet
            self.notYetMet = notYetMet
            self.metOrBasicallyMet = metOrBasicallyMet
            self.source = source
            self.asOf = asOf
        }
    }

    /// One unit's standing: its registration (if any) and state as of the date, counts, % KH and blockers.
    public struct UnitProgress: Sendable, Hashable, Codable {
        public var unit: UnitRef
        /// The registration's scope (e.g. "commune-model"), or the scope progress was reported against.
        public var scope: String?
        public var registrationID: Int64?
        public var registrationYear: Int?
        /// The registration's state as of the date, e.g. "IMPLEMENTING", and its label.
        public var state: String?
        public var stateLabel: Bilingual?
        /// "x/N" on the set counted (for a model commune: the advanced set).
        public var criteria: CriteriaCount?
        /// Model conditions met, of 4 (319), for model communes.
        public var modelConditionsMet: Int?
        public var modelConditionsTotal: Int?
        /// % of the year's (or the maintenance) plan.
        public var progress: ProgressRange?
        /// Why the unit cannot go further now, e.g. no issued criteria set (Đức Bồng).
        public var blockers: [Bilingual]
        /// The unit's recognition by decision and what became of it by the date (awaiting re-confirmation after a
        /// merger, re-confirmed, revoked); nil when it holds none.
        public var recognition: Recognition?
        public init(
            unit: UnitRef, scope: String?, registrationID: Int64?, registrationYear: Int?, state: String?, stateLabel: Bilingual?,
            criteria: CriteriaCount?, modelConditionsMet: Int?, modelConditionsTotal: Int?, progress: ProgressRange?, blockers: [Bilingual],
            recognition: Recognition? = nil
        ) {
            self.recognition = recognition
            self.unit = unit
            self.scope = scope
            self.registrationID = registrationID
            self.registrationYear = registrationYear
            self.state = state
            self.stateLabel = stateLabel
            self.criteria = criteria
            self.modelConditionsMet = modelConditionsMet
            self.modelConditionsTotal = modelConditionsTotal
            self.progress = progress
            self.blockers = blockers
        }
    }

    /// The commune groups of the report, in the seed's order.
    public enum GroupKind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Nhóm xã đăng ký xây dựng NTM kiểu mẫu (this year).
        case model
        /// Nhóm xã xây dựng NTM nâng cao (this year).
        case advanced
        /// Nhóm xã xây dựng NTM (standard, this year).
        case standard
        /// Các xã còn lại: no registration this year, holding no recognition.
        case remaining
        /// Các xã đã đạt chuẩn NTM: recognised (at the standard level) in an earlier year, or awaiting re-confirmation
        /// of that recognition after a merger; no registration this year.
        case recognised
        /// Nhóm các xã đã đạt chuẩn NTM nâng cao / kiểu mẫu: maintaining and raising quality.
        case maintaining

        public func title(year: Int) -> Bilingual {
            switch self {
            case .model: Bilingual(vi: "Nhóm xã đăng ký xây dựng NTM kiểu mẫu năm \(year)", en: "Communes registered for model NTM in \(year)")
            case .advanced: Bilingual(vi: "Nhóm xã xây dựng NTM nâng cao năm \(year)", en: "Communes building advanced NTM in \(year)")
            case .standard: Bilingual(vi: "Nhóm xã xây dựng NTM năm \(year)", en: "Communes building NTM in \(year)")
            case .remaining: Bilingual(vi: "Các xã còn lại", en: "Remaining communes")
            case .recognised: Bilingual(vi: "Các xã đã đạt chuẩn NTM", en: "Communes already recognised as NTM")
            case .maintaining:
                Bilingual(vi: "Nhóm các xã đã đạt chuẩn NTM nâng cao (duy trì, nâng chất)", en: "Communes already advanced NTM (maintaining)")
            }
        }
    }

    /// A group of units with the range of their % KH (min of the lows – max of the highs).
    public struct UnitGroup: Sendable, Hashable, Codable {
        public var kind: GroupKind
        public var title: Bilingual
        public var units: [UnitProgress]
        /// The group's % KH range; its kind is the least certain of its members' (forecast > estimate > achieved).
        public var progress: ProgressRange?
        public init(kind: GroupKind, title: Bilingual, units: [UnitProgress], progress: ProgressRange?) {
            self.kind = kind
            self.title = title
            self.units = units
            self.progress = progress
        }
    }

    /// The district's own registration and each criterion's % range (e.g. "đạt từ 85 đến 95%").
    public struct DistrictCriteria: Sendable, Hashable, Codable {
        public var criteriaSet: String
        public var criteriaSetName: Bilingual
        public var registration: UnitProgress?
        public var criteria: [CriterionProgress]
        public init(criteriaSet: String, criteriaSetName: Bilingual, registration: UnitProgress?, criteria: [CriterionProgress]) {
            self.criteriaSet = criteriaSet
            self.criteriaSetName = criteriaSetName
            self.registration = registration
            self.criteria = criteria
        }
    }

    /// One criterion's latest assessment as of the date: status and/or % range.
    public struct CriterionProgress: Sendable, Hashable, Codable {
        public var code: String
        /// The name as reports write it (the set's short name when it has one).
        public var name: Bilingual
        /// "dat", "co_ban_dat", "chua_dat", or nil when only a % range was reported.
        public var status: String?
        public var progress: ProgressRange?
        public var note: String?
        public init(code: String, name: Bilingual, status: String?, progress: ProgressRange?, note: String?) {
            self.code = code
            self.name = name
            self.status = status
            self.progress = progress
            self.note = note
        }
    }

    /// A result with a quantity, e.g. 521 planning markers on 6 district roads.
    public struct KeyResult: Sendable, Hashable, Codable {
        public var unit: UnitRef
        public var code: String
        public var label: Bilingual
        public var quantity: Decimal?
        /// The unit of measure, e.g. "km", "cột mốc".
        public var measure: String?
        public var detail: String?
        /// The criterion it belongs to, when recorded (e.g. "H02" Giao thông).
        public var criterion: String?
        public var asOf: LocalDate
        public init(
            unit: UnitRef, code: String, label: Bilingual, quantity: Decimal?, measure: String?, detail: String?, criterion: String?, asOf: LocalDate
        ) {
            self.unit = unit
            self.code = code
            self.label = label
            self.quantity = quantity
            self.measure = measure
            self.detail = detail
            self.criterion = criterion
            self.asOf = asOf
        }
    }

    /// A year-end forecast of how many units of a scope will meet the standard ("dự kiến cuối năm đạt chuẩn 5 cụm").
    public struct Forecast: Sendable, Hashable, Codable {
        public var min: Int
        public var max: Int
        public var byDate: LocalDate
        public var asOf: LocalDate
        public var note: String?
        public init(min: Int, max: Int, byDate: LocalDate, asOf: LocalDate, note: String?) {
            self.min = min
            self.max = max
            self.byDate = byDate
            self.asOf = asOf
            self.note = note
        }
    }

    /// A count of units in one state.
    public struct StateCount: Sendable, Hashable, Codable {
        public var state: String
        public var label: Bilingual
        public var count: Int
        public init(state: String, label: Bilingual, count: Int) {
            self.state = state
            self.label = label
            self.count = count
        }
    }

    /// Villages, residential groups, clusters or gardens of one scope: registrations of the year by state, the
    /// group's % KH range, those recognised, and the year-end forecast (kept apart from achieved values).
    public struct ScopeSummary: Sendable, Hashable, Codable {
        public var scope: String
        public var title: Bilingual
        /// Registrations for the year.
        public var registered: Int
        public var byState: [StateCount]
        /// Units recognised (đạt chuẩn) as of the date, any year.
        public var recognised: Int
        public var progress: ProgressRange?
        public var forecast: Forecast?
        public var units: [UnitProgress]
        public init(
            scope: String, title: Bilingual, registered: Int, byState: [StateCount], recognised: Int, progress: ProgressRange?, forecast: Forecast?,
            units: [UnitProgress]
        ) {
            self.scope = scope
            self.title = title
            self.registered = registered
            self.byState = byState
            self.recognised = recognised
            self.progress = progress
            self.forecast = forecast
            self.units = units
        }
    }
}

extension DistrictReport {
    /// The words for a stored status code: "dat" → đạt / met, "co_ban_dat" → cơ bản đạt, "chua_dat" → chưa đạt.
    public static func statusLabel(_ code: String) -> Bilingual {
        switch code {
        case "dat": Bilingual(vi: "đạt", en: "met")
        case "co_ban_dat": Bilingual(vi: "cơ bản đạt", en: "basically met")
        case "chua_dat": Bilingual(vi: "chưa đạt", en: "not yet met")
        default: Bilingual(vi: code, en: code)
        }
    }
}
