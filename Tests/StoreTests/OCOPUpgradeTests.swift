import Foundation
import LibPQ
import OCOP
import Store
import TestSupport
import Testing
import Workflow

@Suite("OCOP re-rating: upgrade supersedes the certificate in force; revocation by decision")
struct OCOPUpgradeTests {
    typealias F = OCOPFixture

    /// A product certified 3★ by the district under ocop-148, on 30/09/2024.
    func threeStarProduct(_ f: F) async throws -> (product: Int64, certificate: Int64) {
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
        return (id, outcome.certificateID)
    }

    @Test func anUpgradeSupersedesTheOldCertificateAndOpensTheUpgradeClaim() async throws {
        let f = try await F.make()
        let (id, old) = try await threeStarProduct(f)
        try await f.write { s, c in
            let ruleSet = try s.submitForRating(id, by: "ct", now: F.at("2025-03-03"), on: c)
            #expect(ruleSet.id == "ocop-148")
        }
        // Applying for re-rating puts the certificate in force into renewal; it stays in force meanwhile.
        #expect(try await f.state(old) == "RENEWAL_IN_PROGRESS")
        try await f.write { s, c in
            try s.checkDossier(id, by: "huyen", now: F.at("2025-03-05"), on: c)
            try s.fieldCheck(id, reportRef: "BB-2", by: "huyen", now: F.at("2025-03-07"), on: c)
        }
        try await f.score(id, members: ["m1", "m2", "m3"], parts: [(35, 20, 19), (35, 20, 20), (35, 20, 21)], by: "huyen", on: "2025-03-14")
        let district = try await f.write { s, c in
            try s.rate(
                id, dossierSentOn: F.day("2025-03-10"), mandatory: .allMet, minutesRef: "BB-HĐH", letterRef: "40/TTr-UBND", by: "huyen",
                now: F.at("2025-03-14"), on: c)
        }
        #expect(district.events == ["score", "forward"])
        try await f.score(
            id, members: ["hdt-1", "hdt-2", "hdt-3"], parts: [(32, 20, 22), (32, 20, 23), (32, 20, 24)], by: "tinh", on: "2025-03-28")
        _ = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2025-03-24"), mandatory: .allMet, minutesRef: "BB-HĐT", by: "tinh", now: F.at("2025-03-28"), on: c)
        }
        let upgraded = try await f.write { s, c in
            try s.certify(id, decision: Decision(number: "120/QĐ-UBND", date: F.day("2025-04-10")), by: "tinh", now: F.at("2025-04-10"), on: c)
        }
        #expect(upgraded.star == .four)
        #expect(try await f.state(upgraded.certificateID) == "VALID")
        #expect(try await f.state(old) == "SUPERSEDED")
        let superseded = try await f.store.instance(old).snapshot.data
        #expect(superseded["superseded_by"] == .string("\(upgraded.certificateID)"))
        #expect(superseded["new_star"] == .int(4))
        #expect(try await f.store.history(old).last?.legalRef == "120/QĐ-UBND ngày 10/04/2025")
        // Hương Sơn pays 30 M for an upgrade from 3★ to 4★.
        #expect(upgraded.claims.map(\.amount) == [30_000_000])
        // The old certificate's pending timers went with it.
        let pending = try await f.store.list(.init(workflow: "ocop_certificate", state: "VALID"))
        #expect(pending.map(\.id) == [upgraded.certificateID])
        // Superseded is not ended: the product stays certified, now 4★, and no reaction moved it; running every timer up
        // to the old certificate's expiry day changes nothing either.
        #expect(try await f.state(id) == "CERTIFIED")
        #expect(try await f.store.instance(id).snapshot.data["star"] == .int(4))
        _ = try await f.store.runDueTimers(now: F.at("2027-10-01"))
        #expect(try await f.state(id) == "CERTIFIED")
        #expect(try await f.store.history(id).filter { $0.event == "certificate_ended" }.isEmpty)
        // The newer certificate ending does move it, once, naming that certificate.
        _ = try await f.store.runDueTimers(now: F.at("2028-04-11"))
        #expect(try await f.state(upgraded.certificateID) == "EXPIRED")
        #expect(try await f.state(id) == "DEVELOPING")
        let ended = try await f.store.history(id).filter { $0.event == "certificate_ended" }
        #expect(ended.count == 1 && ended.first?.causedBy?.instanceID == upgraded.certificateID)
    }

    @Test func revocationNeedsTheIssuingAuthorityAndADecision() async throws {
        let f = try await F.make()
        let (_, certificate) = try await threeStarProduct(f)
        do {
            try await f.write { s, c in
                try s.revokeCertificate(
                    certificate, reason: "failed_post_audit", decision: Decision(number: "9/QĐ-UBND", date: F.day("2025-01-10")), by: "ct",
                    now: F.at("2025-01-10"), on: c)
            }
            Issue.record("a producer cannot revoke")
        } catch let error as WorkflowStoreError {
            #expect(error.code == .rejected)
        }
        #expect(try await f.state(certificate) == "VALID")
        try await f.write { s, c in
            try s.revokeCertificate(
                certificate, reason: "failed_post_audit", decision: Decision(number: "9/QĐ-UBND", date: F.day("2025-01-10")), by: "huyen",
                now: F.at("2025-01-10"), on: c)
        }
        #expect(try await f.state(certificate) == "REVOKED")
        #expect(try await f.store.instance(certificate).snapshot.data["revocation_reason"] == .string("failed_post_audit"))
        #expect(try await f.store.history(certificate).last?.legalRef == "9/QĐ-UBND ngày 10/01/2025")
    }

    @Test func underDecision1048TheCentralFiveStarSupersedesTheProvincesFourStar() async throws {
        let f = try await F.make()
        let id = try await f.developedProduct(year: "2022", items: F.items1048)
        try await f.write { s, c in
            try s.submitForRating(id, by: "ct", now: F.at("2022-09-05"), on: c)
            try s.checkDossier(id, by: "huyen", now: F.at("2022-09-08"), on: c)
            try s.fieldCheck(id, reportRef: "BB-KT", by: "huyen", now: F.at("2022-09-12"), on: c)
        }
        let top: [(Decimal, Decimal, Decimal)] = [(33, 24, 37), (34, 24, 38), (33, 23, 38)]
        try await f.score(id, members: ["hdh-1", "hdh-2", "hdh-3"], parts: top, by: "huyen", on: "2022-09-20")
        _ = try await f.write { s, c in
            try s.rate(
                id, dossierSentOn: F.day("2022-09-15"), mandatory: .allMet, minutesRef: "BB-HĐH", letterRef: "30/TTr-UBND", by: "huyen",
                now: F.at("2022-09-20"), on: c)
        }
        try await f.score(id, members: ["hdt-1", "hdt-2", "hdt-3"], parts: top, by: "tinh", on: "2022-10-03")
        _ = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2022-09-28"), mandatory: .allMet, minutesRef: "BB-HĐT", by: "tinh", now: F.at("2022-10-03"), on: c)
        }
        // ≥ 90 at the province under 1048: certify 4★ and forward as a potential 5★ (DOMAIN §9.5 default).
        let four = try await f.write { s, c in
            try s.certify(
                id, decision: Decision(number: "300/QĐ-UBND", date: F.day("2022-10-10")), letterRef: "45/TTr-UBND", by: "tinh",
                now: F.at("2022-10-10"), on: c)
        }
        #expect(four.star == .four && four.level == .province)
        #expect(try await f.state(id) == "FORWARDED_TO_CENTRAL")
        try await f.score(id, members: ["tw-1", "tw-2", "tw-3"], parts: top, by: "tinh", on: "2022-12-05")
        _ = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2022-11-30"), mandatory: .allMet, minutesRef: "BB-HĐTW", by: "tinh", now: F.at("2022-12-05"), on: c)
        }
        let five = try await f.write { s, c in
            try s.certify(id, decision: Decision(number: "1000/QĐ-BNN", date: F.day("2022-12-20")), by: "tinh", now: F.at("2022-12-20"), on: c)
        }
        #expect(five.star == .five && five.level == .central)
        #expect(try await f.state(four.certificateID) == "SUPERSEDED")
        #expect(try await f.state(five.certificateID) == "VALID")
    }
}
