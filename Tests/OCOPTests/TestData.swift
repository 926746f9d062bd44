import Foundation
import OCOP
import Testing

/// Locates the repository's data files from this source file, so tests read the real YAML without SwiftPM resources.
enum TestData {
    /// The repository root: Tests/OCOPTests/TestData.swift → ../../
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A folder under `workflows/`.
    static func workflows(_ folder: String) -> URL {
        repositoryRoot.appendingPathComponent("workflows").appendingPathComponent(folder)
    }

    /// A file under `workflows/`.
    static func file(_ folder: String, _ name: String) -> URL {
        workflows(folder).appendingPathComponent(name)
    }

    /// The text of a data file, to build broken fixtures by changing one line of a real file.
    static func text(_ folder: String, _ name: String) throws -> String {
        try String(contentsOf: file(folder, name), encoding: .utf8)
    }

    /// Loaded once per test process: parsing YAML in every parameterised case would dominate the run.
    private static let ruleSetCatalog = Result { try RuleSetCatalog.load(directory: workflows("rulesets")) }

    static func ruleSets() throws -> RuleSetCatalog {
        try ruleSetCatalog.get()
    }

    static func ruleSet(_ id: String) throws -> RuleSet {
        try ruleSets().ruleSet(id: id)
    }
}

/// A date from ISO text; fails the test rather than trapping when the literal is wrong.
func day(_ iso: String) throws -> LocalDate {
    try #require(LocalDate(iso: iso))
}

/// A decimal from its text; never from a floating-point literal, which would already be inexact.
func dec(_ text: String) throws -> Decimal {
    try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
}

/// The 1-based line of the first line of `text` containing `needle`, for checking error locations.
func line(of needle: String, in text: String) throws -> Int {
    let lines = text.components(separatedBy: "\n")
    let index = try #require(lines.firstIndex { $0.contains(needle) }, "fixture has no line containing \(needle)")
    return index + 1
}

/// Replaces exactly one occurrence, so a fixture edit that silently misses is a test failure.
func replacingOnce(_ text: String, _ old: String, _ new: String) throws -> String {
    let parts = text.components(separatedBy: old)
    try #require(parts.count == 2, "expected exactly one '\(old)' in the fixture")
    return parts.joined(separator: new)
}

/// Runs `body` and returns the error of type `E` it throws, recording an issue when it throws nothing or something else.
func capture<E: Error>(_ type: E.Type, _ body: () throws -> Void) throws -> E {
    do {
        try body()
    } catch let error as E {
        return error
    } catch {
        Issue.record("expected \(E.self), got \(error)")
        throw error
    }
    Issue.record("expected \(E.self), nothing was thrown")
    throw CancellationError()
}
