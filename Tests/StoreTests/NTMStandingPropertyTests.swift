import Foundation
import LibPQ
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// Seeded random NTM histories — per-criterion assessments, progress reports with counts and % KH, registrations and
/// recognitions entered late or on the day — over several communes. For every commune and a set of days, the
/// report's "x/N" is `ntm tally`'s (``NTMService/tally(unit:criteriaSet:asOf:)``) and the API's
/// (``ReportAccess``, which `/api/v1/ntm/units` and the dashboard serve), and each equals the count worked out
/// here from the entered data alone; a commune recognised on or before the day is never among the remaining ones.
@Suite("Property: the report's NTM figure for every unit and day is ntm tally's and the API's")
struct NTMStandingPropertyTests {
    static let units = [("p1", "Xã Một"), ("p2", "Xã Hai"), ("p3", "Xã Ba"), ("p4", "Xã Bốn")]
    static let sets = ["ntm-commune-318", NTMStandingTests.advancedSet]

    /// The count expected from the entered data: each criterion's latest status by the day, unless a count reported
    /// on the set is as of a later day.
    struct Oracle {
        var assessed: [String: [(day: LocalDate, criterion: String, status: Assessment)]] = [:]  // "unit|set"
        var reported: [String: [(day: LocalDate, met: Int?, basic: Int?, merged: Int)]] = [:]  // "unit|set"
        var recognisedOn: [String: LocalDate] = [:]

        func count(unit: String, set: CriteriaSet, asOf: LocalDate) -> (merged: Int, met: Int?, basic: Int?, notYet: Int?, day: LocalDate)? {
            let key = "\(unit)|\(set.id)"
            var latest: [String: (day: LocalDate, status: Assessment)] = [:]
            for entry in assessed[key] ?? [] where entry.day <= asOf {
                if let current = latest[entry.criterion], current.day > entry.day { continue }
                latest[entry.criterion] = (entry.day, entry.status)
            }
            var tallied: (merged: Int, met: Int?, basic: Int?, notYet: Int?, day: LocalDate)?
            if let day = latest.values.map(\.day).max() {
                let met = latest.values.filter { $0.status == .dat }.count
                let basic = latest.values.filter { $0.status == .coBanDat }.count
                tallied = (met + basic, met, basic, latest.count - met - basic, day)
            }
            if let report = (reported[key] ?? []).filter({ $0.day <= asOf }).max(by: { $0.day < $1.day }), tallied == nil || report.day > tallied!.day {
                return (report.merged, report.met, report.basic, nil, report.day)
            }
            return tallied
        }
    }

    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func reportTallyAndAPIAgree(seed: UInt64) async throws {
        let s = try await NTMStandingTests.setup(units: Self.units)
        let ntm = s.ntm
        var random = SeededRandom(seed: seed)
        var oracle = Oracle()
        var day = LocalDate(iso: "2023-01-02")!
        var (accepted, refused) = (0, 0)
        for _ in 0..<45 {
            day = day.adding(days: Int.random(in: 1...9, using: &random))
            let day = day
            let now = NTMStandingTests.at(day.iso)
            let unit = Self.units.randomElement(using: &random)!.0
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4:
                let set = try ntm.criteria.set(id: Self.sets.randomElement(using: &random)!)
                let chosen = set.criteria.map(\.code).shuffled(using: &random).prefix(Int.random(in: 1...8, using: &random))
                let rows = chosen.map { code in
                    NTMAssessmentStore.Row(
                        unitCode: unit, criteriaSet: set.id, criterion: code, asOf: day,
                        status: [Assessment.dat, .coBanDat, .chuaDat].randomElement(using: &random)!)
                }
                _ = try await s.write { ntm, c in try ntm.assessments.record(rows, by: "xa-vq", today: day, on: c) }
                for row in rows { oracle.assessed["\(unit)|\(set.id)", default: []].append((day, row.criterion, row.status!)) }
                accepted += 1
            case 4..<7:
                let scope: CriteriaSet.Scope = Bool.random(using: &random) ? .communeStandard : .communeAdvanced
                let total = scope == .communeStandard ? 19 : 20
                let merged = Int.random(in: 0...total, using: &random)
                let split = Bool.random(using: &random)
                let met = split ? Int.random(in: 0...merged, using: &random) : nil
                let report = NTMService.ProgressReport(
                    unitCode: unit, scope: scope, asOf: day, met: met, basicallyMet: met.map { merged - $0 }, metOrBasicallyMet: split ? nil : merged,
                    progress: PlanProgress(min: Decimal(Int.random(in: 40...80, using: &random)), max: 85, kind: .estimate))
                do {
                    _ = try await ntm.reportProgress(report, by: "xa-vq", now: now)
                    let setID = try await s.fixture.pool.read { c in
                        try c.query(
                            "SELECT criteria_set FROM ntm_progress WHERE unit_code = \(unit) AND scope = \(scope.rawValue) AND as_of = \(day.iso)::date"
                        ).single().decode("criteria_set", as: String.self)
                    }
                    oracle.reported["\(unit)|\(setID)", default: []].append((day, met, met.map { merged - $0 }, merged))
                    accepted += 1
                } catch {
                    refused += 1  // e.g. the registration's guard: nothing was written
                }
            case 7:
                let decided = day.adding(days: -Int.random(in: 0...25, using: &random))
                do {
                    _ = try await ntm.recordPriorRecognition(
                        .init(unitCode: unit, scope: .communeStandard, year: decided.year), decision: Decision(number: "\(accepted)/QĐ-UBND", date: decided),
                        by: "tinh", now: now)
                    oracle.recognisedOn[unit] = min(oracle.recognisedOn[unit] ?? decided, decided)
                    accepted += 1
                } catch {
                    refused += 1  // already recognised for that year
                }
            case 8:
                do {
                    let id = try await ntm.register(.init(unitCode: unit, scope: .communeStandard, year: day.year), by: "xa-vq", now: now)
                    try await ntm.approvePlan(id, decision: Decision(number: "\(accepted)/KH-BCĐ", date: day), by: "bcd-vq", now: now)
                    accepted += 1
                } catch {
                    refused += 1  // an open registration for the year already, or recognised
                }
            default:
                continue
            }
        }
        #expect(accepted > 15, "seed \(seed): only \(accepted) steps accepted")

