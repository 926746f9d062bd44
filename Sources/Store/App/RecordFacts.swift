import Foundation
import OCOP
import Workflow

/// One line of a record's details as people read it: the field by its label, the value by its name (codes named,
/// dates dd/mm/yyyy, yes/no) — the same at the CLI (`ocop status`) and on the dashboard's record page.
public struct RecordFact: Sendable, Hashable {
    /// The data field.
    public var key: String
    /// The field's label; nil when `workflows/labels/fields.yaml` (or the rule sets, for dossier items) names none.
    public var label: Bilingual?
    /// The value for the screen.
    public var value: Bilingual
}

extension Services {
    /// The facts of a record's data (fields set to nothing are left out), in key order; `skipping` leaves out fields a
    /// screen shows elsewhere. Units and subjects are named from the reference data, dossier items and product groups
    /// from the rule sets, other codes and labels from `labels`.
    public func facts(of record: InstanceRecord, labels: FieldLabels, skipping: Set<String> = []) async throws(ServiceError) -> [RecordFact] {
        let data = record.snapshot.data
        let codes = data.filter { $0.key.hasSuffix("subject_id") || $0.key.hasSuffix("unit_code") }.compactMap { $0.value.stringValue }
        let names = try await reference.names(units: codes, subjects: codes)
        let ruleSets = ocop?.ruleSets.ruleSets ?? []
        var groups: [String: Bilingual] = [:]
        var items: [String: Bilingual] = [:]
        for ruleSet in ruleSets {
            for group in ruleSet.productGroups where groups[group.code] == nil { groups[group.code] = group.name }
            for item in ruleSet.dossierItems { items["dossier_" + item.code.replacingOccurrences(of: "-", with: "_")] = item.name }
        }
        var facts: [RecordFact] = []
        for key in data.keys.sorted() where !skipping.contains(key) {
            guard let raw = data[key], !raw.isNull else { continue }
            let text = raw.displayText
            let value: Bilingual
            if let named = labels.value(text, of: key) ?? (key == "product_group" ? groups[text] : nil) {
                value = named
            } else if key.hasSuffix("subject_id"), let name = names.subjects[text] {
                value = Bilingual(vi: name, en: name)
            } else if key.hasSuffix("unit_code"), let name = names.units[text] {
                value = Bilingual(vi: name, en: name)
            } else if let flag = raw.boolValue {
                value = flag ? Bilingual(vi: "Có", en: "Yes") : Bilingual(vi: "Không", en: "No")
            } else {
                let shown = Self.display(raw)
                value = Bilingual(vi: shown, en: shown)
            }
            facts.append(RecordFact(key: key, label: labels[key] ?? items[key], value: value))
        }
        return facts
    }

    /// A data value for the screen: `yyyy-mm-dd` as dd/mm/yyyy, an ISO 8601 instant as dd/mm/yyyy HH:mm in Vietnam,
    /// anything else as written.
    public static func display(_ value: JSONValue) -> String {
        if let date = value.dateValue { return date.displayString }
        if case .string(let text) = value, text.count > 10, let instant = VietnamTime.instant(from: value), text.contains("T") {
            return VietnamTime.screen(instant)
        }
        return value.displayText
    }
}
