import Foundation

/// Splits CSV text into rows of fields, reading its UTF-8 bytes: the rules of SwiftCSV's parser (which the NTM import
/// used, character by character) at a fraction of its cost on files of a few hundred thousand lines (issue 15).
///
/// The same state machine as SwiftCSV's `ParsingState`: whitespace before a field is skipped, a quoted field may hold
/// the delimiter, line breaks and doubled quotes, and a quote inside an unquoted field must be doubled. `\r\n` is one
/// line break (as the import read it, after turning CRLF into LF, also inside quotes); a leading byte-order mark is
/// dropped. Unicode line separators (U+0085, U+2028, U+2029) end a row and Unicode spaces are skipped before a field,
/// as `Character.isNewline`/`isWhitespace` do. Row n of the result is line n + 1 of a file without quoted line breaks.
enum CSVFields {
    /// A quote where CSV allows none; SwiftCSV's wording.
    struct QuotationError: Error, CustomStringConvertible {
        var character: String
        var description: String { "quotation(message: \"Can't have non-quote here: \(character)\")" }
    }

    /// Every row (the header first), each field as written, not trimmed.
    static func rows(_ text: String) throws -> [[String]] {
        var text = text
        return try text.withUTF8 { try rows(bytes: $0) }
    }

    private enum State {
        case atStart, field, quoted
    }

    static func rows(bytes: UnsafeBufferPointer<UInt8>) throws -> [[String]] {
        var rows: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(64)
        var state = State.atStart
        var innerQuotes = false
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let count = bytes.count

        func finishField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func finishRow() {
            finishField()
            rows.append(fields)
            fields = []
            fields.reserveCapacity(8)
        }

        while index < count {
            // One Unicode scalar: its bytes and, for the classes the parser tells apart, what it is.
            let lead = bytes[index]
            var length = 1
            if lead >= 0x80 { length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1 }
            length = min(length, count - index)
            // CRLF counts as one line break.
            if lead == 0x0D, index + 1 < count, bytes[index + 1] == 0x0A {
                index += 1
                continue
            }
            let isQuote = lead == 0x22
            let isComma = lead == 0x2C
            let (isNewline, isWhitespace) = Self.classify(bytes, at: index, length: length)
            let scalar = UnsafeBufferPointer(rebasing: bytes[index..<(index + length)])
            index += length

            switch state {
            case .atStart:
                if isQuote {
                    state = .quoted
                } else if isComma {
                    finishField()
                } else if isNewline {
                    finishRow()
                } else if isWhitespace {
                    // Whitespace between fields is skipped.
                } else {
                    state = .field
                    field.append(contentsOf: scalar)
                }
            case .field:
                if innerQuotes {
                    guard isQuote else { throw QuotationError(character: String(decoding: scalar, as: UTF8.self)) }
                    field.append(0x22)
                    innerQuotes = false
                } else if isQuote {
                    innerQuotes = true
                } else if isComma {
                    state = .atStart
                    finishField()
                } else if isNewline {
                    state = .atStart
                    finishRow()
                } else {
                    field.append(contentsOf: scalar)
                }
            case .quoted:
                if innerQuotes {
                    if isQuote {
                        field.append(0x22)
                        innerQuotes = false
                    } else if isComma {
                        state = .atStart
                        innerQuotes = false
                        finishField()
                    } else if isNewline {
                        state = .atStart
                        innerQuotes = false
                        finishRow()
                    } else if isWhitespace {
                        // Whitespace after the closing quote is skipped.
                    } else {
                        throw QuotationError(character: String(decoding: scalar, as: UTF8.self))
                    }
                } else if isQuote {
                    innerQuotes = true
                } else {
                    field.append(contentsOf: scalar)
                }
            }
        }
        // What is left after the last line break.
        if !field.isEmpty { finishField() }
        if !fields.isEmpty { rows.append(fields) }
        return rows
    }

    /// Whether the scalar at `index` is a line break or whitespace, as `Character.isNewline` / `isWhitespace` say.
    @inline(__always)
    private static func classify(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> (newline: Bool, whitespace: Bool) {
        let lead = bytes[index]
        if lead < 0x80 {
            let newline = lead >= 0x0A && lead <= 0x0D
            return (newline, newline || lead == 0x09 || lead == 0x20)
        }
        var value: UInt32
        switch length {
        case 2: value = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        case 3: value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
        case 4:
            value = UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                | UInt32(bytes[index + 3] & 0x3F)
        default: return (false, false)
        }
        guard let scalar = Unicode.Scalar(value) else { return (false, false) }
        let newline = value == 0x85 || value == 0x2028 || value == 0x2029
        return (newline, newline || scalar.properties.isWhitespace)
    }

    /// `text` without the spaces and tabs around it — `trimmingCharacters(in: .whitespaces)` — without Foundation
    /// when both ends are plain ASCII (nearly every cell).
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
        let plain = { (byte: UInt8) in byte < 0x80 && byte != 0x20 && byte != 0x09 }
        if plain(first) && plain(last) { return text }
        if first < 0x80 && last < 0x80 {
            // ASCII at both ends: only spaces and tabs to drop, unless what is left ends in other Unicode spaces.
            var start = utf8.startIndex
            var end = utf8.endIndex
            while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start = utf8.index(after: start) }
            while end > start, utf8[utf8.index(before: end)] == 0x20 || utf8[utf8.index(before: end)] == 0x09 { end = utf8.index(before: end) }
            if start == end { return "" }
            if utf8[start] < 0x80 && utf8[utf8.index(before: end)] < 0x80 { return String(decoding: utf8[start..<end], as: UTF8.self) }
        }
        return text.trimmingCharacters(in: .whitespaces)
    }
}
