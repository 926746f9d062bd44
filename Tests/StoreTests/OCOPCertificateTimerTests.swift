import Foundation
import OCOP
import Store
import Testing
import Workflow

/// The certificate's timers (§2.4, §6.4): the notice 30 days before expiry fires once; expiry on the right day.
@Suite("OCOP certificate timers")
struct OCOPCertificateTimerTests {
    typealias F = OCOPFixture

    @Test("issued 10/10/2022: notice on 10/09/2025 exactly once, expired from 10/10/2025")
    func noticeAndExpiry() async throws {
        let f = try await F.make()
        let id = try await f.developedProduct(year: "2022", items: F.items1048)
        try await f.write { s, c in
            try s.submitForRating(id, by: "ct", now: F.at("2022-09-05"), on: c)
            try s.checkDossier(id, by: "huyen", now: F.at("2022-09-08"), on: c)
            try s.fieldCheck(id, reportRef: "BB", by: "huyen", now: F.at("2022-09-12"), on: c)
        }
        try await f.score(id, members: ["m1"], parts: [(30, 20, 25)], by: "huyen", on: "2022-09-20")
        _ = try await f.write { s, c in
            try s.rate(
                id, dossierSentOn: F.day("2022-09-15"), mandatory: .allMet, minutesRef: "BB", letterRef: "3/TTr-UBND", by: "huyen",
                now: F.at("2022-09-20"), on: c)
        }
        try await f.score(id, members: ["t1"], parts: [(30, 20, 25)], by: "tinh", on: "2022-10-01")
        _ = try await f.write { s, c in
            try s.rate(id, dossierSentOn: F.day("2022-09-27"), mandatory: .allMet, minutesRef: "BB", by: "tinh", now: F.at("2022-10-01"), on: c)
        }
        let outcome = try await f.write { s, c in
            try s.certify(id, decision: Decision(number: "4/QĐ-UBND", date: F.day("2022-10-10")), by: "tinh", now: F.at("2022-10-10"), on: c)
        }
        let certificate = outcome.certificateID
        #expect(outcome.expiresOn == F.day("2025-10-10"))
        #expect(try await f.store.runDueTimers(now: F.at("2025-09-09", hour: 23)).isEmpty)
        let notice = try await f.store.runDueTimers(now: F.at("2025-09-10", hour: 0))
        #expect(notice.map(\.event) == ["send_expiry_notice"])
        #expect(try await f.state(certificate) == "EXPIRY_NOTICE_SENT")
        #expect(try await f.store.runDueTimers(now: F.at("2025-09-20")).isEmpty)
        #expect(try await f.store.runDueTimers(now: F.at("2025-10-09", hour: 23)).isEmpty)
        let expiry = try await f.store.runDueTimers(now: F.at("2025-10-10", hour: 0))
        #expect(expiry.map(\.event) == ["expire"])
        #expect(try await f.state(certificate) == "EXPIRED")
        let notices = try await f.store.history(certificate).filter { $0.event == "send_expiry_notice" }
        #expect(notices.count == 1)
        #expect(try await f.store.runDueTimers(now: F.at("2026-01-01")).isEmpty)
    }
}
