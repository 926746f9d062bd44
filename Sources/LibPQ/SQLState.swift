/// A PostgreSQL SQLSTATE code, such as `23505` for a unique violation.
///
/// Compare whole codes with the named constants, or a code's class (its first two characters)
/// with ``isClass(_:)``.
public struct SQLState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The five-character code.
    public let rawValue: String

    /// Creates a code from its five characters.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The code's class: its first two characters (`"23"` for integrity violations).
    public var errorClass: String { String(rawValue.prefix(2)) }

    /// Whether this code belongs to the class of `other` (`SQLState.integrityConstraintViolation.isClass(...)`).
    public func isClass(_ other: SQLState) -> Bool { errorClass == other.errorClass }

    /// The code itself.
    public var description: String { rawValue }

    // MARK: - Codes ocop handles by name

    /// 08000: a connection problem.
    public static let connectionException = SQLState(rawValue: "08000")
    /// 08006: the connection failed.
    public static let connectionFailure = SQLState(rawValue: "08006")
    /// 23000: the integrity-violation class.
    public static let integrityConstraintViolation = SQLState(rawValue: "23000")
    /// 23502: a NOT NULL column got NULL.
    public static let notNullViolation = SQLState(rawValue: "23502")
    /// 23503: a foreign key points nowhere.
    public static let foreignKeyViolation = SQLState(rawValue: "23503")
    /// 23505: a unique index refused a duplicate.
    public static let uniqueViolation = SQLState(rawValue: "23505")
    /// 23514: a CHECK constraint refused a row.
    public static let checkViolation = SQLState(rawValue: "23514")
    /// 40001: a serializable transaction lost a race; safe to retry.
    public static let serializationFailure = SQLState(rawValue: "40001")
    /// 40P01: a deadlock was broken by aborting this transaction; safe to retry.
    public static let deadlockDetected = SQLState(rawValue: "40P01")
    /// 42P01: the table does not exist.
    public static let undefinedTable = SQLState(rawValue: "42P01")
    /// 42601: the SQL does not parse.
    public static let syntaxError = SQLState(rawValue: "42601")
    /// 55P03: a lock could not be taken (NOWAIT).
    public static let lockNotAvailable = SQLState(rawValue: "55P03")
    /// 57014: the query was cancelled.
    public static let queryCanceled = SQLState(rawValue: "57014")
    /// 57P01: the server terminated the backend (e.g. `pg_terminate_backend`).
    public static let adminShutdown = SQLState(rawValue: "57P01")
    /// 3D000: the database does not exist.
    public static let invalidCatalogName = SQLState(rawValue: "3D000")
    /// 42P04: the database already exists.
    public static let duplicateDatabase = SQLState(rawValue: "42P04")
    /// 0A000: e.g. a cached plan whose result type changed after DDL.
    public static let featureNotSupported = SQLState(rawValue: "0A000")
    /// invalid_sql_statement_name: a prepared statement the server does not have (after `DISCARD ALL`, say).
    public static let invalidStatementName = SQLState(rawValue: "26000")
    /// P0001: an error raised by a PL/pgSQL `RAISE EXCEPTION`.
    public static let raiseException = SQLState(rawValue: "P0001")
    /// 42501: the role lacks the privilege (e.g. DDL by the application's role).
    public static let insufficientPrivilege = SQLState(rawValue: "42501")
    /// 22021: a byte sequence not valid in the encoding (e.g. NUL in text).
    public static let characterNotInRepertoire = SQLState(rawValue: "22021")
    /// 22P05: a character with no equivalent in the encoding (e.g. \u0000 in jsonb).
    public static let untranslatableCharacter = SQLState(rawValue: "22P05")

    /// Whether a transaction that failed with this code may simply be run again.
    public var isTransient: Bool { self == .serializationFailure || self == .deadlockDetected }
}
