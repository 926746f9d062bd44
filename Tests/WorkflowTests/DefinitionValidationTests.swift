import Foundation
import Testing
@testable import Workflow

/// One broken fixture per class of definition error; each must report its code at the exact line and column.
@Suite("Definition validation")
struct DefinitionValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        let code: DefinitionError.Code
        let line: Int
        let column: Int
        var testDescription: String { "\(file) → \(code) at \(line):\(column)" }
    }

    static let cases: [Case] = [
        Case(file: "unknown_state", code: .unknownState, line: 12, column: 9),
        Case(file: "unknown_role", code: .unknownRole, line: 13, column: 16),
        Case(file: "unknown_guard", code: .unknownGuard, line: 15, column: 9),
        Case(file: "guard_parameter_missing", code: .guardParameterMissing, line: 15, column: 9),
        Case(file: "guard_parameter_type", code: .guardParameterType, line: 15, column: 42),
        Case(file: "unreachable_state", code: .unreachableState, line: 8, column: 3),
        Case(file: "no_way_out", code: .noWayOut, line: 8, column: 3),
        Case(file: "duplicate_event", code: .duplicateEvent, line: 14, column: 5),
        Case(file: "timer_on_final_state", code: .timerOnFinalState, line: 19, column: 5),
        Case(file: "timer_event_unavailable", code: .timerEventUnavailable, line: 19, column: 5),
        Case(file: "bad_duration", code: .badDuration, line: 22, column: 12),
        Case(file: "unknown_input_type", code: .unknownInputType, line: 15, column: 13),
        Case(file: "unknown_timer", code: .unknownTimer, line: 15, column: 19),
        Case(file: "missing_initial_state", code: .missingInitialState, line: 1, column: 1),
        Case(file: "unknown_key", code: .unknownKey, line: 13, column: 5),
        Case(file: "event_from_final_state", code: .eventFromFinalState, line: 18, column: 5),
        Case(file: "unknown_input", code: .unknownInput, line: 16, column: 16),
    ]

    @Test("each broken fixture reports exactly its error, at its position", arguments: cases)
    func brokenFixture(_ expected: Case) {
        let errors = Fixtures.errors("broken/\(expected.file).yaml")
        #expect(errors.count == 1, "\(errors)")
        let error = errors.first
        #expect(error?.code == expected.code)
        #expect(error?.location == SourceLocation(path: "broken/\(expected.file).yaml", line: expected.line, column: expected.column))
    }

    @Test("YAML syntax errors report libyaml's position")
    func yamlSyntax() {
        let errors = Fixtures.errors("broken/yaml_syntax.yaml")
        #expect(errors.map(\.code) == [.yamlSyntax])
        #expect(errors.first?.location.line == 8)
        #expect(errors.first?.location.column == 7)
    }

    @Test("every error in a file is reported, in file order")
    func collectsAllErrors() {
        let errors = Fixtures.errors("broken/many_errors.yaml")
        #expect(errors.map(\.code) == [.unknownState, .unknownRole, .badDuration])
        #expect(errors.map(\.location.line) == [12, 13, 22])
    }

    @Test("an error renders as path:line:column: error: with both languages")
    func rendering() throws {
        let error = try #require(Fixtures.errors("broken/unknown_state.yaml").first)
        #expect(error.description.hasPrefix("broken/unknown_state.yaml:12:9: error: "))
        #expect(error.message.vi == "trạng thái \"S3\" chưa được khai báo trong states")
        #expect(error.message.en == "state \"S3\" is not declared under states")
        #expect(error.description.hasSuffix("[unknownState]"))
    }

    @Test("guards are checked against the registry the caller passes")
    func registryMatters() throws {
        let custom = GuardRegistry.builtIn.adding([GuardSpec(name: "score_ok", parameters: [.init("min", .int)]) { _ in .passed }])
        let definition = try Fixtures.load("broken/unknown_guard.yaml", guards: custom)
        #expect(definition.events.first?.guards.first?.name == "score_ok")
        #expect(definition.events.first?.guards.first?.parameters == ["min": 1])
    }

    @Test("an empty file and a non-mapping root are reported, not crashed on")
    func emptyAndScalar() {
        for (yaml, code) in [("", DefinitionError.Code.wrongType), ("- a\n- b\n", .wrongType), ("a: [\n", .yamlSyntax)] {
            #expect(throws: DefinitionErrors.self) { try WorkflowDefinition.load(path: "x.yaml", yaml: yaml, guards: .builtIn) }
            do {
                _ = try WorkflowDefinition.load(path: "x.yaml", yaml: yaml, guards: .builtIn)
            } catch {
                #expect(error.codes == [code], "\(yaml)")
            }
        }
    }

    @Test("duplicate timers, roles and self-loop-only states are caught")
    func moreChecks() {
        let yaml = """
            workflow: w
            version: "1"
            roles: [A, A]
            initial: S1
            states:
              S1: { vi: Một, en: One }
              DONE: { vi: Xong, en: Done, final: true }
            events:
              - name: loop
                from: S1
                to: S1
                roles: [A]
            """
        do {
            _ = try WorkflowDefinition.load(path: "w.yaml", yaml: yaml, guards: .builtIn)
            Issue.record("should not load")
        } catch {
            #expect(error.codes == [.duplicateName])
            #expect(error.errors.first?.location.line == 3)
        }
        let fixed = yaml.replacingOccurrences(of: "[A, A]", with: "[A]")
        do {
            _ = try WorkflowDefinition.load(path: "w.yaml", yaml: fixed, guards: .builtIn)
            Issue.record("should not load")
        } catch {
            // S1 only loops on itself (no way out) and DONE cannot be reached.
            #expect(Set(error.codes) == [.noWayOut, .unreachableState])
        }
    }
}
