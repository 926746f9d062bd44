import Foundation

/// The kinds of file a dossier accepts, recognised by their content (magic bytes; for DOCX and XLSX, the ZIP container's
/// central directory must hold `word/document.xml` resp. `xl/workbook.xml`), never by the name alone.
public enum DocumentKind: String, Sendable, CaseIterable, Codable {
    case pdf, jpeg, png, docx, xlsx

    /// The media type sent with a download.
    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }

    /// The file name extensions (lower case, no dot) this kind may carry.
    public var extensions: [String] {
        switch self {
        case .pdf: ["pdf"]
        case .jpeg: ["jpg", "jpeg"]
        case .png: ["png"]
        case .docx: ["docx"]
        case .xlsx: ["xlsx"]
        }
    }

    /// The name people know the kind by.
    public var displayName: String {
        switch self {
        case .pdf: "PDF"
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .docx: "DOCX (Word)"
        case .xlsx: "XLSX (Excel)"
        }
    }

    /// Every accepted extension, for messages: ".pdf, .jpg, .jpeg, .png, .docx, .xlsx".
    public static var acceptedExtensions: String { allCases.flatMap(\.extensions).map { "." + $0 }.joined(separator: ", ") }

    /// The kind whose extensions include the file name's, or nil.
    public static func declared(byFileName name: String) -> DocumentKind? {
        let ext = (name as NSString).pathExtension.lowercased()
        return allCases.first { $0.extensions.contains(ext) }
    }

    /// The kind the bytes are, or nil when they are none of the accepted kinds.
    public static func detect(_ bytes: [UInt8]) -> DocumentKind? {
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), let names = ZipDirectory.entryNames(bytes) {
            if names.contains("word/document.xml") { return .docx }
            if names.contains("xl/workbook.xml") { return .xlsx }
        }
        return nil
    }
}

/// Reads the names in a ZIP file's central directory (APPNOTE 4.3.12, 4.3.16), enough to tell a DOCX from an XLSX
/// from any other ZIP. Nothing is decompressed.
enum ZipDirectory {
    /// The entry names, or nil when the bytes are not a readable ZIP.
    static func entryNames(_ bytes: [UInt8]) -> [String]? {
        // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
        guard bytes.count >= 22 else { return nil }
        let lowest = max(0, bytes.count - 22 - 65_535)
        var end: Int?
        var index = bytes.count - 22
        while index >= lowest {
            if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x05, bytes[index + 3] == 0x06 {
                end = index
                break
            }
            index -= 1
        }
        guard let end else { return nil }
        let count = Int(u16(bytes, end + 10))
        var offset = Int(u32(bytes, end + 16))
        var names: [String] = []
        for _ in 0..<count {
            guard offset + 46 <= bytes.count, u32(bytes, offset) == 0x0201_4B50 else { return nil }
            let nameLength = Int(u16(bytes, offset + 28))
            let extraLength = Int(u16(bytes, offset + 30))
            let commentLength = Int(u16(bytes, offset + 32))
            guard offset + 46 + nameLength <= bytes.count else { return nil }
            names.append(String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self))
            offset += 46 + nameLength + extraLength + commentLength
        }
        return names
    }

    private static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        guard at + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        guard at + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
