import Foundation
import OCOP
import Workflow

/// Checks the loader cannot make, because they need the domain: parameter values that must come from a fixed list,
/// input paths that the event must declare, and decision events that must check their legal reference.
enum GuardParameterCheck {
    /// Parameters whose values must be one of a list: guard → parameter → allowed values.
    static let allowedValues: [String: [String: [String]]] = [
        "routing_allows": [
            "level": CouncilLevel.allCases.map(\.rawValue),
            "decision": RoutingExpectation.allCases.map(\.rawValue),
        ],
        "may_certify": ["level": CouncilLevel.allCases.map(\.rawValue)],
    ]

    /// The input paths a guard reads when its parameters are left out: guard → parameter → default path.
    static let defaultInputPaths: [String: [String: String]] = [
        "legal_reference": ["number": "input.legal_ref", "date": "input.legal_ref_date"],
        "rule_set_in_force": ["rule_set": "input.rule_set"],
        "average_valid": ["field": "input.average"],
        "may_certify": ["star": "input.star"],
    ]

    /// Every problem in a loaded definition, empty when there is none.
    static func problems(in definition: WorkflowDefinition) -> [DefinitionError] {
        var errors: [DefinitionError] = []
        for event in definition.events {
            let names = Set(event.inputs.map(\.name))
            for reference in event.guards {
                for (parameter, allowed) in allowedValues[reference.name] ?? [:] {
                    guard let value = reference.parameters[parameter]?.stringValue, !allowed.contains(value) else { continue }
                    let list = allowed.joined(separator: ", ")
                    errors.append(error(.badGuardValue, at: reference.location,
                                        vi: "\(reference.name): \(parameter) \"\(value)\" không hợp lệ; cần một trong: \(list)",
                                        en: "\(reference.name): \(parameter) \"\(value)\" is invalid; expected one of: \(list)"))
                }
                var paths = reference.parameters.values.compactMap(\.stringValue).filter { $0.hasPrefix("input.") }
                for (parameter, path) in defaultInputPaths[reference.name] ?? [:] where reference.parameters[parameter] == nil {
                    paths.append(path)
                }
                for path in paths {
                    let input = String(path.dropFirst("input.".count).split(separator: ".").first ?? "")
                    guard !names.contains(input) else { continue }
                    errors.append(error(.undeclaredGuardInput, at: reference.location,
                                        vi: "\(reference.name) đọc \(path) nhưng sự kiện \(event.name) không khai báo \"\(input)\"",
                                        en: "\(reference.name) reads \(path) but event \(event.name) declares no input \"\(input)\""))
                }
            }
            if names.contains("legal_ref"), !event.guards.contains(where: { $0.name == "legal_reference" }) {
                errors.append(error(.uncheckedLegalReference, at: event.location,
                                    vi: "sự kiện \(event.name) nhận legal_ref nhưng không có điều kiện legal_reference",
                                    en: "event \(event.name) takes legal_ref but has no legal_reference guard"))
            }
        }
        return errors
    }

    private static func error(_ code: DefinitionError.Code, at location: Workflow.SourceLocation, vi: String, en: String) -> DefinitionError {
        DefinitionError(code: code, location: location, message: Bilingual(vi: vi, en: en))
    }
}

extension DefinitionError.Code {
    /// A domain guard parameter whose value is not in its list (a `routing_allows` decision, a council level).
    public static let badGuardValue = DefinitionError.Code(rawValue: "badGuardValue")
    /// A guard reads `input.x` but the event declares no input `x`.
    public static let undeclaredGuardInput = DefinitionError.Code(rawValue: "undeclaredGuardInput")
    /// A decision event takes `legal_ref` without the `legal_reference` guard.
    public static let uncheckedLegalReference = DefinitionError.Code(rawValue: "uncheckedLegalReference")
}
