import Foundation
import Testing
@testable import Workflow

@Suite("Definition loading")
struct DefinitionLoadingTests {
    @Test("the product idea example loads with every part decoded")
    func idea() throws {
        let idea = try Fixtures.load("valid/idea.yaml")
        #expect(idea.name == "product_idea")
        #expect(idea.versionLabel == "2025.1")
        #expect(idea.title == Bilingual(vi: "Ý tưởng sản phẩm OCOP", en: "OCOP product idea"))
        #expect(idea.initialState == "DRAFT")
        #expect(idea.states.count == 8)
        #expect(idea.states.filter(\.isFinal).map(\.code) == ["APPROVED", "REJECTED", "EXPIRED"])
        #expect(idea.state("SURVEYED")?.label.vi == "Đã khảo sát")
        #expect(idea.state("SURVEYED")?.location.line == 11)

        let returning = try #require(idea.events(named: "return").first)
        #expect(returning.from == ["SURVEYED", "PROPOSED"])
        #expect(returning.inputs.map(\.kind) == [.string, .oneOf(["first", "second"])])
        #expect(returning.effects == [
            .set(field: "return_reason", source: .input("reason")), .set(field: "returned_at", source: .timestamp),
            .set(field: "returned_on", source: .today),
            .set(field: "retry_after", source: .date(
                field: "returned_on", offset: DateOffset(duration: WorkflowDuration(7, .days), isBefore: false))),
        ])

        let propose = try #require(idea.event(named: "propose", from: "SURVEYED"))
        #expect(propose.guards.map(\.name) == ["field_present", "number_at_least"])
        #expect(propose.guards[1].parameters["min"] == .int(70))
        #expect(idea.timers == [TimerDefinition(
            name: "retry_deadline", states: ["RETURNED"], event: "expire", schedule: .after(WorkflowDuration(10, .workingDays)),
            location: SourceLocation(path: "valid/idea.yaml", line: 110, column: 5)
        )])
    }

    @Test("the certificate example: from \"*\", date offsets, timers on two states")
    func certificate() throws {
        let certificate = try Fixtures.load("valid/certificate.yaml")
        let revoke = try #require(certificate.events(named: "revoke").first)
        #expect(revoke.fromAnyState)
        #expect(revoke.from == ["ISSUING", "VALID", "EXPIRY_NOTICE_SENT", "RENEWAL_IN_PROGRESS"])
        let issue = try #require(certificate.events(named: "issue").first)
        #expect(issue.effects.last == .set(field: "expires_on", source: .date(
            field: "issued_on", offset: DateOffset(duration: WorkflowDuration(36, .months), isBefore: false))))
        #expect(certificate.timer("expiry_notice")?.schedule == .at(
            field: "expires_on", offset: DateOffset(duration: WorkflowDuration(30, .days), isBefore: true)))
        #expect(certificate.timers(in: "EXPIRY_NOTICE_SENT").map(\.name) == ["expiry"])
    }

    @Test("durations parse singular, plural and working days; nonsense does not", arguments: [
        ("36 months", WorkflowDuration(36, .months)), ("1 month", WorkflowDuration(1, .months)),
        ("2 working days", WorkflowDuration(2, .workingDays)), ("1 working day", WorkflowDuration(1, .workingDays)),
        ("12 hours", WorkflowDuration(12, .hours)), ("1 week", WorkflowDuration(1, .weeks)), ("3 years", WorkflowDuration(3, .years)),
    ])
    func durations(text: String, expected: WorkflowDuration) {
        #expect(WorkflowDuration(parsing: text) == expected)
    }

    @Test("bad durations are rejected", arguments: ["soon", "3", "-1 days", "3 fortnights", "days 3", "1.5 days", ""])
    func badDurations(text: String) {
        #expect(WorkflowDuration(parsing: text) == nil)
    }

    @Test("Mermaid and DOT show states with Vietnamese labels and edges with events")
    func graphs() throws {
        let idea = try Fixtures.load("valid/idea.yaml")
        let mermaid = idea.mermaid()
        #expect(mermaid.hasPrefix("stateDiagram-v2\n"))
        #expect(mermaid.contains("    state \"Đã khảo sát\" as SURVEYED\n"))
        #expect(mermaid.contains("    [*] --> DRAFT\n"))
        #expect(mermaid.contains("    SURVEYED --> RETURNED: return\n"))
        #expect(mermaid.contains("    RETURNED --> EXPIRED: ⏱ expire\n"))
        #expect(mermaid.contains("    APPROVED --> [*]\n"))
        let dot = idea.dot()
        #expect(dot.hasPrefix("digraph \"product_idea\" {"))
        #expect(dot.contains("\"PROPOSED\" -> \"APPROVED\" [label=\"approve\"];"))
        #expect(dot.contains("\"APPROVED\" [label=\"Được chấp thuận\\n(APPROVED)\", shape=doublecircle];"))
        #expect(dot.hasSuffix("}\n"))
    }
}
