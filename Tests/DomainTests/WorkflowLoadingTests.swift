import Domain
import Foundation
import OCOP
import Testing
import Workflow

@Suite("Loading the real workflow files")
struct WorkflowLoadingTests {
    @Test("every top-level workflow file loads and validates with the domain registry")
    func allLoad() throws {
        let names = try Fixtures.definitions().map(\.name).sorted()
        #expect(names == ["ntm_registration", "ocop_certificate", "ocop_product", "product_idea", "support_claim"])
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.workflows.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count == names.count)
    }

    @Test("every state and event label is bilingual, Vietnamese with diacritics somewhere")
    func labels() throws {
        for definition in try Fixtures.definitions() {
            for state in definition.states {
                #expect(!state.label.vi.isEmpty && !state.label.en.isEmpty, "\(definition.name).\(state.code)")
            }
            for event in definition.events {
                let label = try #require(event.label, "\(definition.name).\(event.name) has no label")
                #expect(!label.vi.isEmpty && !label.en.isEmpty && label.vi != label.en, "\(definition.name).\(event.name)")
            }
            let vietnamese = definition.states.map(\.label.vi).joined()
            #expect(vietnamese.unicodeScalars.contains { $0.value > 0x7F }, "\(definition.name) labels lack diacritics")
        }
    }

    @Test("every event that takes a legal reference checks it, and every guard named is registered")
    func decisionEvents() throws {
        let registry = Domain.registry
        for definition in try Fixtures.definitions() {
            for event in definition.events {
                for reference in event.guards { #expect(registry[reference.name] != nil, "\(reference.name)") }
                if event.input(named: "legal_ref") != nil {
                    #expect(event.guards.contains { $0.name == "legal_reference" }, "\(definition.name).\(event.name)")
                    #expect(event.input(named: "legal_ref_date") != nil, "\(definition.name).\(event.name)")
                }
            }
        }
        let decisions = [
            ("product_idea", "approve"), ("ocop_product", "certify"), ("ocop_product", "certify_and_forward"),
            ("ocop_certificate", "supersede"), ("ocop_certificate", "revoke"), ("support_claim", "allocate"),
            ("ntm_registration", "approve_plan"), ("ntm_registration", "recognise"), ("ntm_registration", "reconfirm"),
            ("ntm_registration", "unit_merged"), ("ntm_registration", "revoke"),
        ]
        for (workflow, name) in decisions {
            let events = try Fixtures.definition(workflow).events(named: name)
            #expect(!events.isEmpty, "\(workflow).\(name)")
            for event in events { #expect(event.input(named: "legal_ref")?.isRequired == true, "\(workflow).\(name)") }
        }
    }

    @Test("a routing decision that does not exist is refused at load, with its line")
    func badDecision() throws {
        let yaml = """
            workflow: t
            version: "1"
            roles: [UBT]
            initial: A
            states:
              A: { vi: A, en: A }
              B: { vi: B, en: B, final: true }
            events:
              - name: go
                from: A
                to: B
                roles: [UBT]
                guards:
                  - routing_allows: { level: province, decision: certfy }
                  - legal_reference
            """
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("domain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try yaml.write(to: directory.appendingPathComponent("t.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try Domain.loadWorkflows(directory: directory)
            Issue.record("loaded a workflow with a bad decision")
        } catch {
            #expect(error.codes == [.badGuardValue, .undeclaredGuardInput, .undeclaredGuardInput])
            #expect(error.errors.first?.location.line == 14)
            #expect(error.description.contains("certfy"))
        }
    }

    @Test("the validation-only registry refuses rating guards instead of guessing")
    func validationRegistry() throws {
        let engine = Engine(definition: try Fixtures.definition("ocop_product"), guards: Domain.registry)
        var run = try Run(engine, data: ["product_name": "Nước chấm Thanh Mai"], on: "2022-06-01")
        try run.fire("submit_plan", as: "CT", ["business_plan": "PA-01"], on: "2022-06-02")
        try run.fire("approve_plan", as: "HUYEN", on: "2022-06-03")
        let rejection = try #require(run.rejection("submit_for_rating", as: "CT", ["rule_set": "ocop-1048", "round": "2022-2"], on: "2022-11-10"))
        #expect(rejection.text.contains("chưa nạp các bộ quy tắc OCOP"))
    }
}
