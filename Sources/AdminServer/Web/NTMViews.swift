import Foundation
import OCOP
import Store
import Workflow

/// Template data for the NTM and report pages, from a ``DistrictReport``: texts in the page's language, dates
/// dd/mm/yyyy, ranges "80–85%", counts "13/20". Forecasts are flagged so the templates keep them visually apart.
struct NTMViews {
    let language: ServerLanguage

    private func text(_ value: Bilingual) -> String { language == .vi ? value.vi : value.en }
    private func say(_ vi: String, _ en: String) -> String { language == .vi ? vi : en }

    // MARK: - Numbers and ranges

    /// A decimal without trailing zeros, with a decimal comma in Vietnamese ("92,5") and a point in English.
    func number(_ value: Decimal) -> String {
        var plain = "\(value)"
        if plain.contains("."), !plain.lowercased().contains("e") {
            while plain.hasSuffix("0") { plain.removeLast() }
            if plain.hasSuffix(".") { plain.removeLast() }
        }
        return language == .vi ? plain.replacingOccurrences(of: ".", with: ",") : plain
    }

    /// "80–85%", or "80%" when both ends are equal.
    func percent(_ range: DistrictReport.ProgressRange) -> String {
        range.min == range.max ? "\(number(range.min))%" : "\(number(range.min))–\(number(range.max))%"
    }

    /// A % KH range with its kind, and whether it is a forecast.
    func range(_ range: DistrictReport.ProgressRange) -> [String: Any] {
        ["text": percent(range), "kindLabel": text(range.kind.label), "forecast": range.kind == .forecast, "asOf": range.asOf.displayString]
    }

    // MARK: - Units

    /// One unit: name, state, "x/N" with its split, model conditions, % KH and blockers.
    func unit(_ progress: DistrictReport.UnitProgress) -> [String: Any] {
        // Every key the unit template asks for is set (false when absent), so no lookup falls through to an outer context.
        var view: [String: Any] = [
            "name": progress.unit.name, "code": progress.unit.code, "forecast": false, "state": false, "criteria": false, "model": false,
            "progress": false, "recognition": false,
        ]
        if let recognition = progress.recognition, !(recognition.status == .recognised && progress.state == "MAINTAINING") {
            view["recognition"] = DistrictReportRenderer.recognition(recognition, unit: progress.unit, language: language == .vi ? .vi : .en)
        }
        if let label = progress.stateLabel {
            view["state"] = text(label)
        } else if let state = progress.state {
            view["state"] = state
        }
        if let count = progress.criteria { view["criteria"] = criteria(count, unit: progress.unit.name) }
        if let met = progress.modelConditionsMet {
            let total = progress.modelConditionsTotal ?? 4
            view["model"] = ["met": met, "total": total, "label": "\(progress.unit.name): \(met)/\(total)"]
        }
        if let plan = progress.progress { view["progress"] = range(plan) }
        view["blockers"] = progress.blockers.map { ["text": text($0)] }
        view["hasBlockers"] = !progress.blockers.isEmpty
        return view
    }

    /// "13/20" with what the figure counts ("cơ bản đạt", "đã đạt và cơ bản đạt"…), the split when known, the set.
    func criteria(_ count: DistrictReport.CriteriaCount, unit: String) -> [String: Any] {
        let x = count.metOrBasicallyMet
        let label: String
        var split: [String] = []
        switch (count.met, count.basicallyMet) {
        case (nil, nil): label = say("đã đạt và cơ bản đạt", "met or basically met")
        case (let met, let basic?) where basic == x && (met ?? 0) == 0: label = say("cơ bản đạt", "basically met")
        case (let met?, let basic) where met == x && (basic ?? 0) == 0: label = say("đạt", "met")
        case (let met, let basic):
            label = say("đã đạt và cơ bản đạt", "met or basically met")
            split.append(say("đạt \(met ?? 0)", "met \(met ?? 0)"))
            split.append(say("cơ bản đạt \(basic ?? 0)", "basically met \(basic ?? 0)"))
        }
        if let notYet = count.notYetMet { split.append(say("chưa đạt \(notYet)", "not yet met \(notYet)")) }
        var view: [String: Any] = [
            "x": x, "n": count.total, "text": "\(x)/\(count.total)", "label": label, "setName": text(count.criteriaSetName),
            "provisional": !count.setIssued, "aria": "\(unit): \(x)/\(count.total)",
        ]
        if !split.isEmpty { view["split"] = split.joined(separator: " · ") }
        return view
    }

    /// A commune group: its title, its % KH range, and the units shown.
    func group(_ group: DistrictReport.UnitGroup, visible: Set<String>) -> [String: Any]? {
        let units = group.units.filter { visible.contains($0.unit.code) }
        guard !units.isEmpty else { return nil }
        var view: [String: Any] = ["id": group.kind.rawValue, "title": text(group.title), "units": units.map(unit)]
        if let progress = group.progress { view["range"] = range(progress) }
        return view
    }

    // MARK: - Pages

