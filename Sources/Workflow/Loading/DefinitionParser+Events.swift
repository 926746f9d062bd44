import Yams

/// Reading events: their states, roles, guards, inputs and effects.
extension DefinitionParser {
    static let eventKeys: Set<String> = ["name", "label", "from", "to", "roles", "guards", "inputs", "effects", "service", "late_entry"]

    mutating func parseEvent(_ node: Node, states: [StateDefinition]) -> EventDefinition? {
        guard let reader = diagnostics.mapping(node, what: "event", allowed: Self.eventKeys) else { return nil }
        let name = diagnostics.required("name", in: reader, what: "event").flatMap { diagnostics.string($0, what: "event name") }
        let eventLabel = reader["label"].flatMap { label($0, what: "label") }

        var from: [String] = []
        var fromAny = false
        if let fromNode = diagnostics.required("from", in: reader, what: "event") {
            if fromNode.scalar?.string == "*" {
                fromAny = true
                from = states.filter { !$0.isFinal }.map(\.code)
            } else {
                from = diagnostics.list(fromNode, what: "from").compactMap { stateReference($0, what: "from") }
            }
        }
        let to = diagnostics.required("to", in: reader, what: "event").flatMap { stateReference($0, what: "to") }
        var roles: [String] = []
        if let rolesNode = diagnostics.required("roles", in: reader, what: "event") {
            roles = roleReferences(rolesNode, what: "roles")
        }
        let guardRefs = reader["guards"].map { diagnostics.list($0, what: "guards").compactMap { parseGuard($0) } } ?? []
        let inputs = reader["inputs"].map { parseInputs($0) } ?? []
        let effects = reader["effects"].map { diagnostics.list($0, what: "effects").compactMap { parseEffect($0, inputs: inputs) } } ?? []
        let service = reader["service"].flatMap { diagnostics.string($0, what: "service") }
        let lateEntry = reader["late_entry"].flatMap { lateEntryPolicy($0) }

        guard let name, let to else { return nil }
        return EventDefinition(
            name: name, label: eventLabel, from: from, fromAnyState: fromAny, to: to, roles: roles, guards: guardRefs,
            inputs: inputs, effects: effects, location: diagnostics.location(of: node), service: service,
            lateEntry: lateEntry
        )
    }

    // MARK: - Guards

    /// `- name` or `- name: { param: value }`, checked against the registry's spec.
    mutating func parseGuard(_ node: Node) -> GuardReference? {
        var nameNode = node
        var parameters: [String: JSONValue] = [:]
        var parameterNodes: [String: Node] = [:]
        if case .mapping(let mapping) = node {
            guard mapping.count == 1, let pair = mapping.first else {
                diagnostics.add(.wrongType, at: node, vi: "mỗi điều kiện là \"tên: { tham số }\"", en: "each guard is \"name: { parameters }\"")
                return nil
            }
            nameNode = pair.key
            if let reader = diagnostics.mapping(pair.value, what: "guard parameters", allowed: Set(mappingKeys(pair.value))) {
                for field in reader.fields {
                    parameters[field.key] = Self.jsonValue(field.value)
                    parameterNodes[field.key] = field.keyNode
                }
            }
        }
        guard let name = diagnostics.string(nameNode, what: "guard name") else { return nil }
        guard let spec = guards[name] else {
            diagnostics.add(.unknownGuard, at: nameNode, vi: "điều kiện \"\(name)\" chưa được đăng ký",
                            en: "unknown guard \"\(name)\"; registered: \(guards.names.joined(separator: ", "))")
            return nil
        }
        var ok = true
        for parameter in spec.parameters {
            guard let value = parameters[parameter.name] else {
                if parameter.isRequired {
                    ok = false
                    diagnostics.add(.guardParameterMissing, at: nameNode, vi: "điều kiện \(name) thiếu tham số \"\(parameter.name)\"",
                                    en: "guard \(name) needs parameter \"\(parameter.name)\"")
                }
                continue
            }
            if !parameter.type.accepts(value) {
                ok = false
                diagnostics.add(.guardParameterType, at: parameterNodes[parameter.name],
                                vi: "tham số \(parameter.name) của \(name) phải có kiểu \(parameter.type.rawValue)",
                                en: "parameter \(parameter.name) of \(name) must be of type \(parameter.type.rawValue)")
            }
        }
        for key in parameters.keys.sorted() where !spec.parameters.contains(where: { $0.name == key }) {
            ok = false
            diagnostics.add(.guardParameterUnknown, at: parameterNodes[key], vi: "điều kiện \(name) không có tham số \"\(key)\"",
                            en: "guard \(name) has no parameter \"\(key)\"")
        }
        return ok ? GuardReference(name: name, parameters: parameters, location: diagnostics.location(of: nameNode)) : nil
    }

    private func mappingKeys(_ node: Node) -> [String] {
        guard case .mapping(let mapping) = node else { return [] }
        return mapping.keys.compactMap { $0.scalar?.string }
    }

    // MARK: - Inputs

    /// `name: type` or `name: { type | enum, required, vi, en }`.
    mutating func parseInputs(_ node: Node) -> [InputDefinition] {
        guard case .mapping(let mapping) = node else {
            diagnostics.add(.wrongType, at: node, vi: "inputs phải là ánh xạ tên: kiểu", en: "inputs must be a mapping name: type")
            return []
        }
        var inputs: [InputDefinition] = []
        for (keyNode, value) in mapping {
            guard let name = diagnostics.string(keyNode, what: "input name") else { continue }
            var typeNode: Node? = value
            var enumValues: [String]?
            var required = true
            var label: Bilingual?
            if case .mapping = value {
                let keys: Set<String> = ["type", "enum", "required", "vi", "en"]
                guard let reader = diagnostics.mapping(value, what: "input \(name)", allowed: keys) else { continue }
                typeNode = reader["type"]
                if let enumNode = reader["enum"] {
                    enumValues = diagnostics.list(enumNode, what: "enum").compactMap { diagnostics.string($0, what: "enum value") }
                }
                if let requiredNode = reader["required"] { required = Self.jsonValue(requiredNode).boolValue ?? true }
                if let vi = reader["vi"]?.scalar?.string, let en = reader["en"]?.scalar?.string { label = Bilingual(vi: vi, en: en) }
                if typeNode == nil, enumValues == nil {
                    _ = diagnostics.required("type", in: reader, what: "input \(name)")
                    continue
                }
            }
            let kind: InputDefinition.Kind?
            if let enumValues {
                kind = .oneOf(enumValues)
            } else {
                switch typeNode?.scalar?.string {
                case "string": kind = .string
                case "int": kind = .int
                case "decimal": kind = .decimal
                case "money": kind = .money
                case "date": kind = .date
                case "bool": kind = .bool
                default:
                    kind = nil
                    diagnostics.add(.unknownInputType, at: typeNode, vi: "kiểu dữ liệu nhập không hợp lệ \"\(typeNode?.scalar?.string ?? "")\"",
                                    en: "unknown input type \"\(typeNode?.scalar?.string ?? "")\"; use string, int, decimal, money, date, bool or enum")
                }
            }
            if let kind { inputs.append(InputDefinition(name: name, kind: kind, isRequired: required, label: label)) }
        }
        return inputs
    }
}
