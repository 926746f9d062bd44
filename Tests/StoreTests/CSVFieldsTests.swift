import Foundation
import Testing

@testable import Store

/// The NTM import's CSV reader on bytes (issue 15) keeps the rules of SwiftCSV, which it replaces there: the same
/// rows for quotes, doubled quotes, line breaks in quotes, CRLF, a byte-order mark, blank lines and a missing last
/// line break; the same refusal of a stray quote.
@Suite("CSV fields: SwiftCSV's rules on bytes")
struct CSVFieldsTests {
    @Test("rows and fields as SwiftCSV splits them", arguments: [
        ("a,b\n1,2\n", [["a", "b"], ["1", "2"]]),
        ("\u{FEFF}a,b\r\n1, 2 \r\n", [["a", "b"], ["1", "2 "]]),
        ("a\n\"x, y\",\"he said \"\"hi\"\"\"\n", [["a"], ["x, y", "he said \"hi\""]]),
        ("\"l1\r\nl2\",z\n", [["l1\nl2", "z"]]),
        ("a,b\n1,", [["a", "b"], ["1"]]),
        ("a,b\n1,x", [["a", "b"], ["1", "x"]]),
        ("a\n\nb\n", [["a"], [""], ["b"]]),
        ("\u{00A0}x,\ty\n", [["x", "y"]]),
        ("a\u{2028}b", [["a"], ["b"]]),
        ("xã,đạt ,cơ bản đạt\n", [["xã", "đạt ", "cơ bản đạt"]]),
        ("\"q\" ,r\n", [["q", "r"]]),
        ("a\rb\n", [["a"], ["b"]]),
        ("", []),
    ] as [(String, [[String]])])
    func rows(text: String, expected: [[String]]) throws {
        #expect(try CSVFields.rows(text) == expected)
    }

    @Test("a quote inside an unquoted field, or text after a closing quote, is refused")
    func strayQuotes() {
        #expect(throws: CSVFields.QuotationError.self) { try CSVFields.rows("a\nx\"y\n") }
        #expect(throws: CSVFields.QuotationError.self) { try CSVFields.rows("\"a\"b\n") }
    }

    @Test("trimming: Foundation's whitespace set, fast on ASCII ends")
    func trimming() {
        for text in ["", " ", "a", " a ", "\ta b\t", "đạt", " đạt ", "\u{00A0}x\u{00A0}", "x\u{00A0} ", " \u{3000}", "a\u{2003}"] {
            #expect(CSVFields.trimmed(text) == text.trimmingCharacters(in: .whitespaces), "\(text.unicodeScalars.map { $0.value })")
        }
    }
}
