import Foundation
import OCOP
import Store
import Testing
import Workflow

/// An idea from registration to a 4★ certificate and a paid claim, under each rule set (DOMAIN §6.2–§6.5).
@Suite("OCOP lifecycle")
struct OCOPLifecycleTests {
    typealias F = OCOPFixture

    /// Members' parts giving totals 74, 75, 76 → average 75.00 (4★ band) under any rule set.
    static let fourStar: [(Decimal, Decimal, Decimal)] = [(30, 20, 24), (30, 20, 25), (30, 20, 26)]

    @Test("ocop-1048: district 75 forwards; the province certifies 4★; a Hương Sơn claim is accepted and paid")
    func underDecision1048() async throws {
        let f = try await F.make()
        let id = try await f.developedProduct(year: "2022", items: F.items1048)
        let ruleSet = try await f.write { s, c in try s.submitForRating(id, by: "ct", now: F.at("2022-09-05"), on: c) }
        #expect(ruleSet.id == "ocop-1048")
        try await f.write { s, c in
            try s.checkDossier(id, by: "huyen", now: F.at("2022-09-08"), on: c)
            try s.fieldCheck(id, reportRef: "BB-KT-01", by: "huyen", now: F.at("2022-09-12"), on: c)
        }
        try await f.score(id, members: ["hdh-1", "hdh-2", "hdh-3"], parts: Self.fourStar, by: "huyen", on: "2022-09-20")
        let district = try await f.write { s, c in
            try s.rate(
                id, dossierSentOn: F.day("2022-09-15"), mandatory: .allMet, minutesRef: "BB-HĐH-01", letterRef: "30/TTr-UBND",
                by: "huyen", now: F.at("2022-09-20"), on: c)
        }
        #expect(district.average == 75)
        #expect(district.events == ["score", "forward"])
        #expect(try await f.state(id) == "FORWARDED_TO_PROVINCE")
        try await finishAtProvince(f, id, year: "2022", expectPolicies: ["ha-tinh-2021": 50_000_000, "huong-son-2021": 70_000_000])
    }

    @Test("ocop-148: district 75 forwards (≥ 70); the province certifies 4★; claim paid")
    func underDecision148() async throws {
        let f = try await F.make()
        let id = try await f.developedProduct(year: "2024", items: F.items148)
        let ruleSet = try await f.write { s, c in try s.submitForRating(id, by: "ct", now: F.at("2024-09-04"), on: c) }
        #expect(ruleSet.id == "ocop-148")
        try await f.write { s, c in
            try s.checkDossier(id, by: "huyen", now: F.at("2024-09-06"), on: c)
            try s.fieldCheck(id, reportRef: "BB-KT-02", by: "huyen", now: F.at("2024-09-10"), on: c)
        }
        try await f.score(
            id, members: ["hdh-1", "hdh-2", "hdh-3"], parts: [(35, 20, 19), (35, 20, 20), (35, 20, 21)], by: "huyen", on: "2024-09-20")
        let district = try await f.write { s, c in
            try s.rate(
                id, dossierSentOn: F.day("2024-09-16"), mandatory: .allMet, minutesRef: "BB-HĐH-02", letterRef: "31/TTr-UBND",
                by: "huyen", now: F.at("2024-09-20"), on: c)
        }
        #expect(district.events == ["score", "forward"])
        try await finishAtProvince(f, id, year: "2024", expectPolicies: ["ha-tinh-2021": 50_000_000, "huong-son-2021": 70_000_000])
    }

    @Test("ocop-148-1489: the commune checks and proposes; the province certifies 4★; claim paid")
    func underDecision1489() async throws {
        let f = try await F.make()
        let id = try await f.developedProduct(year: "2025", planApprover: "huyen", items: F.items148)
        let ruleSet = try await f.write { s, c in try s.submitForRating(id, by: "ct", now: F.at("2025-08-04"), on: c) }
        #expect(ruleSet.id == "ocop-148-1489")
        try await f.write { s, c in
            try s.checkDossier(id, by: "xa", now: F.at("2025-08-06"), on: c)
            try s.proposeToProvince(id, letterRef: "5/TTr-UBND", by: "xa", now: F.at("2025-08-07"), on: c)
        }
        try await finishAtProvince(f, id, year: "2025", expectPolicies: ["ha-tinh-2021": 50_000_000, "huong-son-2021": 70_000_000])
    }

