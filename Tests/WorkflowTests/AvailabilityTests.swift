import Foundation
import Testing
@testable import Workflow

@Suite("Available events")
struct AvailabilityTests {
    let engine: Engine
    let now = Fixtures.at("2022-11-28", 9)

    init() throws {
        engine = Engine(definition: try Fixtures.load("valid/idea.yaml"))
    }

    @Test("a district officer on a surveyed idea can propose or return; everything else says why not")
    func district() throws {
        let list = engine.availableEvents(Snapshot(state: "SURVEYED", data: ["survey_ref": "BB"], version: 3), actor: Actors.district, now: now)
        #expect(list.map(\.event) == engine.definition.eventNames)
        #expect(list.filter(\.isAvailable).map(\.event) == ["propose", "return"])
        let propose = try #require(list.first { $0.event == "propose" })
        #expect(propose.to == "PROPOSED")
        #expect(propose.deferredGuards == ["number_at_least"])
        #expect(propose.inputs.map(\.name) == ["score"])
        let approve = try #require(list.first { $0.event == "approve" })
        #expect(approve.reasons.map(\.code) == [.wrongState, .roleNotAllowed])
        #expect(approve.to == nil)
    }

    @Test("data guards are judged: without a survey record, propose is blocked with the guard's message")
    func dataGuards() throws {
        let list = engine.firableEvents(Snapshot(state: "SURVEYED", version: 3), actor: Actors.district, now: now)
        #expect(list.map(\.event) == ["return"])
        let blocked = engine.availableEvents(Snapshot(state: "SURVEYED", version: 3), actor: Actors.district, now: now)
            .first { $0.event == "propose" }
        #expect(blocked?.reasons.map(\.message.vi) == ["thiếu biên bản khảo sát"])
    }

    @Test("an actor with several roles sees the union")
    func severalRoles() {
        let both = WorkflowActor(id: "x", roles: ["HUYEN", "VPDPT"])
        let list = engine.firableEvents(Snapshot(state: "PROPOSED", version: 4), actor: both, now: now)
        #expect(list.map(\.event) == ["approve", "reject", "return"])
    }
}
