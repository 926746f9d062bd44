import Domain
import Foundation
import OCOP
import Store
import Workflow

/// The guards workflow files may name: the built-in ones and the OCOP/NTM domain guards, with the rule sets of
/// `workflows/rulesets` loaded so that the rating guards can route and check dossiers.
func makeOCOPGuards(workflowsDirectory: URL) throws -> GuardRegistry {
    let ruleSets = try RuleSetCatalog.load(directory: workflowsDirectory.appendingPathComponent("rulesets"))
    return Domain.registry(ruleSets: ruleSets)
}

/// The guards of the shipped `workflows/` folder; without its rule sets, the domain guards by name only (enough to
/// validate files, not to run the rating guards).
var ocopGuards: GuardRegistry {
    guard let folder = try? ResourceLocator.workflowsDirectory(), let registry = try? makeOCOPGuards(workflowsDirectory: folder) else {
        return Domain.registry
    }
    return registry
}
