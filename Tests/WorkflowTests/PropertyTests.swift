import Foundation
import Testing
@testable import Workflow

/// Random valid definitions and random event sequences (seeded, so every run is the same), checking invariants.
@Suite("Properties")
struct PropertyTests {
    /// SplitMix64: tiny, seedable, good enough to explore definitions deterministically.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A random workflow as YAML: a chain S0 → … → END (so every state is reachable and has a way out), plus random
    /// extra edges, self-loops, role sets, `field_present` guards, typed inputs that set fields, and a timer.
    static func randomYAML(_ rng: inout SplitMix) -> String {
        let count = Int.random(in: 2...6, using: &rng)
        let roles = ["A", "B", "C"]
        var lines = ["workflow: random", "version: \"1\"", "roles: [A, B, C, SYSTEM]", "initial: S0", "states:"]
        for i in 0..<count { lines.append("  S\(i): { vi: Trạng thái \(i), en: State \(i) }") }
        lines.append("  END: { vi: Kết thúc, en: End, final: true }")
        lines.append("events:")
        var eventIndex = 0
        func event(from: Int, to: String, roles eventRoles: [String], rng: inout SplitMix) {
            lines.append("  - name: e\(eventIndex)")
            lines.append("    from: S\(from)")
            lines.append("    to: \(to)")
            lines.append("    roles: [\(eventRoles.joined(separator: ", "))]")
            if Bool.random(using: &rng) {
                lines.append("    guards:")
                lines.append("      - field_present: { field: f\(Int.random(in: 0..<3, using: &rng)) }")
            }
            if Bool.random(using: &rng) {
                lines.append("    inputs:")
                lines.append("      v: \(["string", "int", "decimal", "date", "bool"].randomElement(using: &rng)!)")
                lines.append("    effects:")
                lines.append("      - set: f\(Int.random(in: 0..<3, using: &rng))")
                lines.append("        input: v")
            }
            eventIndex += 1
        }
        for i in 0..<count {
            event(from: i, to: i + 1 < count ? "S\(i + 1)" : "END", roles: [roles.randomElement(using: &rng)!], rng: &rng)
        }
        for _ in 0..<Int.random(in: 0...count * 2, using: &rng) {
            let from = Int.random(in: 0..<count, using: &rng)
            let to = Int.random(in: 0...count, using: &rng)
            event(from: from, to: to == count ? "END" : "S\(to)", roles: Array(roles.shuffled(using: &rng).prefix(2)), rng: &rng)
        }
        lines.append("  - name: tick")
        lines.append("    from: S0")
        lines.append("    to: S0")
        lines.append("    roles: [SYSTEM]")
        lines.append("timers:")
        lines.append("  - name: t0")
        lines.append("    state: S0")
        lines.append("    event: tick")
        lines.append("    after: \(Int.random(in: 1...5, using: &rng)) working days")
        return lines.joined(separator: "\n") + "\n"
    }

