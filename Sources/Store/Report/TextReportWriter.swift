import Foundation
import OCOP
import Workflow

/// The report as plain text, section by section, in the order of the seed report.
struct TextReportWriter {
    let report: DistrictReport
    let words: Wording
    private var lines: [String] = []

    init(report: DistrictReport, words: Wording) {
        self.report = report
        self.words = words
    }

    func render() -> String {
        var writer = self
        writer.lines = [words.title(report)]
        writer.section(1, words.sectionDistrict) { $0.district() }
        writer.section(2, words.sectionCommunes) { $0.communes() }
        writer.section(3, words.sectionTowns) { $0.towns() }
        writer.section(4, words.sectionResidential) { $0.residential() }
        writer.section(5, words.sectionOCOP) { $0.ocop() }
        return writer.lines.joined(separator: "\n") + "\n"
    }

    private mutating func section(_ number: Int, _ title: String, _ body: (inout TextReportWriter) -> Void) {
        lines += ["", "\(number). \(title)"]
        let before = lines.count
        body(&self)
        if lines.count == before { lines.append("   " + words.noData) }
    }

    private mutating func district() {
        if let criteria = report.districtCriteria {
            lines.append("   \(words.criteriaSetLabel): \(words.text(criteria.criteriaSetName))")
            if let registration = criteria.registration {
                lines.append("   \(words.registrationLabel): \(words.registration(registration))")
                blockers(registration, indent: "     ")
            }
            for criterion in criteria.criteria { lines.append("   - " + criterionLine(criterion)) }
        }
        if !report.results.isEmpty {
            lines.append("   \(words.keyResultsLabel):")
            for result in report.results { lines.append("   - " + words.result(result, district: report.district)) }
        }
    }

    /// "Quy hoạch: đạt từ 85 đến 95% (ước đạt)", with the status and note when recorded.
    private func criterionLine(_ criterion: DistrictReport.CriterionProgress) -> String {
        var parts: [String] = []
        if let status = criterion.status { parts.append(words.status(status)) }
        if let range = criterion.progress { parts.append("\(words.fromTo(range)) (\(words.kind(range.kind)))") }
        if let note = criterion.note, !note.isEmpty { parts.append(note) }
        return "\(words.text(criterion.name)): " + (parts.isEmpty ? words.noData : parts.joined(separator: "; "))
    }

    private mutating func communes() {
        for group in report.communeGroups {
            let range = group.progress.map { ": " + words.planShareWithKind($0) } ?? ""
            lines.append("   " + words.text(group.title) + range)
            // A blocker every unit of the group shares is said once, under the group.
            let shared = group.units.count > 1 ? group.units.dropFirst().reduce(group.units[0].blockers) { common, unit in
                common.filter(unit.blockers.contains)
            } : []
            for blocker in shared { lines.append("     ⚠ \(words.text(blocker)) (\(words("cả nhóm", "whole group")))") }
            units(group.units, groupKind: group.progress?.kind, indent: "   ", skipping: shared)
        }
    }

    private mutating func units(
        _ units: [DistrictReport.UnitProgress], groupKind: DistrictReport.ProgressKind?, indent: String, skipping shared: [Bilingual] = []
    ) {
        for unit in units {
            lines.append("\(indent)- \(unit.unit.name): \(words.unitFigures(unit, groupKind: groupKind))")
            blockers(unit, indent: indent + "    ", skipping: shared)
        }
    }

    /// Each blocker on its own line, "⚠ …".
    private mutating func blockers(_ unit: DistrictReport.UnitProgress, indent: String, skipping shared: [Bilingual] = []) {
        for blocker in unit.blockers where !shared.contains(blocker) { lines.append("\(indent)⚠ \(words.text(blocker))") }
    }

    private mutating func towns() { units(report.towns, groupKind: nil, indent: "   ") }

    private mutating func residential() {
        for scope in report.residential {
            lines.append("   " + words.text(scope.title))
            lines.append("   - \(words.registered(year: report.year)): \(scope.registered)")
            if let states = words.states(scope.byState) { lines.append("   - \(words.byStateLabel): \(states)") }
            lines.append("   - \(words.recognisedLabel): \(scope.recognised)")
            if let range = scope.progress { lines.append("   - \(words.progressLabel): \(words.planShareWithKind(range))") }
            units(scope.units, groupKind: scope.progress?.kind, indent: "     ")
            if let forecast = scope.forecast { lines.append("   " + words.forecast(forecast)) }
        }
    }

    private mutating func ocop() {
        let ocop = report.ocop
        guard !Wording.isEmpty(ocop) else { return }
        lines.append("   - \(words.ideasProposedLabel): \(ocop.ideasProposed)")
        let approved = ocop.ideasApproved.isEmpty ? "" : " (" + ocop.ideasApproved.map(words.item).joined(separator: "; ") + ")"
        lines.append("   - \(words.ideasApprovedLabel): \(ocop.ideasApproved.count)\(approved)")
        lines.append("   - \(words.ideasAwaitingLabel): \(ocop.ideasAwaitingDecision); \(words.ideasRejectedLabel.lowercased()): \(ocop.ideasRejected)")
        lines.append("   - \(words.inDevelopmentLabel): \(ocop.productsInDevelopment.count)")
        for item in ocop.productsInDevelopment { lines.append("       \(words.item(item)): \(words.text(item.stateLabel))") }
        lines.append("   - \(words.certificatesLabel): \(words.stars(ocop.certificatesByStars) ?? words.noneWord)")
        lines.append("   - \(words.expiringLabel(ocop.expiringWithinDays)): \(ocop.certificatesExpiring.count)")
        for item in ocop.certificatesExpiring { lines.append("       " + expiringLine(item)) }
        lines.append(
            "   - \(words.claimsLabel): \(ocop.claimsAccepted.count)"
                + (ocop.claimsAccepted.isEmpty ? "" : words(", tổng \(ocop.claimsAcceptedAmount.text.vi)", ", total \(ocop.claimsAcceptedAmount.text.en)")))
        for item in ocop.claimsAccepted {
            lines.append(
                "       " + words.item(item) + (item.date.map { " (\(words.date($0)))" } ?? "")
                    + (item.amount.map { " — " + words($0.text.vi, $0.text.en) } ?? ""))
        }
    }

    /// "Mật ong Ân Phú – Ân Phú, 3★, hết hạn 15/12/2022".
    private func expiringLine(_ item: DistrictReport.OCOPItem) -> String {
        var parts = [words.item(item)]
        if let stars = item.stars { parts.append("\(stars)★") }
        if let date = item.date { parts.append(words("hết hạn \(words.date(date))", "expires \(words.date(date))")) }
        return parts.joined(separator: ", ")
    }
}

// MARK: - Markdown
