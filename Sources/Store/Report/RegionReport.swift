import Foundation
import OCOP
import Workflow

/// A roll-up of district reports as of a day: a province's districts, or the country's provinces (issue 15).
///
/// Every figure is a sum of ``DistrictReport``s built as the district report builds them (``RegionReportBuilder``), so a
/// province's totals are the sum of its districts' reports and a province's line in the national roll-up is the same
/// as the province report's total: one rule, one place.
public struct RegionReport: Sendable, Hashable, Codable {
    /// Which roll-up.
    public enum Level: String, Sendable, Hashable, Codable {
        /// A province: one line per district.
        case province
        /// The country: one line per province.
        case national
    }

    public var level: Level
    /// The province reported on; nil for the national roll-up.
    public var region: DistrictReport.UnitRef?
    public var asOf: LocalDate
    public var year: Int
    /// One line per district (province) or per province (national), by name.
    public var parts: [Part]
    /// The sum of the parts.
    public var totals: Totals

    public init(level: Level, region: DistrictReport.UnitRef?, asOf: LocalDate, parts: [Part]) {
        self.level = level
        self.region = region
        self.asOf = asOf
        self.year = asOf.year
        self.parts = parts
        self.totals = parts.reduce(Totals()) { $0 + $1.totals }
    }

    /// One district's (or province's) line.
    public struct Part: Sendable, Hashable, Codable {
        public var unit: DistrictReport.UnitRef
        /// The districts summed in this line (1 for a district).
        public var districts: Int
        public var totals: Totals

        public init(unit: DistrictReport.UnitRef, districts: Int, totals: Totals) {
            self.unit = unit
            self.districts = districts
            self.totals = totals
        }
    }

    /// The figures of one or more district reports, added up.
    public struct Totals: Sendable, Hashable, Codable {
        /// Communes and wards in the reports.
        public var communes = 0
        /// Communes and wards by the report's group (`model`, `advanced`, `standard`, `remaining`, `recognised`,
        /// `maintaining`).
        public var communesByGroup: [String: Int] = [:]
        /// Criteria đạt, summed over the communes' counts ("x/N" with a known split).
        public var communeCriteriaMet = 0
        /// Criteria đạt or cơ bản đạt, summed over the communes' counts.
        public var communeCriteriaMetOrBasicallyMet = 0
        public var towns = 0
        /// Towns holding the civilised-urban level on the day (recognised, or re-confirmed after a merger).
        public var townsRecognised = 0
        /// Villages, residential groups, clusters and gardens registered this year.
        public var residentialRegistered = 0
        /// Of those kinds, recognised as of the day (any year).
        public var residentialRecognised = 0
        /// Key results recorded this year.
        public var keyResults = 0
        public var ideasProposed = 0
        public var ideasApproved = 0
        public var ideasRejected = 0
        public var ideasAwaitingDecision = 0
        public var productsInDevelopment = 0
        /// Certificates in force on the day, by stars.
        public var certificatesByStars: [Int: Int] = [:]
        public var certificatesExpiring = 0
        public var claimsAccepted = 0
        public var claimsAcceptedAmount = VND(0)

        public init() {}

        /// Certificates in force on the day.
        public var certificates: Int { certificatesByStars.values.reduce(0, +) }

        /// The figures of one district report.
        public init(_ report: DistrictReport) {
            for group in report.communeGroups {
                communes += group.units.count
                communesByGroup[group.kind.rawValue, default: 0] += group.units.count
                for unit in group.units {
                    communeCriteriaMet += unit.criteria?.met ?? 0
                    communeCriteriaMetOrBasicallyMet += unit.criteria?.metOrBasicallyMet ?? 0
                }
            }
            towns = report.towns.count
            townsRecognised = report.towns.filter { $0.recognition?.status == .recognised || $0.recognition?.status == .reconfirmed }.count
            residentialRegistered = report.residential.map(\.registered).reduce(0, +)
            residentialRecognised = report.residential.map(\.recognised).reduce(0, +)
            keyResults = report.results.count
            ideasProposed = report.ocop.ideasProposed
            ideasApproved = report.ocop.ideasApproved.count
            ideasRejected = report.ocop.ideasRejected
            ideasAwaitingDecision = report.ocop.ideasAwaitingDecision
            productsInDevelopment = report.ocop.productsInDevelopment.count
            certificatesByStars = report.ocop.certificatesByStars
            certificatesExpiring = report.ocop.certificatesExpiring.count
            claimsAccepted = report.ocop.claimsAccepted.count
            claimsAcceptedAmount = report.ocop.claimsAcceptedAmount
        }

        public static func + (lhs: Totals, rhs: Totals) -> Totals {
            var sum = lhs
            sum.communes += rhs.communes
            sum.communesByGroup.merge(rhs.communesByGroup, uniquingKeysWith: +)
            sum.communeCriteriaMet += rhs.communeCriteriaMet
            sum.communeCriteriaMetOrBasicallyMet += rhs.communeCriteriaMetOrBasicallyMet
            sum.towns += rhs.towns
            sum.townsRecognised += rhs.townsRecognised
            sum.residentialRegistered += rhs.residentialRegistered
            sum.residentialRecognised += rhs.residentialRecognised
            sum.keyResults += rhs.keyResults
            sum.ideasProposed += rhs.ideasProposed
            sum.ideasApproved += rhs.ideasApproved
            sum.ideasRejected += rhs.ideasRejected
            sum.ideasAwaitingDecision += rhs.ideasAwaitingDecision
            sum.productsInDevelopment += rhs.productsInDevelopment
            sum.certificatesByStars.merge(rhs.certificatesByStars, uniquingKeysWith: +)
            sum.certificatesExpiring += rhs.certificatesExpiring
            sum.claimsAccepted += rhs.claimsAccepted
            sum.claimsAcceptedAmount = sum.claimsAcceptedAmount + rhs.claimsAcceptedAmount
            return sum
        }
    }
}
