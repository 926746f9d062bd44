import Foundation

/// Small files of each kind a dossier accepts (and some it refuses), made byte by byte, for the document tests of
/// every door.
public enum SampleFiles {
    /// A minimal PDF; `tag` makes distinct contents.
    public static func pdf(_ tag: String = "") -> [UInt8] {
        Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% \(tag)\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
    }

    /// The PNG signature and an IHDR chunk start.
    public static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]

    /// A JPEG start of image and APP0 marker.
    public static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9]

    /// A Windows executable's first bytes ("MZ").
    public static let exe: [UInt8] = Array("MZ".utf8) + [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF] + Array(repeating: 0, count: 48)

    /// A DOCX: a ZIP holding `word/document.xml`.
    public static var docx: [UInt8] {
        zip(["[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"])
    }

    /// An XLSX: a ZIP holding `xl/workbook.xml`.
    public static var xlsx: [UInt8] {
        zip(["[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"])
    }

    /// A ZIP of stored (uncompressed) entries, names in sorted order.
    public static func zip(_ entries: [String: String]) -> [UInt8] {
        func u16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func u32(_ value: UInt32) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24 & 0xFF)] }
        var body: [UInt8] = []
        var central: [UInt8] = []
        for name in entries.keys.sorted() {
            let data = Array(entries[name]!.utf8)
            let nameBytes = Array(name.utf8)
            let crc = crc32(data)
            let size = UInt32(data.count)
            let offset = UInt32(body.count)
            // Local file header: signature, version, flags, method (stored), time, date, CRC, sizes, name and extra lengths.
            var local: [UInt8] = u32(0x0403_4B50)
            local += u16(20) + u16(0) + u16(0)
            local += u16(0) + u16(0)
            local += u32(crc) + u32(size) + u32(size)
            local += u16(nameBytes.count) + u16(0)
            body += local + nameBytes + data
            // Central directory entry: as above plus version made by, comment, disk, attributes and the header's offset.
            var entry: [UInt8] = u32(0x0201_4B50)
            entry += u16(20) + u16(20) + u16(0) + u16(0)
            entry += u16(0) + u16(0)
            entry += u32(crc) + u32(size) + u32(size)
            entry += u16(nameBytes.count) + u16(0) + u16(0)
            entry += u16(0) + u16(0) + u32(0)
            entry += u32(offset)
            central += entry + nameBytes
        }
        var end: [UInt8] = u32(0x0605_4B50)
        end += u16(0) + u16(0) + u16(entries.count) + u16(entries.count)
        end += u32(UInt32(central.count)) + u32(UInt32(body.count)) + u16(0)
        return body + central + end
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
