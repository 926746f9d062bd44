import Foundation
import LibPQ
import OCOP
import Workflow

/// One council member's sheet for one product, as entered by the council's secretary or the member.
public struct ScoreEntry: Sendable, Hashable {
    /// The product being scored.
    public var productID: Int64
    /// The member's parts A/B/C and bonus.
    public var sheet: ScoreSheet
    /// The scoring day; default the business day.
    public var scoredOn: LocalDate?
    /// Where the entry came from, for messages: "dòng 3" / "line 3" in a CSV; nil for one sheet.
    public var origin: Bilingual?

    /// Creates an entry.
    public init(productID: Int64, sheet: ScoreSheet, scoredOn: LocalDate? = nil, origin: Bilingual? = nil) {
        self.productID = productID
        self.sheet = sheet
        self.scoredOn = scoredOn
        self.origin = origin
    }
}

/// Council score sheets (§2.1): validated against the product's rule set, one per member, level and submission round.
extension OCOPService {
    /// The council role that scores at each level.
    static let councilRoles: [CouncilLevel: String] = [.district: "HDH", .province: "HDT", .central: "TW"]

    /// The level whose council scores a product in this state, if any.
    static func scoringLevel(of state: String) -> CouncilLevel? {
        switch state {
        case "FIELD_CHECKED": .district
        case "FORWARDED_TO_PROVINCE": .province
        case "FORWARDED_TO_CENTRAL": .central
        default: nil
        }
    }

    /// Adds sheets all-or-nothing: every entry is checked first (stage, scope, rule-set maxima, a member scoring twice),
    /// every problem is reported together, and only a clean batch is written. Returns the number of sheets added.
    @discardableResult
    public func addScoreSheets(
        _ entries: [ScoreEntry], carrying earlier: [Bilingual] = [], by userID: String, now: Date, on connection: Connection
    ) throws -> Int {
        var problems: [Bilingual] = earlier
        var firstError: OCOPError?
        var rows: [(entry: ScoreEntry, level: CouncilLevel, round: Int, ruleSet: String, council: Int64)] = []
        var seen: Set<String> = []
        for entry in entries {
            do {
                let (level, round, ruleSet, council) = try checkSheet(entry, by: userID, now: now, on: connection)
                let key = "\(entry.productID)/\(level)/\(round)/\(entry.sheet.memberID)"
                guard seen.insert(key).inserted else {
                    throw OCOPError(
                        .duplicate, vi: "thành viên \(entry.sheet.memberID) có hai phiếu cho sản phẩm \(entry.productID) trong cùng tệp",
                        en: "member \(entry.sheet.memberID) has two sheets for product \(entry.productID) in the same file")
                }
                rows.append((entry, level, round, ruleSet, council))
            } catch let error as OCOPError {
                firstError = firstError ?? error
                problems.append(Self.located(error.message, at: entry.origin))
            }
        }
        if entries.count == 1, entries[0].origin == nil, earlier.isEmpty, let firstError { throw firstError }
        guard problems.isEmpty else {
            throw OCOPError(
                .badInput, vi: "không nhập phiếu nào: \(problems.count) lỗi", en: "no sheet was added: \(problems.count) problem(s)",
                details: Self.byLine(problems))
        }
        let today = Self.day(now)
        for row in rows {
            let sheet = row.entry.sheet
            do {
                try connection.execute(
                    """
                    INSERT INTO ocop_score_sheet (product_instance_id, level, round, rule_set, member_id, part_a, part_b, part_c, bonus,
                        scored_on, entered_by, council_id)
                    VALUES (\(row.entry.productID), \(row.level.rawValue), \(row.round), \(row.ruleSet), \(sheet.memberID), \(sheet.a), \(sheet.b),
                        \(sheet.c), \(sheet.bonus), \((row.entry.scoredOn ?? today).iso)::date, \(userID), \(row.council))
                    """)
            } catch let error as DatabaseError where error.sqlState == .uniqueViolation {
                throw Self.scoredTwice(sheet.memberID, product: row.entry.productID, level: row.level, round: row.round)
            }
        }
        return rows.count
    }

