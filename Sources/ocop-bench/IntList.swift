import Foundation
import ArgumentParser

/// A comma-separated list of integers on the command line: `--clients 1,4,16`.
struct IntList: ExpressibleByArgument, Sendable, CustomStringConvertible {
    var values: [Int]

    init(_ values: [Int]) { self.values = values }

    init?(argument: String) {
        let parts = argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let numbers = parts.compactMap { Int($0) }
        guard !numbers.isEmpty, numbers.count == parts.count, numbers.allSatisfy({ $0 > 0 }) else { return nil }
        values = numbers
    }

    var description: String { values.map(String.init).joined(separator: ",") }
    var defaultValueDescription: String { description }
}
