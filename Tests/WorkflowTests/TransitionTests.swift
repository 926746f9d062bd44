import Foundation
import Testing
@testable import Workflow

/// The pure core: accepted events, and every rejection reason, alone and together.
@Suite("Transitions")
struct TransitionTests {
    let engine: Engine
    let now = Fixtures.at("2022-11-28", 9)

    init() throws {
        engine = Engine(definition: try Fixtures.load("valid/idea.yaml"), guards: .builtIn, calendar: try Fixtures.vietnamCalendar())
    }

    func snapshot(_ state: String, _ data: [String: JSONValue] = [:], version: Int = 3) -> Snapshot {
        Snapshot(state: state, data: data, version: version)
    }

    func rejection(_ body: () throws(Rejection) -> Outcome) -> Rejection? {
        do {
            let outcome = try body()
            Issue.record("accepted: \(outcome.from) → \(outcome.to)")
            return nil
        } catch {
            return error
        }
    }

    @Test("an accepted event moves state, bumps the version by one, applies effects and names the acting role")
    func accepted() throws {
        let start = try engine.start(data: ["product_name": "Cam Vũ Quang"], now: now)
        #expect(start.snapshot == Snapshot(state: "DRAFT", data: ["product_name": "Cam Vũ Quang"], version: 1))
        #expect(start.effects.isEmpty)

        let outcome = try engine.transition(start.snapshot, event: "submit", actor: Actors.commune, now: now)
        #expect(outcome.from == "DRAFT")
        #expect(outcome.to == "SUBMITTED")
        #expect(outcome.actingRole == "XA")
        #expect(outcome.actor.onBehalfOf == "ct-1")
        #expect(outcome.snapshot.version == 2)
        #expect(outcome.snapshot.data["submitted_on"] == "2022-11-28")
        #expect(outcome.effects.isEmpty)

        let surveyed = try engine.transition(
            outcome.snapshot, event: "survey", actor: Actors.district,
            input: ["survey_ref": "BB-12/2022", "surveyed_on": "2022-11-30"], now: now
        )
        #expect(surveyed.snapshot.data["survey_ref"] == "BB-12/2022")
        #expect(surveyed.snapshot.data["surveyed_on"] == "2022-11-30")
        #expect(surveyed.input == ["survey_ref": "BB-12/2022", "surveyed_on": "2022-11-30"])
    }

    @Test("unknown event")
    func unknownEvent() {
        let rejected = rejection { () throws(Rejection) in try engine.transition(snapshot("DRAFT"), event: "fly", actor: Actors.producer, now: now) }
        #expect(rejected?.codes == [.unknownEvent])
    }

    @Test("a snapshot in a state the definition does not have")
    func unknownState() {
        let rejected = rejection { () throws(Rejection) in
            try engine.transition(snapshot("LIMBO"), event: "submit", actor: Actors.producer, now: now)
        }
        #expect(rejected?.codes == [.unknownState])
    }

    @Test("wrong state names the states the event is possible from")
    func wrongState() {
        let rejected = rejection { () throws(Rejection) in
            try engine.transition(snapshot("SUBMITTED", ["product_name": "x"]), event: "submit", actor: Actors.producer, now: now)
        }
        #expect(rejected?.codes == [.wrongState])
        #expect(rejected?.reasons.first?.message.vi == "không thể thực hiện ở trạng thái Đã đăng ký (SUBMITTED); chỉ từ: Bản nháp (DRAFT)")
        #expect(rejected?.reasons.first?.message.en == "not possible in state Submitted (SUBMITTED); only from: Draft (DRAFT)")
    }

    @Test("role not allowed")
    func roleNotAllowed() {
        let rejected = rejection { () throws(Rejection) in
            try engine.transition(snapshot("DRAFT", ["product_name": "x"]), event: "submit", actor: Actors.district, now: now)
        }
        #expect(rejected?.codes == [.roleNotAllowed])
        #expect(rejected?.reasons.first?.message.en == "roles [HUYEN] are not allowed; needs one of: CT, XA")
    }

    @Test("a failed guard brings its own bilingual message")
    func guardFailed() {
        let data: [String: JSONValue] = ["survey_ref": "BB-12"]
        let rejected = rejection { () throws(Rejection) in
            try engine.transition(snapshot("SURVEYED", data), event: "propose", actor: Actors.district, input: ["score": "68"], now: now)
        }
        #expect(rejected?.codes == [.guardFailed])
        #expect(rejected?.reasons.first?.message == Bilingual(vi: "điểm 68 < 70", en: "score 68 < 70"))
        #expect(rejected?.reasons.first?.subject == "number_at_least")
    }