    static func randomInput(_ rng: inout SplitMix) -> [String: JSONValue] {
        let values: [JSONValue] = ["x", "", 7, .decimal(Decimal(string: "1.5")!), "2024-02-29", "2023-02-29", true, .null]
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return [:]
        case 1: return ["other": "y"]
        default: return ["v": values.randomElement(using: &rng)!]
        }
    }

    /// A value every declared input of the event accepts.
    static func validInput(_ engine: Engine, _ event: String, _ state: String) -> [String: JSONValue] {
        guard let declaration = engine.definition.event(named: event, from: state) ?? engine.definition.events(named: event).first else { return [:] }
        var input: [String: JSONValue] = [:]
        for spec in declaration.inputs {
            switch spec.kind {
            case .string, .oneOf: input[spec.name] = "x"
            case .int: input[spec.name] = 3
            case .money: input[spec.name] = "30.000.000"
            case .decimal: input[spec.name] = .decimal(Decimal(string: "2.25")!)
            case .date: input[spec.name] = "2024-02-29"
            case .bool: input[spec.name] = false
            }
        }
        return input
    }

    @Test("invariants over random definitions and random event sequences", arguments: Array(UInt64(1)...40))
    func invariants(seed: UInt64) throws {
        var rng = SplitMix(state: seed)
        let yaml = Self.randomYAML(&rng)
        let definition = try WorkflowDefinition.load(path: "random-\(seed).yaml", yaml: yaml, guards: .builtIn)
        let engine = Engine(definition: definition, calendar: try Fixtures.vietnamCalendar())
        let codes = Set(definition.states.map(\.code))
        let actors = [["A"], ["B"], ["C"], ["A", "B"], ["SYSTEM"]].map { WorkflowActor(id: $0.joined(), roles: Set($0)) }

        var now = Fixtures.at("2023-01-02", 8)
        let start = try engine.start(data: ["f0": "seed"], now: now)
        var snapshot = start.snapshot
        var accepted: [(event: String, actor: WorkflowActor, input: [String: JSONValue], at: Date)] = []
        var acceptedCount = 0
        var rejectedCount = 0

        for _ in 0..<60 {
            now = now.addingTimeInterval(Double(Int.random(in: 0...200_000, using: &rng)))
            let names = definition.eventNames + ["nonexistent"]
            let event = names.randomElement(using: &rng)!
            let actor = actors.randomElement(using: &rng)!
            let input = Bool.random(using: &rng) ? Self.validInput(engine, event, snapshot.state) : Self.randomInput(&rng)
            let before = snapshot
            do {
                let outcome = try engine.transition(snapshot, event: event, actor: actor, input: input, now: now)
                #expect(outcome.snapshot.version == before.version + 1)
                #expect(outcome.from == before.state)
                #expect(codes.contains(outcome.snapshot.state))
                #expect(actor.roles.contains(outcome.actingRole))
                // Availability agrees with the engine: an accepted event was not blocked before input was known.
                let availability = engine.availableEvents(before, actor: actor, now: now).first { $0.event == event }
                #expect(availability?.isAvailable == true)
                snapshot = outcome.snapshot
                accepted.append((event, actor, input, now))
                acceptedCount += 1
            } catch {
                #expect(snapshot == before)
                #expect(!error.reasons.isEmpty)
                rejectedCount += 1
            }
            #expect(codes.contains(snapshot.state))
            if definition.state(snapshot.state)?.isFinal == true { break }
        }
        #expect(snapshot.version == 1 + acceptedCount)
        #expect(try engine.replay(from: start.snapshot, accepted) == snapshot)
        #expect(acceptedCount + rejectedCount > 0)
    }

    @Test("the generator explores: across seeds, events are both accepted and rejected, and END is reached")
    func generatorCoverage() throws {
        var reachedEnd = 0
        var accepted = 0
        var rejected = 0
        for seed in UInt64(1)...40 {
            var rng = SplitMix(state: seed)
            let definition = try WorkflowDefinition.load(path: "r.yaml", yaml: Self.randomYAML(&rng), guards: .builtIn)
            let engine = Engine(definition: definition)
            var snapshot = try engine.start(data: ["f0": "x", "f1": "y", "f2": "z"], now: Fixtures.at("2023-01-02")).snapshot
            for _ in 0..<60 {
                let event = definition.eventNames.randomElement(using: &rng)!
                let actor = WorkflowActor(id: "all", roles: ["A", "B", "C"])
                let input = Self.validInput(engine, event, snapshot.state)
                if let outcome = try? engine.transition(snapshot, event: event, actor: actor, input: input, now: Fixtures.at("2023-01-02")) {
                    snapshot = outcome.snapshot
                    accepted += 1
                } else {
                    rejected += 1
                }
            }
            if snapshot.state == "END" { reachedEnd += 1 }
        }
        #expect(accepted > 100)
        #expect(rejected > 100)
        #expect(reachedEnd > 20)
    }
}
