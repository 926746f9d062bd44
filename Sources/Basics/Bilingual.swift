/// A sentence in Vietnamese and English: every message an officer or a developer reads comes in both.
public struct Bilingual: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The Vietnamese text, with full diacritics.
    public var vi: String
    /// The English text.
    public var en: String

    /// Creates a message from its two texts.
    public init(vi: String, en: String) {
        self.vi = vi
        self.en = en
    }

    /// Both texts, Vietnamese first, as they appear in logs and CLI output.
    public var description: String { "\(vi) / \(en)" }

    /// Joins messages language by language (with "; " unless told), keeping the order given.
    public static func joined(_ parts: [Bilingual], separator: String = "; ") -> Bilingual {
        Bilingual(vi: parts.map(\.vi).joined(separator: separator), en: parts.map(\.en).joined(separator: separator))
    }
}
