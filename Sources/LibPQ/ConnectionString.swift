internal import CLibPQ
import Foundation

/// Helpers over libpq's own conninfo parser, which reads both `key=value` strings and `postgres://` URLs.
public enum ConnectionString {
    /// The options a conninfo string or URL sets, as libpq parses them; throws on a malformed string.
    public static func parse(_ conninfo: String) throws -> [String: String] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "malformed connection string"
            if let errorMessage { PQfreemem(errorMessage) }
            throw DatabaseError(code: .connectionFailed, message: message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        defer { PQconninfoFree(options) }
        var result: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { result[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return result
    }

    /// The same connection with another database name, as a `key=value` string.
    public static func replacingDatabase(in conninfo: String, with database: String) throws -> String {
        var options = try parse(conninfo)
        options["dbname"] = database
        return options.sorted { $0.key < $1.key }.map { "\($0.key)='\(escape($0.value))'" }.joined(separator: " ")
    }

    /// A conninfo value with backslashes and single quotes escaped.
    public static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }
}
