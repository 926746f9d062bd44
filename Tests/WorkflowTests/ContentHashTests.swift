import Foundation
import Testing
@testable import Workflow

@Suite("content hashes (SHA-256, hex)")
struct ContentHashTests {
    @Test("NIST FIPS 180-4 example vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func vectors(input: String, expected: String) {
        #expect(ContentHash.hex(Array(input.utf8)) == expected)
    }

    @Test("a definition's content hash is the SHA-256 of its bytes, and changes with one byte")
    func contentHash() throws {
        let url = Fixtures.directory.appendingPathComponent("valid/mini.yaml")
        let bytes = try Data(contentsOf: url)
        let definition = try Fixtures.load("valid/mini.yaml")
        #expect(definition.contentHash == ContentHash.hex(bytes))
        var edited = bytes
        edited.append(UInt8(ascii: "\n"))
        let other = try WorkflowDefinition.load(path: "valid/mini.yaml", source: edited, guards: .builtIn)
        #expect(other.contentHash != definition.contentHash)
        #expect(definition.contentHash.count == 64)
    }
}
