import Yams

/// Turns a workflow file into a `WorkflowDefinition`, recording every problem instead of stopping at the first.
///
/// Order matters: states, roles and timer names are read first so events can be checked against them, and events
/// before timers so timers can be checked against events.
struct DefinitionParser {
    var diagnostics: Diagnostics
    let guards: GuardRegistry
    var stateCodes: Set<String> = []
    var roleCodes: Set<String> = []
    var timerNames: Set<String> = []

    static let topKeys: Set<String> = ["workflow", "version", "title", "roles", "initial", "states", "events", "timers", "service", "late_entry", "reactions"]

    init(path: String, guards: GuardRegistry) {
        self.diagnostics = Diagnostics(path: path)
        self.guards = guards
    }

    /// The definition, or nil when any error was recorded.
    mutating func parse(source: String, contentHash: String) -> WorkflowDefinition? {
        guard let root = diagnostics.compose(source) else {
            if diagnostics.errors.isEmpty {
                diagnostics.add(.wrongType, at: nil, vi: "tệp rỗng", en: "the file is empty")
            }
            return nil
        }
        guard let top = diagnostics.mapping(root, what: "workflow", allowed: Self.topKeys) else { return nil }

        let name = diagnostics.required("workflow", in: top, what: "workflow").flatMap { diagnostics.string($0, what: "workflow") }
        let version = diagnostics.required("version", in: top, what: "workflow").flatMap { diagnostics.string($0, what: "version") }
        let title = top["title"].flatMap { label($0, what: "title") }
        let service = top["service"].flatMap { diagnostics.string($0, what: "service") }
        let lateEntry = top["late_entry"].flatMap { lateEntryPolicy($0) } ?? .refuse
        let states = top["states"].map { parseStates($0) } ?? []
        if top["states"] == nil { _ = diagnostics.required("states", in: top, what: "workflow") }
        let roles = top["roles"].map { parseRoles($0) } ?? []
        if top["roles"] == nil { _ = diagnostics.required("roles", in: top, what: "workflow") }

        var initial: String?
        if let node = top["initial"] {
            initial = stateReference(node, what: "initial")
        } else {
            diagnostics.add(.missingInitialState, at: top.node, vi: "chưa khai báo trạng thái ban đầu (initial)",
                            en: "no initial state: add \"initial: <STATE>\"")
        }

        let timerNodes = top["timers"].map { diagnostics.list($0, what: "timers") } ?? []
        collectTimerNames(timerNodes)
        var events: [EventDefinition] = []
        if let node = top["events"] {
            for item in diagnostics.list(node, what: "events") {
                if let event = parseEvent(item, states: states) { events.append(event) }
            }
        } else {
            _ = diagnostics.required("events", in: top, what: "workflow")
        }
        let timers = timerNodes.compactMap { parseTimer($0, eventNames: Set(events.map(\.name))) }
        let reactions = top["reactions"].map { node in diagnostics.list(node, what: "reactions").compactMap { parseReaction($0, events: events) } } ?? []

        guard let name, let version, let initial, diagnostics.errors.isEmpty else { return nil }
        let definition = WorkflowDefinition(
            name: name, versionLabel: version, title: title, states: states, initialState: initial, roles: roles,
            events: events, timers: timers, sourcePath: diagnostics.path, contentHash: contentHash,
            service: service, lateEntry: lateEntry, reactions: reactions
        )
        DefinitionValidator(definition: definition).validate(into: &diagnostics)
        return diagnostics.errors.isEmpty ? definition : nil
    }

