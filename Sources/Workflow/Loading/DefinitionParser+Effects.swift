import Yams

/// Reading effects: `set`, `schedule`, `cancel`, `notify`.
extension DefinitionParser {
    static let effectKeys: Set<String> = ["set", "input", "value", "now", "date_of", "after", "before", "schedule", "cancel", "notify", "message"]

    mutating func parseEffect(_ node: Node, inputs: [InputDefinition]) -> EffectDefinition? {
        guard let reader = diagnostics.mapping(node, what: "effect", allowed: Self.effectKeys) else { return nil }
        if let setNode = reader["set"] {
            return parseSet(field: setNode, reader: reader, inputs: inputs)
        }
        if let scheduleNode = reader["schedule"] {
            return timerReference(scheduleNode).map(EffectDefinition.scheduleTimer)
        }
        if let cancelNode = reader["cancel"] {
            return timerReference(cancelNode).map(EffectDefinition.cancelTimer)
        }
        if let notifyNode = reader["notify"] {
            let roles = roleReferences(notifyNode, what: "notify")
            let message = diagnostics.required("message", in: reader, what: "notify").flatMap { diagnostics.string($0, what: "message") }
            guard let message, !roles.isEmpty else { return nil }
            return .notify(roles: roles, message: message)
        }
        diagnostics.add(.missingKey, at: node, vi: "hiệu ứng phải là một trong set, schedule, cancel, notify",
                        en: "an effect must be one of set, schedule, cancel, notify")
        return nil
    }

    private mutating func parseSet(field fieldNode: Node, reader: MappingReader, inputs: [InputDefinition]) -> EffectDefinition? {
        guard let field = diagnostics.string(fieldNode, what: "set") else { return nil }
        let sources = ["input", "value", "now", "date_of"].filter { reader[$0] != nil }
        guard sources.count == 1, let sourceKey = sources.first, let sourceNode = reader[sourceKey] else {
            diagnostics.add(.wrongType, at: fieldNode, vi: "set \(field) cần đúng một nguồn: input, value, now hoặc date_of",
                            en: "set \(field) needs exactly one source: input, value, now or date_of")
            return nil
        }
        if sourceKey != "date_of", let extra = reader["after"] ?? reader["before"] {
            diagnostics.add(.unknownKey, at: extra, vi: "after/before chỉ dùng với date_of", en: "after/before only go with date_of")
            return nil
        }
        switch sourceKey {
        case "input":
            guard let name = diagnostics.string(sourceNode, what: "input") else { return nil }
            guard inputs.contains(where: { $0.name == name }) else {
                diagnostics.add(.unknownInput, at: sourceNode, vi: "sự kiện không khai báo dữ liệu nhập \"\(name)\"",
                                en: "the event declares no input \"\(name)\"")
                return nil
            }
            return .set(field: field, source: .input(name))
        case "value":
            return .set(field: field, source: .literal(Self.jsonValue(sourceNode)))
        case "now":
            switch sourceNode.scalar?.string {
            case "date": return .set(field: field, source: .today)
            case "timestamp": return .set(field: field, source: .timestamp)
            default:
                diagnostics.add(.badValue, at: sourceNode, vi: "now phải là date hoặc timestamp", en: "now must be date or timestamp")
                return nil
            }
        default:
            guard let base = diagnostics.string(sourceNode, what: "date_of") else { return nil }
            let (offset, ok) = offset(in: reader)
            return ok ? .set(field: field, source: .date(field: base, offset: offset)) : nil
        }
    }

    private mutating func timerReference(_ node: Node) -> String? {
        guard let name = diagnostics.string(node, what: "timer") else { return nil }
        guard timerNames.contains(name) else {
            diagnostics.add(.unknownTimer, at: node, vi: "bộ hẹn giờ \"\(name)\" chưa được khai báo trong timers",
                            en: "timer \"\(name)\" is not declared under timers")
            return nil
        }
        return name
    }
}
