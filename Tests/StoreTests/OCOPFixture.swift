import Domain
import Foundation
import LibPQ
import OCOP
import Store
import TestSupport
import Testing
import Workflow

/// A test database with the real `workflows/*.yaml` registered (domain guards with the real rule sets), Hà Tĩnh's
/// units, two producers and staff, and helpers that drive an idea up to a submitted product.
struct OCOPFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let database: TestDatabase
    let pool: ConnectionPool
    let store: WorkflowStore
    let service: OCOPService

    static func make() async throws -> OCOPFixture {
        let database = try await TestServer.shared.database()
        let pool = database.pool(size: 2)
        let folder = repository.appendingPathComponent("workflows")
        let ruleSets = try RuleSetCatalog.load(directory: folder.appendingPathComponent("rulesets"))
        let calendar = try WorkingCalendar.load(contentsOf: folder.appendingPathComponent("calendars/vn-holidays.yaml"))
        let store = WorkflowStore(pool: pool, guards: Domain.registry(ruleSets: ruleSets), calendar: calendar)
        try await store.register(directory: folder)
        let fixture = OCOPFixture(database: database, pool: pool, store: store, service: try OCOPService.load(workflows: store, directory: folder))
        try await fixture.seed()
        return fixture
    }

    /// 09:00 in Vietnam on an ISO day.
    static func at(_ iso: String, hour: Int = 9) -> Date {
        VietnamTime.startOfDay(LocalDate(iso: iso)!).addingTimeInterval(TimeInterval(hour * 3600))
    }

    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    /// Hà Tĩnh → Hương Sơn (district policy huong-son-2021) → Sơn Kim 1; two producers; staff.
    private func seed() async throws {
        try await pool.write { c in
            let units = ReferenceStore()
            let start = LocalDate(iso: "2019-01-01")!
            try units.add(.init(code: "ht", name: "Hà Tĩnh", kind: "province", parentCode: nil, validFrom: start), on: c)
            try units.add(.init(code: "hs", name: "Hương Sơn", kind: "district", parentCode: "ht", validFrom: start), on: c)
            try units.add(.init(code: "sk1", name: "Sơn Kim 1", kind: "commune", parentCode: "hs", validFrom: start), on: c)
            try units.add(.init(code: "vq", name: "Vũ Quang", kind: "district", parentCode: "ht", validFrom: start), on: c)
            try units.add(.init(code: "qt", name: "Quang Thọ", kind: "commune", parentCode: "vq", validFrom: start), on: c)
            try units.add(ReferenceStore.Subject(id: "htx-a", name: "HTX Chè Sơn Kim", kind: "cooperative", unitCode: "sk1"), on: c)
            try units.add(ReferenceStore.Subject(id: "htx-b", name: "Hộ Thanh Mai", kind: "household_business", unitCode: "qt"), on: c)
            let users = UserStore()
            let grants: [(String, [UserStore.Grant])] = [
                ("ct", [.init(role: "CT", subjectID: "htx-a")]),
                ("ct2", [.init(role: "CT", subjectID: "htx-b")]),
                ("huyen", ["HUYEN", "HDH", "UBH", "TGV"].map { .init(role: $0, unitCode: "hs") }),
                ("xa", [.init(role: "XA", unitCode: "sk1")]),
                ("tinh", ["VPDPT", "HDT", "UBT", "DLN", "TW"].map { .init(role: $0) }),
            ]
            for (id, roles) in grants {
                try users.add(id: id, name: id, on: c)
                for grant in roles { try users.grant(grant, to: id, by: "test", on: c) }
            }
        }
        // Councils at every level; they accept a single sheet so that tests of other rules may score with one member
        // (the minimum itself is tested with a council of its own).
        let councils: [(String, CouncilLevel, String?, String)] = [("hs", .district, "hs", "huyen"), ("ht", .province, "ht", "tinh"), ("tw", .central, nil, "tinh")]
        for (code, level, unit, creator) in councils {
            let ids = ["hdh-1", "hdh-2", "hdh-3", "hdt-1", "hdt-2", "hdt-3", "tw-1", "tw-2", "tw-3", "m1", "m2", "m3", "t1"]
            let members = ids.enumerated().map { CouncilMember(memberID: $1, name: "Thành viên \($1)", role: $0 == 0 ? .chair : .member) }
            try await write { s, c in
                try s.createCouncil(
                    CouncilForm(
                        code: "council-\(code)", name: "Hội đồng \(level.name.vi) \(code)", level: level, unitCode: unit,
                        decision: Decision(number: "1/QĐ-UBND", date: Self.day("2019-01-02")), minimumSheets: 1, members: members),
                    by: creator, now: Self.at("2019-01-02"), on: c)
            }
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (OCOPService, Connection) throws -> T) async throws -> T {
        let service = service
        return try await service.write { try body(service, $0) }
    }

    func state(_ id: Int64) async throws -> String { try await store.instance(id).snapshot.state }

    func version(_ id: Int64) async throws -> Int { try await store.instance(id).snapshot.version }

    /// Registers, surveys, proposes and approves an idea, then starts its product; `year` is the cycle year.
    func approvedProduct(subject: String = "htx-a", producer: String = "ct", year: String) async throws -> Int64 {
        try await write { s, c in
            let idea = try s.registerIdea(
                // Several products of one subject and year are the point of some tests: the near-duplicate warning is confirmed.
                IdeaForm(subjectID: subject, name: "Chè xanh \(year)", form: "01", productGroup: "thuc-pham", confirmDuplicate: true), by: producer,
                now: Self.at("\(year)-03-01"), on: c)
            try s.surveyIdea(idea, surveyRef: "BB-KS-01", by: "huyen", now: Self.at("\(year)-03-10"), on: c)
            try s.proposeIdea(idea, proposalRef: "12/TTr-UBND", by: "huyen", now: Self.at("\(year)-03-15"), on: c)
            try s.approveIdea(
                idea, decision: Decision(number: "55/QĐ-VPĐP", date: Self.day("\(year)-04-01")), by: "tinh", now: Self.at("\(year)-04-02"), on: c)
            return try s.startProduct(fromIdea: idea, by: producer, now: Self.at("\(year)-04-05"), on: c)
        }
    }

    /// Plan submitted and approved (by `planApprover`), and the rule set's dossier added, as of `year`-06.
    func developedProduct(year: String, planApprover: String = "huyen", items: [String]) async throws -> Int64 {
        let id = try await approvedProduct(year: year)
        try await write { s, c in
            try s.submitPlan(id, businessPlan: "Phương án SXKD 2022", by: "ct", now: Self.at("\(year)-05-01"), on: c)
            try s.approvePlan(id, by: planApprover, now: Self.at("\(year)-05-10"), on: c)
            for item in items { try s.addDossierItem(id, code: item, document: "\(item).pdf", by: "ct", now: Self.at("\(year)-06-01"), on: c) }
        }
        return id
    }

    /// A product submitted on `year`-09-05, its dossier checked on 09-08 and field-checked on 09-12: awaiting the
    /// district council's scores.
    func fieldCheckedProduct(year: String = "2022", items: [String] = OCOPFixture.items1048) async throws -> Int64 {
        let id = try await developedProduct(year: year, items: items)
        try await write { s, c in
            _ = try s.submitForRating(id, by: "ct", now: Self.at("\(year)-09-05"), on: c)
            try s.checkDossier(id, by: "huyen", now: Self.at("\(year)-09-08"), on: c)
            try s.fieldCheck(id, reportRef: "BB", by: "huyen", now: Self.at("\(year)-09-12"), on: c)
        }
        return id
    }

    static let items1048 = ["business-plan", "organisation-introduction", "business-registration", "product-samples"]
    static let items148 = ["self-assessment"]

    /// Sheets whose totals average `total` exactly, for `members` members of the council at the product's level.
    func score(_ id: Int64, members: [String], parts: [(Decimal, Decimal, Decimal)], by user: String, on iso: String) async throws {
        let entries = zip(members, parts).map { member, p in ScoreEntry(productID: id, sheet: ScoreSheet(memberID: member, a: p.0, b: p.1, c: p.2)) }
        try await write { s, c in try s.addScoreSheets(entries, by: user, now: Self.at(iso), on: c) }
    }
}