    /// Checks one entry and returns its level, round, rule set and council.
    private func checkSheet(
        _ entry: ScoreEntry, by userID: String, now: Date, on connection: Connection
    ) throws -> (CouncilLevel, Int, String, Int64) {
        let record = try instance(entry.productID, of: Self.productWorkflow, Self.productWhat, on: connection)
        guard let level = Self.scoringLevel(of: record.snapshot.state) else {
            throw OCOPError(
                .wrongStage, vi: "sản phẩm \(entry.productID) đang ở trạng thái \(record.snapshot.state), chưa đến bước hội đồng chấm điểm",
                en: "product \(entry.productID) is \(record.snapshot.state), not awaiting a council's scores")
        }
        let actor = try actor(userID, for: record, on: connection)
        let role = Self.councilRoles[level] ?? "HDH"
        guard actor.roles.contains(role) else {
            throw OCOPError(
                .forbidden, vi: "người dùng \"\(userID)\" không có vai trò \(role) (hội đồng \(level.name.vi)) với sản phẩm \(entry.productID)",
                en: "user \"\(userID)\" does not hold \(role) (the \(level.name.en) council) for product \(entry.productID)")
        }
        guard let ruleSetID = record.snapshot.data["rule_set"]?.stringValue, let ruleSet = try? ruleSets.ruleSet(id: ruleSetID) else {
            throw OCOPError(.wrongStage, vi: "sản phẩm \(entry.productID) chưa có bộ tiêu chí", en: "product \(entry.productID) has no rule set")
        }
        do { try entry.sheet.validate(against: ruleSet) } catch let error as RatingError { throw OCOPError(error) }
        let day = entry.scoredOn ?? Self.day(now)
        if day > Self.day(now) {
            throw OCOPError(
                .badInput, vi: "ngày chấm \(day.displayString) ở tương lai (hôm nay \(Self.day(now).displayString))",
                en: "the scoring day \(day.displayString) is in the future (today is \(Self.day(now).displayString))")
        }
        let council = try scoringCouncil(entry.productID, level: level, unitCode: record.unitCode, on: day, connection)
        guard let member = council.members.first(where: { $0.memberID == entry.sheet.memberID }) else {
            throw OCOPError(
                .forbidden,
                vi: "\(entry.sheet.memberID) không phải thành viên \(council.name) (\(council.decisionRef) ngày \(council.decisionDate.displayString)); "
                    + "chỉ phiếu của thành viên hội đồng được tính",
                en: "\(entry.sheet.memberID) is not a member of \(council.name) (\(council.decisionRef) of \(council.decisionDate.displayString)); "
                    + "only the council's members' sheets count")
        }
        guard member.role.scores else {
            throw OCOPError(
                .forbidden, vi: "\(member.memberID) là \(member.role.name.vi) hội đồng, không chấm điểm",
                en: "\(member.memberID) is the council's \(member.role.name.en) and does not score")
        }
        let round = try connection.query("SELECT submissions FROM ocop_product WHERE instance_id = \(entry.productID)").single()
            .decode("submissions", as: Int.self)
        let existing = try connection.query(
            """
            SELECT 1 FROM ocop_score_sheet WHERE product_instance_id = \(entry.productID) AND level = \(level.rawValue)
              AND round = \(round) AND member_id = \(entry.sheet.memberID)
            """)
        if !existing.isEmpty { throw Self.scoredTwice(entry.sheet.memberID, product: entry.productID, level: level, round: round) }
        return (level, round, ruleSet.id, council.id)
    }

    /// The council scoring a product at a level on a day, or a refusal saying how to set one up.
    func scoringCouncil(_ product: Int64, level: CouncilLevel, unitCode: String?, on day: LocalDate, _ connection: Connection) throws -> Council {
        guard let council = try scoringCouncil(level: level, unitCode: unitCode, on: day, on: connection) else {
            throw OCOPError(
                .wrongStage,
                vi: "chưa có hội đồng đánh giá, phân hạng \(level.name.vi) cho sản phẩm \(product) vào ngày \(day.displayString); "
                    + "lập hội đồng bằng ocop council create",
                en: "no \(level.name.en) rating council covers product \(product) on \(day.displayString); set one up with ocop council create")
        }
        return council
    }

    /// Imports a CSV of sheets (``ScoreSheetCSV``) all-or-nothing, reporting every bad line at once — malformed cells,
    /// non-members, members scoring twice, scores above the rule set's maxima — in line order.
    @discardableResult
    public func importScoreSheets(csv text: String, product: Int64? = nil, by userID: String, now: Date, on connection: Connection) throws -> Int {
        let (entries, problems) = try ScoreSheetCSV.read(text, product: product)
        guard !entries.isEmpty || !problems.isEmpty else {
            throw OCOPError(.badInput, vi: "tệp CSV không có phiếu chấm nào", en: "the CSV file holds no score sheet")
        }
        return try addScoreSheets(entries, carrying: problems, by: userID, now: now, on: connection)
    }

    /// Problems sorted by the line they name ("dòng 3…"), keeping the order within a line.
    static func byLine(_ problems: [Bilingual]) -> [Bilingual] {
        func line(_ problem: Bilingual) -> Int {
            guard let match = problem.vi.firstMatch(of: /^dòng (\d+)/) else { return 0 }
            return Int(match.1) ?? 0
        }
        return problems.enumerated().sorted { (line($0.element), $0.offset) < (line($1.element), $1.offset) }.map(\.element)
    }

    static func scoredTwice(_ member: String, product: Int64, level: CouncilLevel, round: Int) -> OCOPError {
        OCOPError(
            .duplicate, vi: "thành viên \(member) đã chấm sản phẩm \(product) ở \(level.name.vi) (lần nộp \(round)); mỗi thành viên chỉ chấm một lần",
            en: "member \(member) already scored product \(product) at the \(level.name.en) (submission \(round)); a member scores once")
    }

    static func located(_ message: Bilingual, at origin: Bilingual?) -> Bilingual {
        guard let origin else { return message }
        return Bilingual(vi: "\(origin.vi): \(message.vi)", en: "\(origin.en): \(message.en)")
    }

    /// The sheets entered for a product at a level in a round (only `council`'s, when given).
    func sheets(product: Int64, level: CouncilLevel, round: Int, council: Int64? = nil, on connection: Connection) throws -> [ScoreSheet] {
        try connection.query(
            """
            SELECT member_id, part_a, part_b, part_c, bonus FROM ocop_score_sheet
            WHERE product_instance_id = \(product) AND level = \(level.rawValue) AND round = \(round)
              AND (\(council)::bigint IS NULL OR council_id = \(council)::bigint)
            ORDER BY id
            """
        ).map { row in
            ScoreSheet(
                memberID: try row.decode("member_id"), a: try row.decode("part_a"), b: try row.decode("part_b"), c: try row.decode("part_c"),
                bonus: try row.decode("bonus"))
        }
    }
}
