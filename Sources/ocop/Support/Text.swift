import Workflow

/// A sentence in Vietnamese and English.
struct Text: Sendable {
    let vi: String
    let en: String

    init(_ vi: String, _ en: String) {
        self.vi = vi
        self.en = en
    }

    /// The sentence in `language`.
    func callAsFunction(_ language: Language) -> String { language == .vi ? vi : en }
}

extension Bilingual {
    /// The text in `language`.
    func text(_ language: Language) -> String { language == .vi ? vi : en }
}