        let services = Services(
            pool: s.fixture.pool, store: s.fixture.store, ntm: ntm, reports: DistrictReportBuilder(workflows: s.fixture.store, criteria: ntm.criteria))
        let reader = try await services.accounts.user("tinh")
        let access = ReportAccess(services: services, now: { Date() })
        var days: [LocalDate] = stride(from: 0, through: 400, by: 17).map { LocalDate(iso: "2023-01-01")!.adding(days: $0) }
        days += oracle.recognisedOn.values.flatMap { [$0.adding(days: -1), $0] }
        for asOf in days.sorted() {
            let report = try await s.report(asOf.iso)
            let api = try await access.report(user: reader, district: "vq", asOf: asOf, purpose: .units).entries
            let remaining = NTMStandingTests.units(report, .remaining)
            for (unit, _) in Self.units {
                let context = "seed \(seed), \(unit) as of \(asOf.iso)"
                let shown = try #require(NTMStandingTests.unit(report, unit), "\(context): not in the report")
                // The API (and the dashboard) show the same unit's progress.
                #expect(api.filter { $0.progress.unit.code == unit }.map(\.progress) == [shown], "\(context): API")
                for setID in Self.sets {
                    let set = try ntm.criteria.set(id: setID)
                    let tally = try await ntm.tally(unit: unit, criteriaSet: setID, asOf: asOf)
                    let expected = oracle.count(unit: unit, set: set, asOf: asOf)
                    #expect(tally.count?.metOrBasicallyMet == expected?.merged, "\(context), \(setID): x")
                    #expect(tally.count?.met == expected?.met && tally.count?.basicallyMet == expected?.basic, "\(context), \(setID): split")
                    #expect(tally.count?.notYetMet == expected?.notYet && tally.count?.asOf == expected?.day, "\(context), \(setID): day")
                    #expect(tally.total == set.count, "\(context), \(setID): N")
                    if let count = shown.criteria, count.criteriaSet == setID {
                        #expect(tally.count == count, "\(context), \(setID): report ≠ tally")
                    }
                }
                if shown.criteria == nil, let id = shown.registrationID {
                    let set = try #require(try await ntm.registrations(unit: unit).first { $0.id == id }?.criteriaSet)
                    #expect(try await ntm.tally(unit: unit, criteriaSet: set, asOf: asOf).count == nil, "\(context): report shows no count")
                }
                if let recognised = oracle.recognisedOn[unit], recognised <= asOf {
                    #expect(!remaining.contains(unit), "\(context): recognised on \(recognised.iso) but remaining")
                } else {
                    #expect(shown.recognition == nil, "\(context): a recognition before its date")
                }
            }
        }
    }
}
