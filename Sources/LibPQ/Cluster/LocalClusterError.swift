/// Why the embedded PostgreSQL could not be set up, started or stopped.
///
/// The CLI turns the code into a sentence in the user's language; `description` is English.
public struct LocalClusterError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// No `initdb`/`pg_ctl`/`postgres` on PATH or under /usr/lib/postgresql/*/bin.
        case binariesNotFound
        /// Running as root and no unprivileged account (or `runuser`) to run the server as.
        case noServiceUser
        /// A directory or file of the cluster could not be created or written.
        case storageNotWritable
        /// `initdb` failed.
        case initdbFailed
        /// `pg_ctl start` failed.
        case startFailed
        /// `pg_ctl stop` failed.
        case stopFailed
        /// The server started but the database could not be created.
        case databaseSetupFailed
    }

    /// What went wrong.
    public var code: Code
    /// The file or directory concerned.
    public var path: String
    /// The tool's own words (e.g. the end of the server log).
    public var detail: String

    /// Creates an error.
    public init(_ code: Code, path: String, detail: String = "") {
        self.code = code
        self.path = path
        self.detail = detail
    }

    public var description: String {
        let head: String
        switch code {
        case .binariesNotFound: head = "PostgreSQL server programs not found (install them: apt-get install postgresql)"
        case .noServiceUser: head = "running as root, but there is no unprivileged account to run PostgreSQL as"
        case .storageNotWritable: head = "cannot write \(path)"
        case .initdbFailed: head = "initdb failed for \(path)"
        case .startFailed: head = "PostgreSQL did not start from \(path)"
        case .stopFailed: head = "PostgreSQL did not stop (\(path))"
        case .databaseSetupFailed: head = "could not create the ocop database in \(path)"
        }
        return detail.isEmpty ? head : "\(head): \(detail)"
    }
}
