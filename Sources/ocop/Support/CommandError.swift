import Workflow

/// A problem the CLI finds in what the user typed, before anything reaches the database.
struct CommandError: Error, Sendable {
    /// How it ends the command.
    let kind: FailureKind
    /// What is wrong and where, in both languages.
    let message: Bilingual

    /// Bad input (exit 6): a malformed `k=v`, time or id list.
    static func badInput(vi: String, en: String) -> CommandError {
        CommandError(kind: .badInput, message: Bilingual(vi: vi, en: en))
    }

    /// Something named does not exist (exit 3).
    static func notFound(vi: String, en: String) -> CommandError {
        CommandError(kind: .notFound, message: Bilingual(vi: vi, en: en))
    }
}
