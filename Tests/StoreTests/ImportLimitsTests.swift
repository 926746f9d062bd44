@testable import Store
import Testing

/// The row limit of imports counts CSV records as the parsers read them, before any parsing.
@Suite("imports: rows counted before parsing")
struct ImportLimitsTests {
    @Test(arguments: [
        ("h\n", 0), ("h\na\nb\n", 2), ("h\r\na\r\nb", 2), ("h\n\n,,,\n  \na\n", 1),
        ("h\n\"two\nlines\",x\nb\n", 2), ("\u{FEFF}h,i\n\"a,\"\"b\"\"\",c\n", 1), ("", 0),
    ])
    func dataRows(_ text: String, _ expected: Int) {
        #expect(ImportLimits.dataRows(text, stoppingAfter: 1_000) == expected, "\(text.debugDescription)")
    }

    @Test func countingStopsSoonAfterTheLimit() {
        let text = "h\n" + String(repeating: "a\n", count: 100_000)
        let counted = ImportLimits.dataRows(text, stoppingAfter: 10)
        #expect(counted > 10 && counted <= 12)
    }
}
