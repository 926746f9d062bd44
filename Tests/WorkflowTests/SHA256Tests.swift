import Foundation
import Testing
@testable import Workflow

@Suite("SHA-256")
struct SHA256Tests {
    @Test("NIST FIPS 180-4 example vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func vectors(input: String, expected: String) {
        #expect(SHA256.hex(Array(input.utf8)) == expected)
    }

    @Test("one million 'a' (multi-block, fed in uneven chunks)")
    func million() {
        var hasher = SHA256()
        var remaining = 1_000_000
        var chunk = 1
        while remaining > 0 {
            let size = min(chunk, remaining)
            hasher.update(repeatElement(UInt8(ascii: "a"), count: size))
            remaining -= size
            chunk = chunk % 997 + 13
        }
        let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        #expect(hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("padding edges: 55, 56 and 64 bytes (one or two final blocks)")
    func paddingEdges() {
        // Known values computed with sha256sum for "a" * n.
        let expected = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
        ]
        for (count, hex) in expected {
            #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: count)) == hex, "n = \(count)")
        }
    }

    @Test("a definition's content hash is the SHA-256 of its bytes, and changes with one byte")
    func contentHash() throws {
        let url = Fixtures.directory.appendingPathComponent("valid/mini.yaml")
        let bytes = try Data(contentsOf: url)
        let definition = try Fixtures.load("valid/mini.yaml")
        #expect(definition.contentHash == SHA256.hex(bytes))
        var edited = bytes
        edited.append(UInt8(ascii: "\n"))
        let other = try WorkflowDefinition.load(path: "valid/mini.yaml", source: edited, guards: .builtIn)
        #expect(other.contentHash != definition.contentHash)
        #expect(definition.contentHash.count == 64)
    }
}
