import Foundation
import Yams

/// Reading scalar values, labels, durations and offsets out of YAML nodes.
extension DefinitionParser {
    /// A YAML node as a JSON value.
    ///
    /// Plain scalars are typed by our own small rules rather than YAML 1.1's: only `true`/`false` are booleans
    /// (so a code like `NO` stays a string), `null`/`~` is null, digits are numbers, decimals stay exact.
    static func jsonValue(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
            switch text {
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            case "null", "Null", "NULL", "~", "": return .null
            default: break
            }
            if let int = Int64(text) { return .int(int) }
            if let decimal = Engine.exactDecimal(text) { return .decimal(decimal) }
            return .string(text)
        case .sequence(let sequence):
            return .array(sequence.map(jsonValue))
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping { object[key.scalar?.string ?? ""] = jsonValue(value) }
            return .object(object)
        case .alias:
            return .null
        }
    }

    /// A `{ vi: …, en: … }` label; both texts are required so no screen shows only one language.
    mutating func label(_ node: Node, what: String, extraKeys: Set<String> = []) -> Bilingual? {
        guard let reader = diagnostics.mapping(node, what: what, allowed: Set(["vi", "en"]).union(extraKeys)) else { return nil }
        let vi = diagnostics.required("vi", in: reader, what: what).flatMap { diagnostics.string($0, what: "vi") }
        let en = diagnostics.required("en", in: reader, what: what).flatMap { diagnostics.string($0, what: "en") }
        guard let vi, let en else { return nil }
        return Bilingual(vi: vi, en: en)
    }

    /// A duration such as `36 months`, reporting `badDuration` at the node otherwise.
    mutating func duration(_ node: Node) -> WorkflowDuration? {
        if let text = node.scalar?.string, let duration = WorkflowDuration(parsing: text) { return duration }
        let units = WorkflowDuration.Unit.allCases.map(\.rawValue).joined(separator: ", ")
        diagnostics.add(.badDuration, at: node,
                        vi: "thời hạn không hợp lệ \"\(node.scalar?.string ?? "")\"; viết \"<số> <đơn vị>\" với đơn vị: \(units)",
                        en: "bad duration \"\(node.scalar?.string ?? "")\"; write \"<n> <unit>\" with unit one of: \(units)")
        return nil
    }

    /// The optional `after:` / `before:` offset of a mapping; both at once is an error.
    mutating func offset(in reader: MappingReader) -> (offset: DateOffset?, ok: Bool) {
        let after = reader["after"]
        let before = reader["before"]
        if let after, before != nil {
            diagnostics.add(.badValue, at: after, vi: "chỉ dùng một trong \"after\" hoặc \"before\"",
                            en: "use either \"after\" or \"before\", not both")
            return (nil, false)
        }
        guard let node = after ?? before else { return (nil, true) }
        guard let duration = duration(node) else { return (nil, false) }
        return (DateOffset(duration: duration, isBefore: before != nil), true)
    }

    /// A state code that must be declared, reporting `unknownState` at the node otherwise.
    mutating func stateReference(_ node: Node, what: String) -> String? {
        guard let code = diagnostics.string(node, what: what) else { return nil }
        guard stateCodes.contains(code) else {
            diagnostics.add(.unknownState, at: node, vi: "trạng thái \"\(code)\" chưa được khai báo trong states",
                            en: "state \"\(code)\" is not declared under states")
            return nil
        }
        return code
    }

    /// Role codes that must be declared, reporting `unknownRole` at each unknown one.
    mutating func roleReferences(_ node: Node, what: String) -> [String] {
        var roles: [String] = []
        for item in diagnostics.list(node, what: what) {
            guard let role = diagnostics.string(item, what: what) else { continue }
            guard roleCodes.contains(role) else {
                diagnostics.add(.unknownRole, at: item, vi: "vai trò \"\(role)\" chưa được khai báo trong roles",
                                en: "role \"\(role)\" is not declared under roles")
                continue
            }
            roles.append(role)
        }
        return roles
    }
}
