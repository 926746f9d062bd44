import Foundation
import OCOP
import Testing

/// Amounts as officers type them (DOMAIN §10): "30.000.000" is thirty million, never 30.
@Suite("money in whole đồng")
struct MoneyTests {
    @Test(
        "every way officers write thirty million reads as 30.000.000 đ",
        arguments: [
            "30.000.000", "30,000,000", "30000000", "30 000 000", "30 triệu", "30triệu", "30tr", "30 tr", "30 TRIỆU", "30.000.000 đ",
            "30.000.000đ", "30.000.000 đồng", "30,000,000 VND", "30.000.000 ₫", "30000 nghìn", "30000k", "0,03 tỷ", "30.000.000,00",
            "30,000,000.00", " 30.000.000 ", "30\u{a0}000\u{a0}000",
        ])
    func thirtyMillion(_ text: String) throws {
        #expect(try VND.parse(text) == 30_000_000, "\(text)")
    }

    @Test(
        "fractions of a unit word are exact",
        arguments: [("1,5 triệu", 1_500_000), ("1.5tr", 1_500_000), ("2,25 tỷ", 2_250_000_000), ("0,5 nghìn", 500), ("2 tỉ", 2_000_000_000)]
            as [(String, Int64)])
    func fractions(_ text: String, _ dong: Int64) throws {
        #expect(try VND.parse(text).dong == dong)
    }

    @Test(
        "what could mean two things, or is not money, is refused",
        arguments: [
            "", "đ", "tr", "-30.000.000", "30.5", "30,5", "30.00.000", "1.500 triệu", "1,500tr", "30.000,000", "30.000.000,5", "ba mươi triệu",
            "30$", "1e6", "0,0000000005 tỷ", "99999999999999999999", "2000000 tỷ", "30..000", ",300", "300,",
        ])
    func refused(_ text: String) {
        #expect(throws: VND.ParseError.self, "\(text)") { try VND.parse(text) }
    }

    @Test("the message names the text and shows the accepted forms, in both languages")
    func message() {
        do {
            _ = try VND.parse("30.5")
            Issue.record("accepted 30.5")
        } catch {
            #expect(error.message.vi.contains("\"30.5\"") && error.message.vi.contains("30 triệu"))
            #expect(error.message.en.contains("whole đồng"))
        }
    }

    @Test("display: 30.000.000 đ in Vietnamese, 30,000,000 VND in English")
    func display() {
        #expect(VND(30_000_000).text.vi == "30.000.000 đ")
        #expect(VND(30_000_000).text.en == "30,000,000 VND")
        #expect(VND(0).text.vi == "0 đ")
        #expect(VND(999).text.vi == "999 đ")
        #expect(VND(1_000).text.vi == "1.000 đ")
    }

    @Test("what is displayed reads back to the same amount (random amounts, both languages)", arguments: Array(UInt64(1)...8))
    func roundTrip(seed: UInt64) throws {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        for _ in 0..<500 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let dong = Int64(state >> 14) % VND.maximum.dong
            let amount = VND(dong)
            #expect(try VND.parse(amount.text.vi) == amount, "\(amount.text.vi)")
            #expect(try VND.parse(amount.text.en) == amount, "\(amount.text.en)")
            #expect(try VND.parse("\(dong)") == amount)
        }
    }

    @Test("no text crashes the parser (random characters from the money alphabet)", arguments: Array(UInt64(1)...4))
    func fuzz(seed: UInt64) {
        let alphabet = Array("0123456789.,  -+trệuiỷỉknghìđồVND₫\u{0}\u{a0}x")
        var state = seed
        for _ in 0..<3000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for index in 0..<Int(state >> 60) + 1 {
                let pick = Int((state >> UInt64(index % 50)) % UInt64(alphabet.count))
                text.append(alphabet[pick])
            }
            if let value = try? VND.parse(text) {
                #expect(value.dong >= 0 && value <= VND.maximum, "\(text)")
            }
        }
    }
}
