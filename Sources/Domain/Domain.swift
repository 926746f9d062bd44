import Foundation
import OCOP
import Workflow

/// The OCOP and NTM workflows' glue between the pure engine and the domain rules: the guards the YAML names.
///
/// Guards that read only the instance's data (NTM tallies, certificate state, decision references) work from
/// `registry`. The rating guards (`rule_set_in_force`, `dossier_complete`, `district_scores`, `average_valid`,
/// `routing_allows`, `may_certify`) need the OCOP rule sets, which are data files; the engine that runs the product
/// workflow is built with `registry(ruleSets:)`.
///
/// ```swift
/// let ruleSets = try RuleSetCatalog.load(directory: root.appending(path: "workflows/rulesets"))
/// let definitions = try Domain.loadWorkflows(directory: root.appending(path: "workflows"))
/// let product = definitions.first { $0.name == "ocop_product" }!
/// let engine = Engine(definition: product, guards: Domain.registry(ruleSets: ruleSets), calendar: holidays)
/// ```
public enum Domain {
    /// The built-in guards plus every domain guard, for loading and validating definitions.
    ///
    /// The rating guards in this registry have no rule sets: run with it, they fail with a message saying so
    /// instead of guessing. Use `registry(ruleSets:)` for an engine.
    public static var registry: GuardRegistry {
        GuardRegistry.builtIn.adding(guards(ruleSets: nil))
    }

    /// The built-in guards plus every domain guard, with the rating guards reading these rule sets.
    public static func registry(ruleSets: RuleSetCatalog) -> GuardRegistry {
        GuardRegistry.builtIn.adding(guards(ruleSets: ruleSets))
    }

    /// Every domain guard; the rating guards read `ruleSets`, or refuse when it is nil.
    public static func guards(ruleSets: RuleSetCatalog?) -> [GuardSpec] {
        let rules = RuleSetSource(catalog: ruleSets)
        return [
            legalReference,
            returnsSoFar,
            workingDaysBefore,
            localAuthorityRole,
            issuingAuthority,
            recognisingAuthority,
            certificateInForce,
            criteriaSetIssued,
            allCriteriaMet,
            modelConditionsMet,
            tallyConsistent,
            votesConsistent,
            votesAtLeastShare,
            ruleSetInForce(rules),
            dossierComplete(rules),
            districtScores(rules),
            averageValid(rules),
            routingAllows(rules),
            mayCertify(rules),
        ]
    }

    /// The names of the domain guards (not the built-ins), sorted; for documentation and tests.
    public static var domainGuardNames: [String] {
        guards(ruleSets: nil).map(\.name).sorted()
    }
}
