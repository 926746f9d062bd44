import LibPQ

/// An error of the storage layer, with what it concerns; the CLI and server render it in the user's language.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// `sql/` or `workflows/` could not be found.
        case resourcesNotFound
        /// A migration file's name is not `NNNN_name.sql`.
        case badMigrationName
        /// Two migration files share a number.
        case duplicateMigration
        /// An applied migration's file changed since.
        case migrationChanged
        /// The database has a migration this build does not know.
        case unknownMigration
        /// A migration's SQL failed; nothing of it was kept.
        case migrationFailed
        /// The schema is behind and this command does not migrate by itself.
        case schemaOutdated
    }

    /// What went wrong.
    public var code: Code
    /// The file, version or table concerned.
    public var subject: String
    /// More detail, in English (the database's own words).
    public var detail: String
    /// The database error underneath, if any.
    public var underlying: DatabaseError?

    /// Creates an error.
    public init(_ code: Code, subject: String, detail: String = "", underlying: DatabaseError? = nil) {
        self.code = code
        self.subject = subject
        self.detail = detail
        self.underlying = underlying
    }

    public var description: String {
        let head: String
        switch code {
        case .resourcesNotFound: head = "cannot find the \(subject)/ folder"
        case .badMigrationName: head = "\(subject): a migration file is named NNNN_name.sql"
        case .duplicateMigration: head = "\(subject): two migration files have the same number"
        case .migrationChanged: head = "\(subject) was changed after it was applied; a shipped migration is never edited — add a new file"
        case .unknownMigration: head = "the database has migration \(subject), which this ocop does not know (is it older than the database?)"
        case .migrationFailed: head = "\(subject) failed and was rolled back"
        case .schemaOutdated: head = "the database schema is at \(subject); run `ocop db migrate`"
        }
        return detail.isEmpty ? head : "\(head): \(detail)"
    }
}