    @Test("thresholds are inclusive and decimal: 69.99 fails, 70 and 70.00 pass", arguments: [
        (JSONValue.decimal(Decimal(string: "69.99")!), false), (.int(70), true), (.string("70.00"), true), (.decimal(100), true),
    ])
    func threshold(score: JSONValue, passes: Bool) {
        let result = Result { () throws(Rejection) in
            try engine.transition(
                snapshot("SURVEYED", ["survey_ref": "BB"]), event: "propose", actor: Actors.district, input: ["score": score], now: now)
        }
        #expect(((try? result.get()) != nil) == passes)
    }

    @Test("missing, ill-typed and undeclared inputs", arguments: [
        ([String: JSONValue](), [Rejection.Code.inputMissing, .inputMissing]),
        (["survey_ref": "BB", "surveyed_on": "31/11/2022"], [.inputInvalid]),
        (["survey_ref": "BB", "surveyed_on": "30.11.2022"], [.inputInvalid]),
        (["survey_ref": "  ", "surveyed_on": "2022-11-30"], [.inputInvalid]),
        (["survey_ref": 12, "surveyed_on": "2022-02-30"], [.inputInvalid, .inputInvalid]),
        (["survey_ref": "BB", "surveyed_on": "2022-11-30", "extra": true], [.inputUnexpected]),
    ])
    func inputs(input: [String: JSONValue], expected: [Rejection.Code]) {
        let rejected = rejection { () throws(Rejection) in
            try engine.transition(snapshot("SUBMITTED"), event: "survey", actor: Actors.district, input: input, now: now)
        }
        #expect(rejected?.codes == expected)
    }

    @Test("a date input typed as people write it (dd/mm/yyyy) is kept as ISO")
    func typedDate() throws {
        let outcome = try engine.transition(
            snapshot("SUBMITTED"), event: "survey", actor: Actors.district, input: ["survey_ref": "BB", "surveyed_on": "30/11/2022"], now: now)
        #expect(outcome.input["surveyed_on"] == .string("2022-11-30"))
    }

    @Test("enum inputs accept only their values")
    func enumInput() {
        let rejected = rejection { () throws(Rejection) in
            try engine.transition(
                snapshot("SURVEYED"), event: "return", actor: Actors.district, input: ["reason": "thiếu ảnh", "round": "third"], now: now)
        }
        #expect(rejected?.codes == [.inputInvalid])
        #expect(rejected?.reasons.first?.message.en == "round is invalid: \"third\" is not one of: first, second")
    }

    @Test("every unmet condition is reported at once: state, role, each guard, each input")
    func allTogether() {
        // A producer tries to propose an idea still in DRAFT with no survey record, a low score and a bad extra input.
        let rejected = rejection { () throws(Rejection) in
            try engine.transition(snapshot("DRAFT"), event: "propose", actor: Actors.producer, input: ["score": "68", "note": "x"], now: now)
        }
        #expect(rejected?.codes == [.wrongState, .roleNotAllowed, .guardFailed, .guardFailed, .inputUnexpected])
        #expect(rejected?.message.en.hasPrefix("Cannot propose: not possible in state Draft (DRAFT)") == true)
        #expect(rejected?.message.vi.contains("thiếu biên bản khảo sát; điểm 68 < 70") == true)
    }

    @Test("a rejected event changes nothing: the caller's snapshot is a value and no outcome exists")
    func rejectionChangesNothing() {
        let before = snapshot("SURVEYED", ["survey_ref": "BB"])
        let copy = before
        _ = rejection { () throws(Rejection) in
            try engine.transition(before, event: "propose", actor: Actors.district, input: ["score": 10], now: now)
        }
        #expect(before == copy)
    }

    @Test("a guard missing from the engine's registry is reported, not skipped")
    func guardUnavailable() throws {
        let bare = Engine(definition: engine.definition, guards: GuardRegistry(), calendar: engine.calendar)
        let rejected = rejection { () throws(Rejection) in try bare.transition(snapshot("DRAFT"), event: "submit", actor: Actors.producer, now: now) }
        #expect(rejected?.codes == [.guardUnavailable])
    }

    @Test("date_not_before blocks resubmission until the waiting period ends")
    func dateNotBefore() throws {
        let returned = snapshot("RETURNED", ["retry_after": "2022-12-05"])
        let early = rejection { () throws(Rejection) in try engine.transition(returned, event: "resubmit", actor: Actors.producer, now: now) }
        #expect(early?.reasons.first?.message.en == "end of the waiting period (05/12/2022) has not come yet")
        let onTheDay = try engine.transition(returned, event: "resubmit", actor: Actors.producer, now: Fixtures.at("2022-12-05", 0, 1))
        #expect(onTheDay.to == "SUBMITTED")
    }
}