    /// One reaction (see ``ReactionDefinition``); the other workflow's states are checked once all files are loaded.
    mutating func parseReaction(_ node: Node, events: [EventDefinition]) -> ReactionDefinition? {
        guard let reader = diagnostics.mapping(node, what: "reaction", allowed: ["when", "target", "fire", "unless_other_in", "input"]) else {
            return nil
        }
        guard let whenNode = diagnostics.required("when", in: reader, what: "reaction"),
            let when = diagnostics.mapping(whenNode, what: "when", allowed: ["workflow", "enters"]),
            let workflowNode = diagnostics.required("workflow", in: when, what: "when"),
            let workflow = diagnostics.string(workflowNode, what: "workflow"),
            let entersNode = diagnostics.required("enters", in: when, what: "when")
        else { return nil }
        let enterNodes = diagnostics.list(entersNode, what: "enters")
        let enters = enterNodes.compactMap { diagnostics.string($0, what: "enters") }
        if enters.isEmpty { diagnostics.add(.missingKey, at: entersNode, vi: "enters cần ít nhất một trạng thái", en: "enters needs at least one state") }

        var target: ReactionDefinition.Target?
        if let targetNode = diagnostics.required("target", in: reader, what: "reaction"),
            let targetReader = diagnostics.mapping(targetNode, what: "target", allowed: ["field", "linked_by"])
        {
            switch (targetReader["field"], targetReader["linked_by"]) {
            case (let field?, nil): target = diagnostics.string(field, what: "field").map(ReactionDefinition.Target.field)
            case (nil, let linked?): target = diagnostics.string(linked, what: "linked_by").map(ReactionDefinition.Target.linkedBy)
            default:
                diagnostics.add(.wrongType, at: targetNode, vi: "target cần đúng một trong field, linked_by", en: "target needs exactly one of field, linked_by")
            }
        }
        var event: String?
        if let fireNode = diagnostics.required("fire", in: reader, what: "reaction"), let name = diagnostics.string(fireNode, what: "fire") {
            if events.contains(where: { $0.name == name }) {
                event = name
            } else {
                diagnostics.add(.unknownEvent, at: fireNode, vi: "sự kiện \"\(name)\" chưa được khai báo trong events", en: "event \"\(name)\" is not declared under events")
            }
        }
        let unless = reader["unless_other_in"].map { diagnostics.list($0, what: "unless_other_in").compactMap { diagnostics.string($0, what: "unless_other_in") } } ?? []
        var input: [String: ReactionDefinition.Value] = [:]
        if let inputNode = reader["input"], case .mapping(let mapping) = inputNode {
            for (keyNode, valueNode) in mapping {
                guard let key = diagnostics.string(keyNode, what: "input") else { continue }
                if let declared = event.flatMap({ name in events.first { $0.name == name } }), declared.input(named: key) == nil {
                    diagnostics.add(.unknownInput, at: keyNode, vi: "sự kiện \(declared.name) không khai báo dữ liệu nhập \"\(key)\"",
                                    en: "event \(declared.name) declares no input \"\(key)\"")
                }
                if valueNode.scalar?.string == "$state" {
                    input[key] = .state
                } else if case .mapping(let inner) = valueNode, inner.count == 1, let only = inner.first, only.key.scalar?.string == "$state",
                    case .mapping(let map) = only.value
                {
                    var values: [String: JSONValue] = [:]
                    for (stateNode, value) in map { if let state = stateNode.scalar?.string { values[state] = Self.jsonValue(value) } }
                    input[key] = .stateMap(values)
                } else {
                    input[key] = .literal(Self.jsonValue(valueNode))
                }
            }
        } else if let inputNode = reader["input"] {
            diagnostics.add(.wrongType, at: inputNode, vi: "input phải là một ánh xạ", en: "input must be a mapping")
        }
        guard let target, let event, !enters.isEmpty else { return nil }
        return ReactionDefinition(
            sourceWorkflow: workflow, enters: enters, target: target, event: event, unlessOtherIn: unless, input: input,
            location: diagnostics.location(of: node), workflowLocation: diagnostics.location(of: workflowNode),
            stateLocations: enterNodes.map { diagnostics.location(of: $0) })
    }

    /// `late_entry: refuse | allow` — whether a step may carry a business date before the record's last step.
    mutating func lateEntryPolicy(_ node: Node) -> LateEntryPolicy? {
        guard let text = diagnostics.string(node, what: "late_entry") else { return nil }
        guard let policy = LateEntryPolicy(rawValue: text) else {
            diagnostics.add(
                .wrongType, at: node, vi: "late_entry \"\(text)\" không hợp lệ (chọn: refuse, allow)",
                en: "late_entry \"\(text)\" is not valid (choose: refuse, allow)")
            return nil
        }
        return policy
    }

    // MARK: - States and roles

