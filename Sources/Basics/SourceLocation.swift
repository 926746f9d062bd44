/// A place in a definition file, for messages that point at it (`workflows/idea.yaml:12:7`).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file path as given to the loader, usually relative to the repository root.
    public var path: String
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, counted in Unicode scalars as libyaml does.
    public var column: Int

    /// Creates a location.
    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:column`.
    public var description: String { "\(path):\(line):\(column)" }
}
