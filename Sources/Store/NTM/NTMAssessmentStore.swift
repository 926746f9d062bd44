import Foundation
import LibPQ
import OCOP
import Workflow

/// NTM criterion assessments: recorded one by one or imported from CSV, kept as a time series, tallied "as of" a date.
public struct NTMAssessmentStore: Sendable {
    /// One assessment: a unit's status on one criterion of a set, as of a date.
    public struct Row: Sendable, Hashable {
        public var unitCode: String
        public var criteriaSet: String
        public var criterion: String
        public var asOf: LocalDate
        /// Đạt / cơ bản đạt / chưa đạt; nil when only a % of the plan's volume is reported (§5.2 district criteria).
        public var status: Assessment?
        /// The % of the planned volume for this criterion, e.g. 85–95 % (estimate).
        public var progress: PlanProgress?
        public var note: String?
        public var evidence: String?

        public init(
            unitCode: String, criteriaSet: String, criterion: String, asOf: LocalDate, status: Assessment?, progress: PlanProgress? = nil,
            note: String? = nil, evidence: String? = nil
        ) {
            self.unitCode = unitCode
            self.criteriaSet = criteriaSet
            self.criterion = criterion
            self.asOf = asOf
            self.status = status
            self.progress = progress
            self.note = note
            self.evidence = evidence
        }
    }

    /// The counts of a unit on a set as of a date: "x/N" counts đạt only (§4.7).
    public struct Tally: Sendable, Hashable {
        public var dat: Int
        public var coBanDat: Int
        public var chuaDat: Int
        public var total: Int
        /// "13/20".
        public var description: String { "\(dat)/\(total)" }
    }

    /// What an import did.
    public struct ImportResult: Sendable, Hashable {
        /// Creates a result.
        public init(recorded: Int, alreadyImported: Bool) {
            self.recorded = recorded
            self.alreadyImported = alreadyImported
        }

        /// Rows written now (0 when the same file was imported before).
        public var recorded: Int
        /// True when this exact file had been imported already.
        public var alreadyImported: Bool
    }

    public let criteria: CriteriaCatalog

    public init(criteria: CriteriaCatalog) { self.criteria = criteria }

    /// Records rows after checking each (unit exists, set and criterion exist); the same value again is a no-op, a
    /// different status for the same unit, criterion and date is refused (record a new as-of date instead). With
    /// `today` (the business day of the request), a row dated after it is refused.
    public func record(_ rows: [Row], by userID: String, importSHA: String? = nil, today: LocalDate? = nil, on connection: Connection) throws -> Int {
        if let today {
            let future = rows.filter { $0.asOf > today }.map { row in
                NTMService.futureMessage(row.asOf, today: today, what: Bilingual(vi: "\(row.unitCode), tiêu chí \(row.criterion): ngày số liệu", en: "\(row.unitCode), criterion \(row.criterion): the as-of date"))
            }
            if let first = future.first {
                throw NTMError(vi: first.vi, en: first.en, problems: future.count > 1 ? future : [])
            }
        }
        var written = 0
        // One lock per unit, set and day (not per row: a large file must not fill the lock table), so that two
        // writers of the same day's assessments cannot both find nothing and insert.
        var locked: Set<String> = []
        for row in rows where locked.insert("\(row.unitCode)|\(row.criteriaSet)|\(row.asOf.iso)").inserted {
            try NTMService.lock("assessment", row.unitCode, row.criteriaSet, row.asOf.iso, on: connection)
        }
        for row in rows {
            let set: CriteriaSet
            do { set = try criteria.set(id: row.criteriaSet) } catch {
                throw NTMError(vi: "không có bộ tiêu chí \"\(row.criteriaSet)\"", en: "no criteria set \"\(row.criteriaSet)\"")
            }
            guard set.criteria.contains(where: { $0.code == row.criterion }) else {
                throw NTMError(
                    vi: "bộ tiêu chí \(set.id) không có tiêu chí \"\(row.criterion)\"", en: "criteria set \(set.id) has no criterion \"\(row.criterion)\"")
            }
            guard row.status != nil || row.progress != nil else {
                throw NTMError(
                    vi: "\(row.unitCode), tiêu chí \(row.criterion): cần trạng thái hoặc % khối lượng",
                    en: "\(row.unitCode), criterion \(row.criterion): a status or a % of volume is needed")
            }
            if let progress = row.progress { try progress.validate() }
            let status = row.status.map(Self.code)
            let existing = try connection.query(
                """
                SELECT status, progress_min, progress_max, progress_kind FROM ntm_assessment WHERE unit_code = \(row.unitCode)
                  AND criteria_set = \(row.criteriaSet) AND criterion = \(row.criterion) AND as_of = \(row.asOf.iso)::date
                """
            ).first
            if let existing {
                let same =
                    try existing.decode("status", as: String?.self) == status
                    && PlanProgress(
                        min: try existing.decode("progress_min", as: Decimal?.self), max: try existing.decode("progress_max", as: Decimal?.self),
                        kind: try existing.decode("progress_kind", as: String?.self)) == row.progress
                guard same else {
                    throw NTMError(
                        vi: "\(row.unitCode), tiêu chí \(row.criterion) ngày \(row.asOf.displayString) đã được ghi với giá trị khác; ghi ngày mới để cập nhật",
                        en: "\(row.unitCode), criterion \(row.criterion) on \(row.asOf.displayString) is already recorded differently; record a new date to change it")
                }
                continue
            }
            do {
                try connection.execute(
                    """
                    INSERT INTO ntm_assessment (unit_code, criteria_set, criterion, as_of, status, progress_min, progress_max, progress_kind,
                        note, evidence, recorded_by, import_sha)
                    VALUES (\(row.unitCode), \(row.criteriaSet), \(row.criterion), \(row.asOf.iso)::date, \(status), \(row.progress?.min),
                        \(row.progress?.max), \(row.progress?.kind.rawValue), \(row.note), \(row.evidence), \(userID), \(importSHA))
                    """)
            } catch let error as DatabaseError where error.sqlState == .foreignKeyViolation {
                throw NTMError(vi: "không có đơn vị \"\(row.unitCode)\"", en: "no unit \"\(row.unitCode)\"")
            }
            written += 1
        }
        return written
    }