    /// Province scores 75 → certify 4★ at the province; the claim goes through allocation, dossier, acceptance, payment.
    func finishAtProvince(_ f: F, _ id: Int64, year: String, expectPolicies: [String: VND]) async throws {
        #expect(try await f.state(id) == "FORWARDED_TO_PROVINCE")
        try await f.score(
            id, members: ["hdt-1", "hdt-2", "hdt-3"], parts: Self.fourStar.map { ($0.0 + 2, $0.1, $0.2 - 2) }, by: "tinh", on: "\(year)-10-01")
        let province = try await f.write { s, c in
            try s.rate(
                id, dossierSentOn: F.day("\(year)-09-25"), mandatory: .allMet, minutesRef: "BB-HĐT", by: "tinh", now: F.at("\(year)-10-01"), on: c)
        }
        #expect(province.decision == .certify(.four, at: .province))
        let outcome = try await f.write { s, c in
            try s.certify(id, decision: Decision(number: "436/QĐ-UBND", date: F.day("\(year)-10-10")), by: "tinh", now: F.at("\(year)-10-10"), on: c)
        }
        #expect(outcome.star == .four)
        #expect(outcome.level == .province)
        #expect(outcome.expiresOn == F.day("\(Int(year)! + 3)-10-10"))
        #expect(try await f.state(id) == "CERTIFIED")
        #expect(try await f.state(outcome.certificateID) == "VALID")
        // Province and district policies stack: one claim each, with each policy's amount.
        #expect(Dictionary(uniqueKeysWithValues: outcome.claims.map { ($0.policyID, $0.amount) }) == expectPolicies)
        for claim in outcome.claims {
            try await f.write { s, c in
                try s.allocateClaim(
                    claim.claimID, decision: Decision(number: "901/QĐ-UBND", date: F.day("\(year)-11-01")), by: "huyen",
                    now: F.at("\(year)-11-02"), on: c)
                try s.submitClaim(claim.claimID, dossierRef: "HS-HT-01", by: "ct", now: F.at("\(year)-11-10"), on: c)
                try s.acceptClaim(claim.claimID, minutesRef: "BB-NT-01", by: "huyen", now: F.at("\(year)-11-20"), on: c)
                try s.payClaim(claim.claimID, paymentRef: "UNC-01", by: "huyen", now: F.at("\(year)-12-01"), on: c)
            }
            #expect(try await f.state(claim.claimID) == "PAID_SETTLED")
            #expect(try await f.store.instance(claim.claimID).snapshot.data["amount_paid"] == .int(claim.amount.dong))
        }
        let history = try await f.store.history(id)
        #expect(history.last?.legalRef == "436/QĐ-UBND ngày 10/10/\(year)")
    }

    @Test("a product averaging 49.99 is not recognised and can re-enter development and be rated again")
    func averageJustBelowFifty() async throws {
        let f = try await F.make()
        let id = try await f.developedProduct(year: "2022", items: F.items1048)
        try await f.write { s, c in
            try s.submitForRating(id, by: "ct", now: F.at("2022-09-05"), on: c)
            try s.checkDossier(id, by: "huyen", now: F.at("2022-09-08"), on: c)
            try s.fieldCheck(id, reportRef: "BB", by: "huyen", now: F.at("2022-09-12"), on: c)
        }
        try await f.score(id, members: ["m1", "m2"], parts: [(20, 10, 19.98), (20, 10, 20)], by: "huyen", on: "2022-09-20")
        let outcome = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2022-09-15"), mandatory: .allMet, minutesRef: "BB", by: "huyen", now: F.at("2022-09-20"), on: c)
        }
        #expect(outcome.average == Decimal(string: "49.99"))
        #expect(outcome.bandStar == .two)
        #expect(outcome.events == ["score", "not_recognise"])
        #expect(try await f.state(id) == "NOT_RECOGNISED")
        try await f.write { s, c in
            try s.resumeDevelopment(id, by: "ct", now: F.at("2022-10-01"), on: c)
            try s.submitForRating(id, by: "ct", now: F.at("2022-11-01"), on: c)
            try s.checkDossier(id, by: "huyen", now: F.at("2022-11-02"), on: c)
            try s.fieldCheck(id, reportRef: "BB2", by: "huyen", now: F.at("2022-11-03"), on: c)
        }
        // The same members score again in the new submission round.
        try await f.score(id, members: ["m1", "m2"], parts: [(30, 20, 10), (30, 20, 10)], by: "huyen", on: "2022-11-10")
        let again = try await f.write { s, c in
            try s.rate(
                id, dossierSentOn: F.day("2022-11-07"), mandatory: .allMet, minutesRef: "BB2", letterRef: "40/TTr-UBND", by: "huyen",
                now: F.at("2022-11-10"), on: c)
        }
        #expect(again.average == 60)
        #expect(try await f.state(id) == "FORWARDED_TO_PROVINCE")
    }

    @Test("ocop-148: a district 60 is certified 3★ by the district, the level the rule set names")
    func threeStarByDistrictUnder148() async throws {
        let f = try await F.make()
        let id = try await f.developedProduct(year: "2024", items: F.items148)
        try await f.write { s, c in
            try s.submitForRating(id, by: "ct", now: F.at("2024-09-04"), on: c)
            try s.checkDossier(id, by: "huyen", now: F.at("2024-09-06"), on: c)
            try s.fieldCheck(id, reportRef: "BB", by: "huyen", now: F.at("2024-09-10"), on: c)
        }
        try await f.score(id, members: ["m1"], parts: [(30, 15, 15)], by: "huyen", on: "2024-09-20")
        _ = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2024-09-16"), mandatory: .allMet, minutesRef: "BB", by: "huyen", now: F.at("2024-09-20"), on: c)
        }
        let outcome = try await f.write { s, c in
            try s.certify(id, decision: Decision(number: "77/QĐ-UBND", date: F.day("2024-09-30")), by: "huyen", now: F.at("2024-09-30"), on: c)
        }
        #expect(outcome.star == .three)
        #expect(outcome.level == .district)
        // Hà Tĩnh's 3★ reward and Hương Sơn's, both (DOMAIN §3: district policies stack on top).
        #expect(outcome.claims.map(\.policyID) == ["ha-tinh-2021", "huong-son-2021"])
        #expect(outcome.claims.map(\.amount) == [30_000_000, 50_000_000])
    }
}
