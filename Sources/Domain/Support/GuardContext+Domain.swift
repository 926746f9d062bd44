import Foundation
import OCOP
import Workflow

/// Reading typed values out of a guard's context, the way the domain guards need them.
extension GuardContext {
    /// Today in Vietnam as the OCOP module's date type.
    var localToday: LocalDate {
        LocalDate(iso: today.description) ?? LocalDate(year: 2000, month: 1, day: 1)!
    }

    /// A path given by parameter `name`, or `fallback` when the YAML left the parameter out.
    func path(_ name: String, default fallback: String) -> String {
        string(name) ?? fallback
    }

    /// The text at a path, when it is a string.
    func text(at path: String) -> String? {
        value(at: path)?.stringValue
    }

    /// The number at a path: an int or a decimal (a form's "68.50" arrives already normalised by the engine).
    func number(at path: String) -> Decimal? {
        value(at: path)?.numberValue
    }

    /// The whole number at a path, when it is one.
    func integer(at path: String) -> Int? {
        guard let number = number(at: path), number == number.rounded(places: 0) else { return nil }
        return NSDecimalNumber(decimal: number).intValue
    }

    /// The boolean at a path.
    func bool(at path: String) -> Bool? {
        value(at: path)?.boolValue
    }

    /// The date at a path, as the OCOP module's date type.
    func date(at path: String) -> LocalDate? {
        text(at: path).flatMap(LocalDate.init(iso:))
    }

    /// A whole-number parameter from the YAML.
    func intParameter(_ name: String) -> Int? {
        if case .int(let value)? = parameters[name] { return Int(value) }
        return nil
    }

    /// True when the actor holds the role.
    func actorHolds(_ role: String) -> Bool {
        actor.roles.contains(role)
    }

    /// The actor's roles, sorted, for messages.
    var heldRoles: String {
        actor.roles.sorted().joined(separator: ", ")
    }
}

extension Decimal {
    /// This value rounded half-up to `places` decimal places.
    func rounded(places: Int) -> Decimal {
        var source = self
        var result = Decimal()
        NSDecimalRound(&result, &source, places, .plain)
        return result
    }

    /// Exactly two decimal places, as council minutes write scores: 68 → "68.00", 49.995 → "50.00".
    var scoreText: String {
        let text = "\(rounded(places: 2))"
        guard let point = text.firstIndex(of: ".") else { return text + ".00" }
        let decimals = text[text.index(after: point)...].count
        return decimals >= 2 ? text : text + String(repeating: "0", count: 2 - decimals)
    }

    /// As written, without trailing zeros: 70 → "70", 50.5 → "50.5".
    var plainText: String { "\(self)" }
}

extension GuardResult {
    /// A failure from an OCOP bilingual text.
    static func failed(_ text: Bilingual) -> GuardResult {
        .failed(vi: text.vi, en: text.en)
    }
}