    /// Imports a CSV file whole or not at all; the same file (by content) imported again changes nothing.
    ///
    /// Every line is checked before anything is written — the unit exists, the set and criterion exist, no other value
    /// was recorded for the same day — and each problem names its line. `progress` is told (done, total) as rows are
    /// written, for a progress bar on large files.
    /// With `today` (the business day of the request), every row dated after it is refused, by line and column.
    /// `parsed` is `NTMAssessmentCSV.parseLines(text, today: today)` when the caller has already read the file (the
    /// service does, to check the importer's scope), so that a large file is parsed once.
    public func importCSV(
        _ text: String, fileName: String, by userID: String, today: LocalDate? = nil, parsed: [(line: Int, row: Row)]? = nil,
        on connection: Connection, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> ImportResult {
        let sha = ContentHash.hex(Data(text.utf8))
        // The same file imported twice at once: the second waits for the first, then finds it imported.
        try NTMService.lock("import", sha, on: connection)
        if try connection.query("SELECT 1 FROM ntm_import WHERE sha256 = \(sha)").count == 1 {
            return ImportResult(recorded: 0, alreadyImported: true)
        }
        let lines = try parsed ?? NTMAssessmentCSV.parseLines(text, today: today)
        let units = Set(lines.map(\.row.unitCode))
        let known = Set(
            try connection.query("SELECT code FROM admin_unit WHERE code = ANY(\(Array(units)))").map { try $0.decode("code", as: String.self) })
        var problems: [Bilingual] = []
        let columns = NTMAssessmentCSV.columnNumbers(text)
        // Each set looked up once per file, not once per line.
        var sets: [String: CriteriaSet?] = [:]
        func lookUp(_ id: String) -> CriteriaSet? {
            if let found = sets[id] { return found }
            let found = try? criteria.set(id: id)
            sets[id] = found
            return found
        }
        for (line, row) in lines {
            if !known.contains(row.unitCode) {
                problems.append(
                    NTMAssessmentCSV.located(
                        line: line, "unit", columns: columns, vi: "không có đơn vị \"\(row.unitCode)\"", en: "no unit \"\(row.unitCode)\""))
            }
            if let set = lookUp(row.criteriaSet) {
                if set.criterion(code: row.criterion) == nil {
                    problems.append(
                        NTMAssessmentCSV.located(
                            line: line, "criterion", columns: columns, vi: "bộ \(set.id) không có tiêu chí \"\(row.criterion)\"",
                            en: "set \(set.id) has no criterion \"\(row.criterion)\""))
                }
            } else {
                problems.append(
                    NTMAssessmentCSV.located(
                        line: line, "set", columns: columns, vi: "không có bộ tiêu chí \"\(row.criteriaSet)\"", en: "no criteria set \"\(row.criteriaSet)\""))
            }
        }
        guard problems.isEmpty else { throw NTMAssessmentCSV.failure(problems) }
        let written = try bulkWrite(lines, by: userID, importSHA: sha, on: connection, progress: progress)
        try connection.execute(
            "INSERT INTO ntm_import (sha256, file_name, rows, imported_by) VALUES (\(sha), \(fileName), \(lines.count), \(userID))")
        return ImportResult(recorded: written, alreadyImported: false)
    }

    /// Writes checked lines as ``record(_:by:importSHA:today:on:)`` would one by one — the same value again is a no-op,
    /// another value for the same unit, criterion and day is refused at its line — but in a bounded number of
    /// statements (issue 15: three per row before): the lines stream into a temporary staging table through COPY, the
    /// conflicts are found in one query, and the new rows are inserted in one statement.
    ///
    /// The table is locked against other writers (SHARE ROW EXCLUSIVE: readers go on) for the rest of the transaction,
    /// where `record` took one advisory lock per unit, set and day.
    private func bulkWrite(
        _ lines: [(line: Int, row: Row)], by userID: String, importSHA: String, on connection: Connection, progress: (@Sendable (Int, Int) -> Void)?
    ) throws -> Int {
        // What `record` checks of a row by itself, without the database: the first problem, by line.
        var firstProblem: (line: Int, message: Bilingual)?
        var sets: [String: CriteriaSet] = [:]
        for (line, row) in lines {
            do {
                let set = try sets[row.criteriaSet] ?? criteria.set(id: row.criteriaSet)
                sets[row.criteriaSet] = set
                guard set.criteria.contains(where: { $0.code == row.criterion }) else {
                    throw NTMError(
                        vi: "bộ tiêu chí \(set.id) không có tiêu chí \"\(row.criterion)\"", en: "criteria set \(set.id) has no criterion \"\(row.criterion)\"")
                }
                guard row.status != nil || row.progress != nil else {
                    throw NTMError(
                        vi: "\(row.unitCode), tiêu chí \(row.criterion): cần trạng thái hoặc % khối lượng",
                        en: "\(row.unitCode), criterion \(row.criterion): a status or a % of volume is needed")
                }
                if let progress = row.progress { try progress.validate() }
            } catch let error as NTMError {
                firstProblem = (line, error.message)
                break
            }
        }
        try connection.executeScript(
            """
            CREATE TEMP TABLE ntm_assessment_staging (
                line integer NOT NULL, unit_code text NOT NULL, criteria_set text NOT NULL, criterion text NOT NULL, as_of date NOT NULL,
                status text, progress_min numeric(6,2), progress_max numeric(6,2), progress_kind text, note text, evidence text
            ) ON COMMIT DROP
            """)
        let total = lines.count
        let valid = firstProblem.map { problem in lines.prefix { $0.line < problem.line } } ?? lines[...]
        try connection.copyIn(
            """
            COPY ntm_assessment_staging (line, unit_code, criteria_set, criterion, as_of, status, progress_min, progress_max, progress_kind, note,
                evidence) FROM STDIN
            """,
            rows: valid.lazy.enumerated().map { index, entry -> [String?] in
                if let progress, (index + 1) % 5000 == 0 { progress(index + 1, total) }
                let row = entry.row
                return [
                    String(entry.line), row.unitCode, row.criteriaSet, row.criterion, row.asOf.iso, row.status.map(Self.code),
                    row.progress.map { "\($0.min)" }, row.progress.map { "\($0.max)" }, row.progress?.kind.rawValue, row.note, row.evidence,
                ]
            })
        // Lines repeating a unit, criterion and day are rare: found by one hashed aggregate, and only then compared line
        // by line (with an index on the staging table).
        try connection.executeScript("ANALYZE ntm_assessment_staging; LOCK TABLE ntm_assessment IN SHARE ROW EXCLUSIVE MODE")
        let repeats = try connection.queryUnprepared(
            """
            SELECT EXISTS (SELECT 1 FROM ntm_assessment_staging GROUP BY unit_code, criteria_set, criterion, as_of HAVING count(*) > 1) AS repeats
            """
        ).single().decode("repeats", as: Bool.self)
        if repeats { try connection.executeScript("CREATE INDEX ON ntm_assessment_staging (unit_code, criteria_set, criterion, as_of, line)") }
        // The first line whose unit, criterion and day already hold another value: stored, or on an earlier line.
        let differs = { (other: String) -> Query in
            Query(
                stringLiteral: """
                    (\(other).status IS DISTINCT FROM s.status OR \(other).progress_min IS DISTINCT FROM s.progress_min
                        OR \(other).progress_max IS DISTINCT FROM s.progress_max OR \(other).progress_kind IS DISTINCT FROM s.progress_kind)
                    """)
        }
        let earlier: Query = repeats
            ? """
                OR EXISTS (
                    SELECT 1 FROM ntm_assessment_staging e
                    WHERE (e.unit_code, e.criteria_set, e.criterion, e.as_of) = (s.unit_code, s.criteria_set, s.criterion, s.as_of)
                      AND e.line < s.line AND \(differs("e")))
                """
            : ""
        let conflict = try connection.queryUnprepared(
            """
            SELECT s.line, s.unit_code, s.criterion, to_char(s.as_of, 'YYYY-MM-DD') AS day FROM ntm_assessment_staging s
            WHERE EXISTS (
                    SELECT 1 FROM ntm_assessment a
                    WHERE (a.unit_code, a.criteria_set, a.criterion, a.as_of) = (s.unit_code, s.criteria_set, s.criterion, s.as_of) AND \(differs("a")))
               \(earlier)
            ORDER BY s.line LIMIT 1
            """
        ).first
        if let conflict {
            let (unit, criterion): (String, String) = (try conflict.decode("unit_code"), try conflict.decode("criterion"))
            let day = LocalDate(iso: try conflict.decode("day")).map(\.displayString) ?? ""
            throw NTMAssessmentCSV.failure([
                Bilingual(
                    vi: "dòng \(try conflict.decode("line", as: Int.self)): \(unit), tiêu chí \(criterion) ngày \(day) đã được ghi với giá trị khác; ghi ngày mới để cập nhật",
                    en: "line \(try conflict.decode("line", as: Int.self)): \(unit), criterion \(criterion) on \(day) is already recorded differently; record a new date to change it")
            ])
        }
        if let problem = firstProblem {
            throw NTMAssessmentCSV.failure([
                Bilingual(vi: "dòng \(problem.line): \(problem.message.vi)", en: "line \(problem.line): \(problem.message.en)")
            ])
        }
        // Without repeated lines every staged line is a row to insert (or already stored with the same value).
        let distinct: Query = repeats ? "DISTINCT ON (unit_code, criteria_set, criterion, as_of)" : ""
        let order: Query = repeats ? "ORDER BY unit_code, criteria_set, criterion, as_of, line" : ""
        let written = try connection.queryUnprepared(
            """
            INSERT INTO ntm_assessment (unit_code, criteria_set, criterion, as_of, status, progress_min, progress_max, progress_kind, note, evidence,
                recorded_by, import_sha)
            SELECT \(distinct) unit_code, criteria_set, criterion, as_of, status, progress_min,
                progress_max, progress_kind, note, evidence, \(userID), \(importSHA)
            FROM ntm_assessment_staging \(order)
            ON CONFLICT DO NOTHING
            """
        ).affectedRows
        if let progress { progress(total, total) }
        return written
    }

    static func status(_ code: String) -> Assessment {
        switch code {
        case "dat": .dat
        case "co_ban_dat": .coBanDat
        default: .chuaDat
        }
    }

    static func code(_ status: Assessment) -> String {
        switch status {
        case .dat: return "dat"
        case .coBanDat: return "co_ban_dat"
        case .chuaDat: return "chua_dat"
        }
    }
}

/// Why NTM data was refused; nothing changed.
public struct NTMError: Error, Sendable, CustomStringConvertible {
    public var message: Bilingual
    /// Each problem of an import, by line and column.
    public var problems: [Bilingual]

    public init(vi: String, en: String, problems: [Bilingual] = []) {
        message = Bilingual(vi: vi, en: en)
        self.problems = problems
    }

    public var description: String { ([message.vi] + problems.map(\.vi)).joined(separator: "\n") }
}
