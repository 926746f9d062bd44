import Foundation
import Testing
import Workflow

/// Paths and helpers shared by the tests; fixtures are found next to this file, since the package declares no resources.
enum Fixtures {
    /// `Tests/WorkflowTests/Fixtures`; symlinks resolved so a package that links this folder in still finds the repository.
    static let directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The repository root, for `workflows/calendars/vn-holidays.yaml`.
    static let repositoryRoot = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Loads `Fixtures/<relative>` with the built-in guards, showing the relative path in errors.
    static func load(_ relative: String, guards: GuardRegistry = .builtIn) throws(DefinitionErrors) -> WorkflowDefinition {
        try WorkflowDefinition.load(contentsOf: directory.appendingPathComponent(relative), displayPath: relative, guards: guards)
    }

    /// The errors a broken fixture produces; records an issue when it loads.
    static func errors(_ relative: String, guards: GuardRegistry = .builtIn) -> [DefinitionError] {
        do {
            let definition = try load(relative, guards: guards)
            Issue.record("\(relative) loaded as \(definition.name) but should not")
            return []
        } catch {
            return error.errors
        }
    }

    /// The holiday calendar shipped in `workflows/calendars`.
    static func vietnamCalendar() throws -> WorkingCalendar {
        try WorkingCalendar.load(
            contentsOf: repositoryRoot.appendingPathComponent("workflows/calendars/vn-holidays.yaml"),
            displayPath: "workflows/calendars/vn-holidays.yaml"
        )
    }

    /// An instant given as Vietnamese local time, e.g. `at("2022-11-28", 9)` for 09:00 in Hà Tĩnh.
    static func at(_ day: String, _ hour: Int = 9, _ minute: Int = 0) -> Date {
        VietnamTime.startOfDay(LocalDate(iso: day)!).addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
    }

    /// A date from `yyyy-mm-dd`, trapping on bad test data.
    static func day(_ text: String) -> LocalDate {
        LocalDate(iso: text)!
    }
}

/// Actors used across the tests.
enum Actors {
    static let producer = WorkflowActor(id: "ct-1", roles: ["CT"])
    static let commune = WorkflowActor(id: "xa-1", roles: ["XA"], onBehalfOf: "ct-1")
    static let district = WorkflowActor(id: "huyen-1", roles: ["HUYEN"])
    static let province = WorkflowActor(id: "vpdpt-1", roles: ["VPDPT"])
    static let committee = WorkflowActor(id: "ubt-1", roles: ["UBT"])
}
