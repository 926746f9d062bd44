import Foundation
import LibPQ
import OCOP
import Workflow

/// A member's place in a rating council.
public enum CouncilRole: String, Sendable, Hashable, CaseIterable, Codable {
    case chair
    case viceChair = "vice_chair"
    case member
    /// The secretary keeps the minutes and may enter sheets for members; they do not score.
    case secretary

    /// Whether a sheet of theirs counts.
    public var scores: Bool { self != .secretary }

    /// "Chủ tịch hội đồng" / "chair".
    public var name: Bilingual {
        switch self {
        case .chair: Bilingual(vi: "Chủ tịch", en: "chair")
        case .viceChair: Bilingual(vi: "Phó Chủ tịch", en: "vice-chair")
        case .member: Bilingual(vi: "Ủy viên", en: "member")
        case .secretary: Bilingual(vi: "Thư ký", en: "secretary")
        }
    }

    /// Reads "chair", "vice-chair"/"vice_chair", "member", "secretary", or the Vietnamese words.
    public init?(typed text: String) {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
        switch key {
        case "chair", "chu_tich", "chủ tịch", "chủ_tịch": self = .chair
        case "vice_chair", "pho_chu_tich", "phó chủ tịch", "phó_chủ_tịch": self = .viceChair
        case "member", "uy_vien", "ủy viên", "ủy_viên", "thanh_vien", "thành viên": self = .member
        case "secretary", "thu_ky", "thư ký", "thư_ký": self = .secretary
        default: return nil
        }
    }
}

/// One member of a council.
public struct CouncilMember: Sendable, Hashable, Codable {
    /// The id their sheets carry, e.g. "hdh-1".
    public var memberID: String
    /// Their full name, as in the decision.
    public var name: String
    /// Chair, vice-chair, member or secretary.
    public var role: CouncilRole
    /// The account they sign in with, if they enter their own sheets.
    public var userID: String?

    public init(memberID: String, name: String, role: CouncilRole, userID: String? = nil) {
        self.memberID = memberID
        self.name = name
        self.role = role
        self.userID = userID
    }
}

/// What sets up a council: the decision of the People's Committee chair of its level (DOMAIN §2.3).
public struct CouncilForm: Sendable, Hashable {
    public var code: String
    public var name: String
    public var level: CouncilLevel
    /// The district or province; nil for the central council.
    public var unitCode: String?
    public var decision: Decision
    /// Sheets needed before a result; nil: ``OCOPService/defaultMinimumSheets``.
    public var minimumSheets: Int?
    public var members: [CouncilMember]

    public init(
        code: String, name: String, level: CouncilLevel, unitCode: String?, decision: Decision, minimumSheets: Int? = nil, members: [CouncilMember]
    ) {
        self.code = code
        self.name = name
        self.level = level
        self.unitCode = unitCode
        self.decision = decision
        self.minimumSheets = minimumSheets
        self.members = members
    }
}

/// A council as stored.
public struct Council: Sendable, Hashable, Codable {
    public var id: Int64
    public var code: String
    public var name: String
    public var level: CouncilLevel
    public var unitCode: String?
    public var decisionRef: String
    public var decisionDate: LocalDate
    public var minimumSheets: Int
    public var members: [CouncilMember]

    /// The members whose sheets count.
    public var scoringMembers: [CouncilMember] { members.filter(\.role.scores) }
}

/// Rating councils as data (DOMAIN §2.3, §9.22): created by a decision, members with roles; only members' sheets count,
/// each once per round, and a result needs a minimum number of sheets.
extension OCOPService {
    /// DOMAIN §9.22: no quorum figure is known; the default is at least 3 sheets before a result (each council may set
    /// its own number when it is created).
    public static let defaultMinimumSheets = 3

    /// The roles that set up a council at each level: the district's office or People's Committee, the province's
    /// NTM office or People's Committee, the Ministry.
    static let councilCreators: [CouncilLevel: Set<String>] = [
        .district: ["HUYEN", "UBH"], .province: ["VPDPT", "UBT"], .central: ["TW"],
    ]

