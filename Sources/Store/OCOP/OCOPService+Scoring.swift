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
    public func addScoreSheets(_ entries: [ScoreEntry], by userID: String, now: Date, on connection: Connection) throws -> Int {
        var problems: [Bilingual] = []
        var firstError: OCOPError?
        var rows: [(entry: ScoreEntry, level: CouncilLevel, round: Int, ruleSet: String)] = []
        var seen: Set<String> = []
        for entry in entries {
            do {
                let (level, round, ruleSet) = try checkSheet(entry, by: userID, on: connection)
                let key = "\(entry.productID)/\(level)/\(round)/\(entry.sheet.memberID)"
                guard seen.insert(key).inserted else {
                    throw OCOPError(
                        .duplicate, vi: "thành viên \(entry.sheet.memberID) có hai phiếu cho sản phẩm \(entry.productID) trong cùng tệp",
                        en: "member \(entry.sheet.memberID) has two sheets for product \(entry.productID) in the same file")
                }
                rows.append((entry, level, round, ruleSet))
            } catch let error as OCOPError {
                firstError = firstError ?? error
                problems.append(Self.located(error.message, at: entry.origin))
            }
        }
        if entries.count == 1, entries[0].origin == nil, let firstError { throw firstError }
        guard problems.isEmpty else {
            throw OCOPError(
                .badInput, vi: "không nhập phiếu nào: \(problems.count) lỗi", en: "no sheet was added: \(problems.count) problem(s)",
                details: problems)
        }
        let today = Self.day(now)
        for row in rows {
            let sheet = row.entry.sheet
            do {
                try connection.execute(
                    """
                    INSERT INTO ocop_score_sheet (product_instance_id, level, round, rule_set, member_id, part_a, part_b, part_c, bonus,
                        scored_on, entered_by)
                    VALUES (\(row.entry.productID), \(row.level.rawValue), \(row.round), \(row.ruleSet), \(sheet.memberID), \(sheet.a), \(sheet.b),
                        \(sheet.c), \(sheet.bonus), \((row.entry.scoredOn ?? today).iso)::date, \(userID))
                    """)
            } catch let error as DatabaseError where error.sqlState == .uniqueViolation {
                throw Self.scoredTwice(sheet.memberID, product: row.entry.productID, level: row.level, round: row.round)
            }
        }
        return rows.count
    }

    /// Checks one entry and returns its level, round and rule set.
    private func checkSheet(_ entry: ScoreEntry, by userID: String, on connection: Connection) throws -> (CouncilLevel, Int, String) {
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
        let round = try connection.query("SELECT submissions FROM ocop_product WHERE instance_id = \(entry.productID)").single()
            .decode("submissions", as: Int.self)
        let existing = try connection.query(
            """
            SELECT 1 FROM ocop_score_sheet WHERE product_instance_id = \(entry.productID) AND level = \(level.rawValue)
              AND round = \(round) AND member_id = \(entry.sheet.memberID)
            """)
        if !existing.isEmpty { throw Self.scoredTwice(entry.sheet.memberID, product: entry.productID, level: level, round: round) }
        return (level, round, ruleSet.id)
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

    /// The sheets entered for a product at a level in a round.
    func sheets(product: Int64, level: CouncilLevel, round: Int, on connection: Connection) throws -> [ScoreSheet] {
        try connection.query(
            """
            SELECT member_id, part_a, part_b, part_c, bonus FROM ocop_score_sheet
            WHERE product_instance_id = \(product) AND level = \(level.rawValue) AND round = \(round) ORDER BY id
            """
        ).map { row in
            ScoreSheet(
                memberID: try row.decode("member_id"), a: try row.decode("part_a"), b: try row.decode("part_b"), c: try row.decode("part_c"),
                bonus: try row.decode("bonus"))
        }
    }
}
