/// Control characters in text people send: NUL and the other C0 controls (except tab, line feed and carriage return),
/// and DEL. PostgreSQL cannot store NUL in text, libpq would cut a value at it, and the others only ever arrive by
/// accident or attack; they are refused with the field named rather than stored or silently cut.
public enum ControlCharacters {
    /// The first forbidden character of `text`, if any.
    public static func first(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { scalar in
            (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0x7F
        }
    }

    /// "U+0000 (NUL)".
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return scalar.value == 0 ? "\(code) (NUL)" : code
    }

    /// The text with each forbidden character shown as U+FFFD, so a message can quote it safely.
    public static func visible(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { first(in: String($0)) == nil ? $0 : "\u{FFFD}" }))
    }

    /// The refusal for `field`, or nil when `text` is clean.
    public static func problem(in text: String, field: String) -> Bilingual? {
        guard let scalar = first(in: text) else { return nil }
        return Bilingual(
            vi: "\(field): có ký tự điều khiển \(name(scalar)), không được phép; hãy nhập lại nội dung",
            en: "\(field): holds the control character \(name(scalar)), which is not allowed; type the text again")
    }
}