    /// Creates a council with its members; every problem of the form is reported at once.
    @discardableResult
    public func createCouncil(_ form: CouncilForm, by userID: String, now: Date, on connection: Connection) throws -> Council {
        var problems: [Bilingual] = []
        func problem(_ vi: String, _ en: String) { problems.append(Bilingual(vi: vi, en: en)) }
        if form.code.wholeMatch(of: /[a-z0-9][a-z0-9._-]*/) == nil {
            problem("mã hội đồng \"\(form.code)\" chỉ gồm chữ thường không dấu, số, '.', '_', '-'",
                    "council code \"\(form.code)\" may hold lower-case ASCII letters, digits, '.', '_', '-' only")
        }
        if form.name.trimmingCharacters(in: .whitespaces).isEmpty { problem("thiếu tên hội đồng", "the council's name is missing") }
        if form.level == .commune { problem("cấp xã không có hội đồng đánh giá, phân hạng", "communes have no rating council") }
        if form.decision.number.trimmingCharacters(in: .whitespaces).isEmpty {
            problem("thiếu số quyết định thành lập hội đồng", "the decision setting up the council is missing")
        }
        if form.decision.date > Self.day(now) {
            problem("ngày quyết định \(form.decision.date.displayString) ở tương lai", "the decision date \(form.decision.date.displayString) is in the future")
        }
        try checkCouncilUnit(form, problem: problem, on: connection)
        checkMembers(form.members, minimumSheets: form.minimumSheets ?? Self.defaultMinimumSheets, problem: problem)
        for member in form.members {
            if let user = member.userID, try connection.query("SELECT 1 FROM app_user WHERE id = \(user)").isEmpty {
                problem("thành viên \(member.memberID): không có người dùng \"\(user)\"", "member \(member.memberID): no user \"\(user)\"")
            }
        }
        guard problems.isEmpty else {
            throw OCOPError(
                .badInput, vi: "không tạo hội đồng \(form.code): \(problems.count) lỗi", en: "council \(form.code) not created: \(problems.count) problem(s)",
                details: problems)
        }
        try requireCouncilAuthority(level: form.level, unitCode: form.unitCode, by: userID, on: connection)
        let id: Int64
        do {
            id = try connection.query(
                """
                INSERT INTO ocop_council (code, name, level, unit_code, decision_ref, decision_date, min_sheets, created_by)
                VALUES (\(form.code), \(form.name), \(form.level.rawValue), \(form.unitCode), \(form.decision.number),
                    \(form.decision.date.iso)::date, \(form.minimumSheets ?? Self.defaultMinimumSheets), \(userID))
                RETURNING id
                """
            ).single().decode("id")
        } catch let error as DatabaseError where error.sqlState == .uniqueViolation {
            throw OCOPError(.duplicate, vi: "đã có hội đồng mã \(form.code)", en: "council \(form.code) already exists")
        }
        for member in form.members { try insert(member, council: id, by: userID, on: connection) }
        return try council(form.code, on: connection)
    }

    /// Adds a member to a council (e.g. after a replacement decision).
    @discardableResult
    public func addCouncilMember(_ member: CouncilMember, to code: String, by userID: String, on connection: Connection) throws -> Council {
        let existing = try council(code, on: connection)
        try requireCouncilAuthority(level: existing.level, unitCode: existing.unitCode, by: userID, on: connection)
        var problems: [Bilingual] = []
        checkMembers(existing.members + [member], minimumSheets: existing.minimumSheets) { problems.append(Bilingual(vi: $0, en: $1)) }
        if let user = member.userID, try connection.query("SELECT 1 FROM app_user WHERE id = \(user)").isEmpty {
            problems.append(Bilingual(vi: "không có người dùng \"\(user)\"", en: "no user \"\(user)\""))
        }
        guard problems.isEmpty else {
            throw OCOPError(.badInput, vi: "không thêm được thành viên \(member.memberID)", en: "member \(member.memberID) not added", details: problems)
        }
        try insert(member, council: existing.id, by: userID, on: connection)
        return try council(code, on: connection)
    }

    /// One council with its members, or `notFound`.
    public func council(_ code: String, on connection: Connection) throws -> Council {
        guard let council = try councils(where: "c.code = \(code)", on: connection).first else {
            throw OCOPError(.notFound, vi: "không có hội đồng mã \(code)", en: "no council \(code)")
        }
        return council
    }

    /// Every council, lowest level first, newest decision first. Councils and their members are public decisions, so
    /// any signed-in user may read them.
    public func councils(by userID: String, on connection: Connection) throws -> [Council] {
        _ = try users.user(userID, on: connection)
        return try councils(where: "true", on: connection)
    }

    /// The council that scores a product of `unitCode` at `level` on `day`: the one set up most recently, on or before
    /// that day, for the unit's district or province (the central council for `central`).
    func scoringCouncil(level: CouncilLevel, unitCode: String?, on day: LocalDate, on connection: Connection) throws -> Council? {
        let condition: Query =
            level == .central
            ? "c.level = 'central' AND c.decision_date <= \(day.iso)::date"
            : """
            c.level = \(level.rawValue) AND c.decision_date <= \(day.iso)::date
              AND (c.unit_code = \(unitCode)::text OR admin_unit_within(\(unitCode)::text, c.unit_code))
            """
        return try councils(where: condition, limit: 1, on: connection).first
    }

    // MARK: - Private

    private func councils(where condition: Query, limit: Int = 1000, on connection: Connection) throws -> [Council] {
        let rows = try connection.query(
            """
            SELECT c.id, c.code, c.name, c.level, c.unit_code, c.decision_ref, c.decision_date::text AS decision_date, c.min_sheets,
                coalesce((SELECT jsonb_agg(jsonb_build_object('memberID', m.member_id, 'name', m.name, 'role', m.role, 'userID', m.user_id)
                          ORDER BY CASE m.role WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 WHEN 'member' THEN 2 ELSE 3 END, m.member_id)
                          FROM ocop_council_member m WHERE m.council_id = c.id), '[]') AS members
            FROM ocop_council c
            WHERE \(condition)
            ORDER BY CASE c.level WHEN 'district' THEN 1 WHEN 'province' THEN 2 ELSE 3 END, c.decision_date DESC, c.id DESC
            LIMIT \(limit)
            """)
        return try rows.map { row in
            Council(
                id: try row.decode("id"), code: try row.decode("code"), name: try row.decode("name"),
                level: CouncilLevel(rawValue: try row.decode("level")) ?? .district, unitCode: try row.decode("unit_code"),
                decisionRef: try row.decode("decision_ref"), decisionDate: LocalDate(iso: try row.decode("decision_date"))!,
                minimumSheets: try row.decode("min_sheets"), members: try row.decode("members", as: JSONB<[CouncilMember]>.self).value)
        }
    }

