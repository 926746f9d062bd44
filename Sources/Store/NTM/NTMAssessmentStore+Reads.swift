import Foundation
import LibPQ
import OCOP
import Workflow

/// Reading the assessments back: the latest status of each criterion as of a day, and its tally.
extension NTMAssessmentStore {
    /// The latest status of each criterion of the set for the unit as of `date` (later rows are ignored): the
    /// assessments alone. The figure the doors show — which also reads reported counts — is the unit's standing
    /// (``NTMStandingReader``, ``NTMService/tally(unit:criteriaSet:asOf:)``).
    public func tally(unit: String, criteriaSet: String, asOf date: LocalDate, on connection: Connection) throws -> Tally {
        let set = try criteria.set(id: criteriaSet)
        let rows = try connection.query(
            """
            SELECT DISTINCT ON (criterion) criterion, status FROM ntm_assessment
            WHERE unit_code = \(unit) AND criteria_set = \(criteriaSet) AND as_of <= \(date.iso)::date AND status IS NOT NULL
            ORDER BY criterion, as_of DESC
            """)
        var tally = Tally(dat: 0, coBanDat: 0, chuaDat: 0, total: set.criteria.count)
        for row in rows {
            switch try row.decode("status", as: String.self) {
            case "dat": tally.dat += 1
            case "co_ban_dat": tally.coBanDat += 1
            default: tally.chuaDat += 1
            }
        }
        return tally
    }

    /// The latest assessment of each criterion of a set for a unit as of a date: status (ignoring rows with only a %),
    /// and % range (ignoring rows with only a status), each from its own latest row.
    public func latest(unit: String, criteriaSet: String, asOf date: LocalDate, on connection: Connection) throws -> [String: Latest] {
        var result: [String: Latest] = [:]
        for row in try connection.query(
            """
            SELECT DISTINCT ON (criterion) criterion, status, to_char(as_of, 'YYYY-MM-DD') AS day, note FROM ntm_assessment
            WHERE unit_code = \(unit) AND criteria_set = \(criteriaSet) AND as_of <= \(date.iso)::date AND status IS NOT NULL
            ORDER BY criterion, as_of DESC
            """)
        {
            let code = try row.decode("criterion", as: String.self)
            result[code, default: Latest()].status = Self.status(try row.decode("status", as: String.self))
            result[code, default: Latest()].statusAsOf = try LocalDate(iso: row.decode("day", as: String.self))
            result[code, default: Latest()].note = try row.decode("note", as: String?.self)
        }
        for row in try connection.query(
            """
            SELECT DISTINCT ON (criterion) criterion, progress_min, progress_max, progress_kind, to_char(as_of, 'YYYY-MM-DD') AS day, note FROM ntm_assessment
            WHERE unit_code = \(unit) AND criteria_set = \(criteriaSet) AND as_of <= \(date.iso)::date AND progress_min IS NOT NULL
            ORDER BY criterion, as_of DESC
            """)
        {
            let code = try row.decode("criterion", as: String.self)
            result[code, default: Latest()].progress = PlanProgress(
                min: try row.decode("progress_min", as: Decimal?.self), max: try row.decode("progress_max", as: Decimal?.self),
                kind: try row.decode("progress_kind", as: String?.self))
            let asOf = try LocalDate(iso: row.decode("day", as: String.self))
            result[code, default: Latest()].progressAsOf = asOf
            if result[code]?.note == nil { result[code]?.note = try row.decode("note", as: String?.self) }
        }
        return result
    }

    /// One criterion's latest status and % range as of a date.
    public struct Latest: Sendable, Hashable {
        public var status: Assessment?
        public var statusAsOf: LocalDate?
        public var progress: PlanProgress?
        public var progressAsOf: LocalDate?
        public var note: String?
    }
}
