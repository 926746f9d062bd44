import Foundation

/// A position in a data file, so a reviewer can jump straight to the line that is wrong.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file path (or a label such as "<memory>" for YAML given as a string).
    public var file: String
    /// The line, from 1; 0 when the position is unknown (e.g. an unreadable file).
    public var line: Int
    /// The column, from 1, counted in Unicode scalars as libyaml does; 0 when unknown.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// "file:line:column", the form editors and compilers use.
    public var description: String { "\(file):\(line):\(column)" }
}