    private func insert(_ member: CouncilMember, council id: Int64, by userID: String, on connection: Connection) throws {
        do {
            try connection.execute(
                """
                INSERT INTO ocop_council_member (council_id, member_id, name, role, user_id, added_by)
                VALUES (\(id), \(member.memberID), \(member.name), \(member.role.rawValue), \(member.userID), \(userID))
                """)
        } catch let error as DatabaseError where error.sqlState == .uniqueViolation {
            throw OCOPError(
                .duplicate, vi: "thành viên \(member.memberID) đã có trong hội đồng, hoặc hội đồng đã có chủ tịch",
                en: "member \(member.memberID) is already on the council, or the council already has a chair")
        }
    }

    private func checkCouncilUnit(_ form: CouncilForm, problem: (String, String) -> Void, on connection: Connection) throws {
        switch (form.level, form.unitCode) {
        case (.central, nil), (.commune, _): return
        case (.central, .some):
            problem("hội đồng cấp Trung ương không thuộc đơn vị nào (bỏ --unit)", "the central council belongs to no unit (leave out --unit)")
        case (_, nil):
            problem("hội đồng \(form.level.name.vi) cần đơn vị (--unit)", "a \(form.level.name.en) council needs its unit (--unit)")
        case (_, .some(let code)):
            guard let row = try connection.query("SELECT kind FROM admin_unit WHERE code = \(code)").first else {
                problem("không có đơn vị \"\(code)\"", "no unit \"\(code)\"")
                return
            }
            let kind: String = try row.decode("kind")
            let expected = form.level == .district ? "district" : "province"
            if kind != expected {
                problem("đơn vị \"\(code)\" là \(kind), hội đồng \(form.level.name.vi) cần một \(expected)",
                        "unit \"\(code)\" is a \(kind); a \(form.level.name.en) council needs a \(expected)")
            }
        }
    }

    private func checkMembers(_ members: [CouncilMember], minimumSheets: Int, problem: (String, String) -> Void) {
        if members.isEmpty { problem("hội đồng chưa có thành viên", "the council has no members") }
        var seen: Set<String> = []
        for member in members {
            if member.memberID.wholeMatch(of: /[A-Za-z0-9][A-Za-z0-9._-]*/) == nil {
                problem("mã thành viên \"\(member.memberID)\" không hợp lệ", "member id \"\(member.memberID)\" is not valid")
            }
            if member.name.trimmingCharacters(in: .whitespaces).isEmpty {
                problem("thành viên \(member.memberID): thiếu họ tên", "member \(member.memberID): the name is missing")
            }
            if !seen.insert(member.memberID).inserted {
                problem("thành viên \(member.memberID) có tên hai lần", "member \(member.memberID) is listed twice")
            }
        }
        let chairs = members.filter { $0.role == .chair }.count
        if !members.isEmpty && chairs != 1 {
            problem("hội đồng cần đúng một chủ tịch (đang có \(chairs))", "a council needs exactly one chair (it has \(chairs))")
        }
        let scoring = members.filter(\.role.scores).count
        if !(1...100).contains(minimumSheets) {
            problem("số phiếu tối thiểu \(minimumSheets) phải từ 1 đến 100", "the minimum of \(minimumSheets) sheets must be 1 to 100")
        } else if !members.isEmpty && scoring < minimumSheets {
            problem("hội đồng có \(scoring) thành viên chấm điểm, ít hơn số phiếu tối thiểu \(minimumSheets)",
                    "the council has \(scoring) scoring member(s), fewer than its minimum of \(minimumSheets) sheets")
        }
    }

    private func requireCouncilAuthority(level: CouncilLevel, unitCode: String?, by userID: String, on connection: Connection) throws {
        let roles = try access.coveringRoles(of: userID, users: users, subjectID: nil, unitCode: unitCode, on: connection)
        let allowed = Self.councilCreators[level] ?? []
        guard !roles.isDisjoint(with: allowed) else {
            throw OCOPError(
                .forbidden,
                vi: "người dùng \"\(userID)\" không lập được hội đồng \(level.name.vi)\(unitCode.map { " của \($0)" } ?? "") (cần vai trò \(allowed.sorted().joined(separator: "/")))",
                en: "user \"\(userID)\" cannot set up a \(level.name.en) council\(unitCode.map { " for \($0)" } ?? "") (needs \(allowed.sorted().joined(separator: "/")))")
        }
    }
}
