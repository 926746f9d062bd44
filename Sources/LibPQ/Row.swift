/// One result row, already copied out of libpq.
///
/// ```swift
/// let name = try row.decode("name", as: String.self)
/// let note = try row.decode("note", as: String?.self)
/// ```
public struct Row: Sendable {
    /// The shared column metadata of the result.
    let columns: ResultColumns
    /// The values in text format; `nil` is SQL NULL.
    public let values: [String?]

    /// Column names in order.
    public var columnNames: [String] { columns.names }

    /// The raw text of a column, `nil` for NULL; throws if the column does not exist.
    public func text(_ column: String) throws -> String? {
        values[try index(of: column)]
    }

    /// Decodes a column by name; the error names the column and the query.
    public func decode<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try decode(at: try index(of: column), as: type)
    }

    /// Decodes a column by position.
    public func decode<Value: PostgresDecodable>(at index: Int, as type: Value.Type = Value.self) throws -> Value {
        guard values.indices.contains(index) else {
            throw DatabaseError(code: .decoding, message: "no column at index \(index)", query: columns.query)
        }
        do {
            guard let text = values[index] else { return try Value.decodeNull() }
            return try Value.decode(postgresText: text, type: columns.types[index])
        } catch let failure as PostgresDecodingFailure {
            throw DatabaseError(
                code: .decoding, message: "column \"\(columns.names[index])\" as \(Value.self): \(failure.reason)",
                column: columns.names[index], query: columns.query)
        }
    }

    private func index(of column: String) throws -> Int {
        guard let index = columns.index[column] else {
            throw DatabaseError(
                code: .decoding, message: "no column \"\(column)\" in result (columns: \(columns.names.joined(separator: ", ")))",
                column: column, query: columns.query)
        }
        return index
    }
}

/// Column names, types and the query that produced them, shared by all rows of a result.
final class ResultColumns: Sendable {
    let names: [String]
    let types: [PostgresType]
    let index: [String: Int]
    let query: String

    init(names: [String], types: [PostgresType], query: String) {
        self.names = names
        self.types = types
        self.query = query
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
        self.index = index
    }
}

/// The rows of a statement and the number of rows it affected.
public struct QueryResult: Sendable, RandomAccessCollection {
    /// The rows returned.
    public let rows: [Row]
    /// Rows inserted, updated or deleted (`PQcmdTuples`), or the number of rows returned.
    public let affectedRows: Int

    public var startIndex: Int { rows.startIndex }
    public var endIndex: Int { rows.endIndex }
    public subscript(position: Int) -> Row { rows[position] }

    /// The only row; throws when there are none or several.
    public func single() throws -> Row {
        guard rows.count == 1 else {
            throw DatabaseError(code: .decoding, message: "expected exactly one row, got \(rows.count)", query: rows.first?.columns.query)
        }
        return rows[0]
    }
}
