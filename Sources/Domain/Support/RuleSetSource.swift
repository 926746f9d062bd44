import Foundation
import OCOP
import Workflow

/// Where the rating guards find rule sets: a loaded catalog, or nothing (the validation-only `Domain.registry`).
///
/// Resolving a rule set never throws into the engine: every problem becomes a guard failure an officer can read.
struct RuleSetSource: Sendable {
    /// The catalog, or nil for `Domain.registry`.
    let catalog: RuleSetCatalog?

    /// The failure of every rating guard in the validation-only registry.
    static let notLoaded = GuardResult.failed(
        vi: "hệ thống chưa nạp các bộ quy tắc OCOP (workflows/rulesets) nên không kiểm tra được điều kiện này",
        en: "the OCOP rule sets (workflows/rulesets) are not loaded, so this condition cannot be checked"
    )

    /// Runs `body` with the rule set whose id is at `path` (`rule_set` in the data, or `input.rule_set`), or returns
    /// why there is none.
    func with(ruleSetAt path: String, in context: GuardContext, _ body: (RuleSet) -> GuardResult) -> GuardResult {
        guard let catalog else { return Self.notLoaded }
        guard let id = context.text(at: path) else {
            return .failed(
                vi: "chưa xác định bộ tiêu chí OCOP áp dụng (\(path))",
                en: "the OCOP rule set that applies is not recorded (\(path))"
            )
        }
        guard let ruleSet = try? catalog.ruleSet(id: id) else {
            let known = catalog.ruleSets.map(\.id).joined(separator: ", ")
            return .failed(
                vi: "không có bộ tiêu chí OCOP \"\(id)\" (có: \(known))",
                en: "there is no OCOP rule set \"\(id)\" (known: \(known))"
            )
        }
        return body(ruleSet)
    }

    /// Runs `body` with the rule set in force on a submission day, or returns why there is none.
    func with(ruleSetInForceOn date: LocalDate, _ body: (RuleSet) -> GuardResult) -> GuardResult {
        guard let catalog else { return Self.notLoaded }
        do {
            return body(try catalog.ruleSet(forSubmissionDate: date))
        } catch let error as RatingError {
            return .failed(error.message)
        } catch {
            return .failed(vi: "\(error)", en: "\(error)")
        }
    }
}
