/// An error from PostgreSQL or from libpq, with the server's diagnostic fields.
///
/// `description` never contains bound values (they may be personal data); `debugDescription` adds the query text.
public struct DatabaseError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is, as far as the caller needs to tell them apart.
    public enum Code: Sendable, Equatable {
        /// Connecting failed (bad conninfo, server down, authentication).
        case connectionFailed
        /// The connection was lost while in use.
        case connectionLost
        /// The server rejected a statement; see ``DatabaseError/sqlState``.
        case server
        /// The result could not be decoded into the requested Swift type.
        case decoding
        /// The pool had no connection for the caller in time.
        case poolTimeout
        /// The pool was shut down.
        case poolClosed
        /// The library was misused (e.g. a nested transaction).
        case misuse
    }

    /// What kind of failure this is.
    public var code: Code
    /// The SQLSTATE the server sent, if any.
    public var sqlState: SQLState?
    /// The primary message.
    public var message: String
    /// The server's DETAIL, if any.
    public var detail: String?
    /// The server's HINT, if any.
    public var hint: String?
    /// The constraint involved, if any.
    public var constraint: String?
    /// The table involved, if any.
    public var table: String?
    /// The column involved, if any.
    public var column: String?
    /// The SQL text (with `$n` placeholders, never values) that failed, if any.
    public var query: String?

    /// Creates an error.
    public init(
        code: Code, sqlState: SQLState? = nil, message: String, detail: String? = nil, hint: String? = nil,
        constraint: String? = nil, table: String? = nil, column: String? = nil, query: String? = nil
    ) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
        self.query = query
    }

    /// Set when a prepared statement the connection had cached was gone or stale on the server inside a transaction:
    /// the connection has dropped it, so the transaction may be run again (and will prepare it afresh).
    public internal(set) var staleStatement = false

    /// Whether the transaction that failed with this error may be retried as a whole.
    public var isTransient: Bool { staleStatement || (sqlState?.isTransient ?? false) }

    /// Whether the connection itself is unusable after this error.
    public var isConnectionError: Bool {
        switch code {
        case .connectionFailed, .connectionLost: return true
        default: return sqlState?.errorClass == "08" || sqlState == .adminShutdown
        }
    }

    /// The message, SQLSTATE, hint and constraint. Not the DETAIL: the server puts row values there
    /// ("Key (name)=(…) already exists"), and those may be personal data.
    public var description: String {
        var text = message
        if let sqlState { text = "\(sqlState): \(text)" }
        if let hint { text += " (\(hint))" }
        if let constraint { text += " [constraint \(constraint)]" }
        return text
    }

    /// The description plus the DETAIL and the query text, for debugging.
    public var debugDescription: String {
        var text = description
        if let detail { text += "\n  detail: \(detail)" }
        if let query { text += "\n  query: \(query)" }
        return text
    }
}