    /// The parts both pages share: the district, the date, the groups, towns, residential scopes and forecasts, as
    /// far as the caller may see them (aggregates and forecasts only for a caller covering the district).
    func progress(_ scoped: ReportAccess.Scoped) -> [String: Any] {
        var view: [String: Any] = ["districtName": scoped.district.name, "asOfText": scoped.asOf.displayString]
        guard let report = scoped.report else {
            view["hasUnits"] = false
            return view
        }
        let visible = scoped.visibleUnits
        view["year"] = report.year
        if let registration = report.districtCriteria?.registration, visible.contains(registration.unit.code) {
            view["districtUnit"] = unit(registration)
        }
        let groups = report.communeGroups.compactMap { group($0, visible: visible) }
        view["groups"] = groups
        let towns = report.towns.filter { visible.contains($0.unit.code) }.map(unit)
        view["towns"] = towns
        view["hasTowns"] = !towns.isEmpty
        var residential: [[String: Any]] = []
        var forecasts: [[String: Any]] = []
        for scope in report.residential {
            let units = scope.units.filter { visible.contains($0.unit.code) }.map(unit)
            var entry: [String: Any] = [
                "title": text(scope.title), "units": units, "hasUnits": !units.isEmpty, "unitCount": units.count, "summary": false,
            ]
            if scoped.coversDistrict {
                entry["summary"] = true
                entry["registered"] = scope.registered
                entry["recognised"] = scope.recognised
                entry["byState"] = scope.byState.map { ["label": text($0.label), "count": $0.count] }
                if let progress = scope.progress { entry["range"] = range(progress) }
                if let forecast = scope.forecast {
                    let count = forecast.min == forecast.max ? "\(forecast.min)" : "\(forecast.min)–\(forecast.max)"
                    forecasts.append([
                        "title": text(scope.title), "count": count, "byDate": forecast.byDate.displayString, "asOf": forecast.asOf.displayString,
                        "note": forecast.note ?? "",
                    ])
                }
            }
            if entry["summary"] as? Bool == true || !units.isEmpty { residential.append(entry) }
        }
        view["residential"] = residential
        view["hasResidential"] = !residential.isEmpty
        view["forecasts"] = forecasts
        view["hasForecasts"] = !forecasts.isEmpty
        view["hasUnits"] = view["districtUnit"] != nil || !groups.isEmpty || !towns.isEmpty || !residential.isEmpty
        return view
    }

    /// The report page's other sections: the district's criteria, key results and the OCOP programme.
    func report(_ report: DistrictReport) -> [String: Any] {
        var view: [String: Any] = [:]
        if let district = report.districtCriteria {
            view["districtCriteria"] = [
                "setName": text(district.criteriaSetName), "hasStatus": district.criteria.contains { $0.status != nil },
                "rows": district.criteria.map { criterion -> [String: Any] in
                    [
                        "name": text(criterion.name), "status": criterion.status.map(status) ?? "",
                        "range": criterion.progress.map { "\(percent($0)) (\(text($0.kind.label)))" } ?? "",
                        "forecast": criterion.progress?.kind == .forecast, "note": criterion.note ?? "",
                    ]
                },
            ]
        }
        view["results"] = report.results.map { result -> [String: Any] in
            var quantity = result.quantity.map(number) ?? ""
            if let measure = result.measure, !quantity.isEmpty { quantity += " \(measure)" }
            return [
                "label": text(result.label), "quantity": quantity, "detail": result.detail ?? "", "unit": result.unit.name,
                "asOf": result.asOf.displayString,
            ]
        }
        view["hasResults"] = !report.results.isEmpty
        view["ocop"] = ocop(report.ocop)
        return view
    }

    /// "đạt" / "cơ bản đạt" / "chưa đạt".
    func status(_ code: String) -> String {
        let label = DistrictReport.statusLabel(code)
        return say(label.vi, label.en)
    }

    private func ocop(_ section: DistrictReport.OCOPSection) -> [String: Any] {
        let item = { (item: DistrictReport.OCOPItem) -> [String: Any] in
            var view: [String: Any] = ["name": item.name, "unit": item.unit.name, "state": text(item.stateLabel), "stars": false, "date": false]
            if let stars = item.stars { view["stars"] = String(repeating: "★", count: stars) }
            if let date = item.date { view["date"] = date.displayString }
            return view
        }
        return [
            "ideasProposed": section.ideasProposed, "ideasApproved": section.ideasApproved.map(item), "approvedCount": section.ideasApproved.count,
            "ideasRejected": section.ideasRejected, "ideasAwaiting": section.ideasAwaitingDecision,
            "products": section.productsInDevelopment.map(item), "hasProducts": !section.productsInDevelopment.isEmpty,
            "starCounts": section.certificatesByStars.keys.sorted().map { ["stars": "\($0)★", "count": section.certificatesByStars[$0] ?? 0] },
            "hasStars": !section.certificatesByStars.isEmpty,
            "expiring": section.certificatesExpiring.map(item), "hasExpiring": !section.certificatesExpiring.isEmpty,
            "expiringDays": section.expiringWithinDays,
            "claims": section.claimsAccepted.map(item), "hasClaims": !section.claimsAccepted.isEmpty,
        ]
    }
}