    mutating func parseStates(_ node: Node) -> [StateDefinition] {
        guard case .mapping(let mapping) = node, !mapping.isEmpty else {
            diagnostics.add(.wrongType, at: node, vi: "states phải là ánh xạ MÃ: { vi, en } không rỗng",
                            en: "states must be a non-empty mapping CODE: { vi, en }")
            return []
        }
        var states: [StateDefinition] = []
        for (keyNode, value) in mapping {
            guard let code = diagnostics.string(keyNode, what: "state code") else { continue }
            guard let reader = diagnostics.mapping(value, what: "state \(code)", allowed: ["vi", "en", "final"]) else { continue }
            let text = label(value, what: "state \(code)", extraKeys: ["final"])
            var isFinal = false
            if let finalNode = reader["final"] {
                guard let flag = Self.jsonValue(finalNode).boolValue else {
                    diagnostics.add(.wrongType, at: finalNode, vi: "final phải là true hoặc false", en: "final must be true or false")
                    continue
                }
                isFinal = flag
            }
            stateCodes.insert(code)
            if let text {
                states.append(StateDefinition(code: code, label: text, isFinal: isFinal, location: diagnostics.location(of: keyNode)))
            }
        }
        return states
    }

    mutating func parseRoles(_ node: Node) -> [String] {
        var roles: [String] = []
        for item in diagnostics.list(node, what: "roles") {
            guard let role = diagnostics.string(item, what: "role") else { continue }
            if roles.contains(role) {
                diagnostics.add(.duplicateName, at: item, vi: "vai trò \"\(role)\" được khai báo hai lần", en: "role \"\(role)\" is declared twice")
                continue
            }
            roles.append(role)
        }
        roleCodes = Set(roles)
        return roles
    }

    // MARK: - Timers

    mutating func collectTimerNames(_ nodes: [Node]) {
        for node in nodes {
            guard case .mapping(let mapping) = node, let name = mapping["name"]?.scalar?.string else { continue }
            if timerNames.contains(name) {
                diagnostics.add(.duplicateName, at: mapping["name"], vi: "bộ hẹn giờ \"\(name)\" được khai báo hai lần",
                                en: "timer \"\(name)\" is declared twice")
            }
            timerNames.insert(name)
        }
    }

    mutating func parseTimer(_ node: Node, eventNames: Set<String>) -> TimerDefinition? {
        let keys: Set<String> = ["name", "state", "states", "event", "at", "after", "before"]
        guard let reader = diagnostics.mapping(node, what: "timer", allowed: keys) else { return nil }
        let name = diagnostics.required("name", in: reader, what: "timer").flatMap { diagnostics.string($0, what: "timer name") }
        var states: [String] = []
        if let statesNode = reader["states"] ?? reader["state"] {
            states = diagnostics.list(statesNode, what: "states").compactMap { stateReference($0, what: "timer state") }
        } else {
            _ = diagnostics.required("states", in: reader, what: "timer")
        }
        var event: String?
        if let eventNode = diagnostics.required("event", in: reader, what: "timer"), let text = diagnostics.string(eventNode, what: "event") {
            if eventNames.contains(text) {
                event = text
            } else {
                diagnostics.add(.unknownEvent, at: eventNode, vi: "sự kiện \"\(text)\" chưa được khai báo trong events",
                                en: "event \"\(text)\" is not declared under events")
            }
        }
        let (offset, offsetOK) = offset(in: reader)
        var schedule: TimerDefinition.Schedule?
        if let atNode = reader["at"] {
            if let field = diagnostics.string(atNode, what: "at"), offsetOK { schedule = .at(field: field, offset: offset) }
        } else if let offset, !offset.isBefore {
            schedule = .after(offset.duration)
        } else if offsetOK {
            diagnostics.add(.missingKey, at: node, vi: "bộ hẹn giờ cần \"after: <thời hạn>\" hoặc \"at: <trường ngày>\"",
                            en: "a timer needs \"after: <duration>\" or \"at: <date field>\"")
        }
        guard let name, let event, let schedule else { return nil }
        return TimerDefinition(name: name, states: states, event: event, schedule: schedule, location: diagnostics.location(of: node))
    }
}
