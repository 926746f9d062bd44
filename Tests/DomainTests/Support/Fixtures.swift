import Domain
import Foundation
import OCOP
import Testing
import Workflow

/// The real workflow files, rule sets and calendar, located from this source file (no SwiftPM resources).
enum Fixtures {
    /// The repository root: Tests/DomainTests/Support/Fixtures.swift → ../../../
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `workflows/`.
    static let workflows = root.appendingPathComponent("workflows")

    /// Loaded once per process: YAML parsing in every test would dominate the run.
    private static let loadedRuleSets = Result { try RuleSetCatalog.load(directory: workflows.appendingPathComponent("rulesets")) }
    private static let loadedDefinitions = Result { () throws(DefinitionErrors) in try Domain.loadWorkflows(directory: workflows) }
    private static let loadedCalendar = Result { () throws(DefinitionErrors) in
        try WorkingCalendar.load(contentsOf: workflows.appendingPathComponent("calendars/vn-holidays.yaml"))
    }

    static func ruleSets() throws -> RuleSetCatalog { try loadedRuleSets.get() }
    static func ruleSet(_ id: String) throws -> RuleSet { try ruleSets().ruleSet(id: id) }
    static func definitions() throws -> [WorkflowDefinition] { try loadedDefinitions.get() }

    /// The definition with a workflow name.
    static func definition(_ name: String) throws -> WorkflowDefinition {
        let found = try definitions().first { $0.name == name }
        return try #require(found, "no workflow named \(name)")
    }

    /// An engine for a workflow with the rule-set-backed registry and the Vietnamese working calendar.
    static func engine(_ name: String) throws -> Engine {
        Engine(definition: try definition(name), guards: Domain.registry(ruleSets: try ruleSets()), calendar: try loadedCalendar.get())
    }
}

/// 09:00 in Vietnam on a day, as an instant.
func day(_ iso: String, hour: Int = 9) -> Date {
    let date = LocalDate(iso: iso)!
    return VietnamTime.startOfDay(date).addingTimeInterval(TimeInterval(hour * 3600))
}

/// 00:00 in Vietnam on a day.
func midnight(_ iso: String) -> Date {
    VietnamTime.startOfDay(LocalDate(iso: iso)!)
}

/// An exact decimal from text.
func dec(_ text: String) -> JSONValue {
    .decimal(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!)
}

/// An actor holding one role.
func actor(_ role: String) -> WorkflowActor {
    role == "SYSTEM" ? .system : WorkflowActor(id: role.lowercased() + "-1", roles: [role])
}

/// One instance driven through events, keeping the last outcome's effects.
struct Run: CustomStringConvertible {
    let engine: Engine
    var snapshot: Snapshot
    var effects: [Effect]

    /// Starts an instance with initial data.
    init(_ engine: Engine, data: [String: JSONValue] = [:], on date: String) throws {
        self.engine = engine
        let creation = try engine.start(data: data, now: day(date))
        snapshot = creation.snapshot
        effects = creation.effects
    }

    /// Fires an event and keeps the result; throws the rejection.
    @discardableResult
    mutating func fire(_ event: String, as role: String, _ input: [String: JSONValue] = [:], on date: String) throws -> Outcome {
        let outcome = try engine.transition(snapshot, event: event, actor: actor(role), input: input, now: day(date))
        snapshot = outcome.snapshot
        effects = outcome.effects
        return outcome
    }

    /// The rejection an event gets, or nil when it would be accepted (the snapshot does not change either way).
    func rejection(_ event: String, as role: String, _ input: [String: JSONValue] = [:], on date: String) -> Rejection? {
        do {
            _ = try engine.transition(snapshot, event: event, actor: actor(role), input: input, now: day(date))
            return nil
        } catch {
            return error
        }
    }

    var state: String { snapshot.state }

    /// Short, so a failed expectation does not print the whole definition and calendar.
    var description: String { "\(engine.definition.name) in \(snapshot.state), version \(snapshot.version)" }

    /// The fire time of a scheduled timer among the last effects.
    func scheduled(_ timer: String) -> Date? {
        for case .scheduleTimer(let name, _, let fireAt) in effects where name == timer { return fireAt }
        return nil
    }

    /// True when the last effects cancel a timer.
    func cancels(_ timer: String) -> Bool {
        effects.contains(.cancelTimer(name: timer))
    }
}

extension Rejection {
    /// Both languages of every reason, for `contains` checks.
    var text: String { reasons.map { "\($0.message.vi) | \($0.message.en)" }.joined(separator: "\n") }
}
