import Foundation
import OCOP
import Testing

@Suite("Support policies (§3, §6.5)")
struct SupportPolicyTests {
    static func policies() throws -> SupportPolicyCatalog {
        try SupportPolicyCatalog.load(directory: TestData.workflows("policies"))
    }

    static func policy(_ id: String) throws -> SupportPolicy {
        try #require(try policies().policies.first { $0.id == id })
    }

    @Test("Hà Tĩnh 2019: 3★ = 30 M, 4★ = 50 M, nothing else")
    func haTinh() throws {
        let policy = try Self.policy("ha-tinh-2019")
        #expect(policy.amount(forStar: .three) == 30_000_000)
        #expect(policy.amount(forStar: .four) == 50_000_000)
        #expect(policy.amount(forStar: .five) == nil)
        #expect(policy.amount(forStar: .two) == nil)
        #expect(policy.amount(forStar: .four, previousStar: .three) == nil)
        #expect(policy.level == .province && policy.currency == "VND")
        #expect(policy.legalBasis.map(\.number) == ["513/QĐ-UBND", "868/QĐ-UBND"])
        #expect(policy.legalBasis[1].date == (try day("2019-03-26")))
        #expect(policy.fundingSource.vi.contains("nông thôn mới"))
    }

    @Test(
        "Hương Sơn 2021: per star and per upgrade",
        arguments: [
            (Star.five, Star?.none, VND?.some(100_000_000)), (.four, nil, 70_000_000), (.three, nil, 50_000_000),
            (.four, .three, 30_000_000), (.five, .four, 30_000_000), (.five, .three, 50_000_000),
            (.four, .four, nil), (.three, .four, nil), (.four, .two, 70_000_000), (.two, nil, nil),
        ]
    )
    func huongSon(star: Star, previous: Star?, expected: VND?) throws {
        #expect(try Self.policy("huong-son-2021").amount(forStar: star, previousStar: previous) == expected)
    }

    @Test("validity dates are inclusive")
    func covers() throws {
        let policy = try Self.policy("ha-tinh-2019")
        #expect(policy.covers(date: try day("2019-03-26")))
        #expect(policy.covers(date: try day("2020-12-31")))
        #expect(!policy.covers(date: try day("2019-03-25")))
        #expect(!policy.covers(date: try day("2021-01-01")))
    }

    @Test("the catalog finds every policy that pays for a certificate")
    func applicable() throws {
        let catalog = try Self.policies()
        let in2021 = catalog.applicable(forStar: .four, certifiedOn: try day("2021-06-01"))
        // Province and district stack (DOMAIN §3): Hà Tĩnh's reward for products rated from 2021 and Hương Sơn's own.
        #expect(in2021.map(\.policy.id) == ["ha-tinh-2021", "huong-son-2021"])
        #expect(in2021.map(\.amount) == [50_000_000, 70_000_000])
        let upgrade = catalog.applicable(forStar: .four, previousStar: .three, certifiedOn: try day("2023-06-01"))
        #expect(upgrade.map(\.policy.id) == ["huong-son-2021"], "no provincial upgrade amount is known")
        let in2019 = catalog.applicable(forStar: .three, certifiedOn: try day("2019-12-20"))
        #expect(in2019.map(\.policy.id) == ["ha-tinh-2019"])
        #expect(catalog.applicable(forStar: .two, certifiedOn: try day("2021-06-01")).isEmpty)
    }

    static let brokenFixtures: [(old: String, new: String, code: DataFileError.Code, lineOf: String)] = [
        ("  3: 50000000", "  2: 50000000", .invalidValue, "  2: 50000000"),
        ("  3: 50000000", "  3: 50000000.5", .invalidValue, "  3: 50000000.5"),
        ("{ from: 4, to: 5, amount: 30000000 }", "{ from: 5, to: 4, amount: 30000000 }", .inconsistent, "{ from: 5, to: 4"),
        ("{ from: 3, to: 5, amount: 50000000 }", "{ from: 3, to: 4, amount: 50000000 }", .duplicateCode, "{ from: 3, to: 4, amount: 5"),
        ("level: district", "level: central", .invalidValue, "level: central"),
        ("funding_source:", "funding_sources:", .unknownKey, "funding_sources:"),
        ("    rate_percent: 30\n", "", .missingKey, "  - code: technology-transfer"),
    ]

    @Test("broken policy fixtures fail with file:line", arguments: 0..<brokenFixtures.count)
    func broken(index: Int) throws {
        let fixture = Self.brokenFixtures[index]
        let text = try replacingOnce(try TestData.text("policies", "huong-son-2021.yaml"), fixture.old, fixture.new)
        let error = try capture(DataFileError.self) { _ = try SupportPolicy.decode(yaml: text, file: "broken.yaml") }
        #expect(error.code == fixture.code, "\(error)")
        #expect(error.location.line == (try line(of: fixture.lineOf, in: text)), "\(error)")
    }
}
