import Basics
import Foundation

/// Text forms of `date` and `timestamptz` as the server writes them with `DateStyle = ISO` and `TimeZone = UTC`.
///
/// Hand-written instead of `DateFormatter`: it is exact to the microsecond, locale-free and fast.
enum PostgresDateFormat {
    /// `2022-11-28 07:00:00.123456+00`.
    static func timestamptzText(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 {
            rest += 86_400_000_000
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        let seconds = rest / 1_000_000
        let fraction = rest % 1_000_000
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if fraction != 0 { text += "." + pad(fraction, 6) }
        return text + "+00"
    }

    /// Parses `yyyy-mm-dd`, `yyyy-mm-dd hh:mm:ss[.ffffff][±hh[:mm]]`, or the same with `T`; a value without an
    /// offset is taken as UTC (the session's time zone).
    static func parse(_ text: String) -> Date? {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(digits: 4), scanner.skip("-"), let month = scanner.number(digits: 2),
            scanner.skip("-"), let day = scanner.number(digits: 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var micros = days(fromCivil: year, month, day) * 86_400_000_000
        if scanner.atEnd { return Date(timeIntervalSince1970: Double(micros) / 1_000_000) }
        guard scanner.skip(" ") || scanner.skip("T"), let hour = scanner.number(digits: 2), scanner.skip(":"),
            let minute = scanner.number(digits: 2), scanner.skip(":"), let second = scanner.number(digits: 2)
        else { return nil }
        micros += (hour * 3600 + minute * 60 + second) * 1_000_000
        if scanner.skip(".") {
            var scale: Int64 = 100_000
            var any = false
            while let digit = scanner.digit() {
                micros += digit * scale
                scale /= 10
                any = true
            }
            guard any else { return nil }
        }
        if scanner.skip("Z") {
            // UTC
        } else if let sign = scanner.sign() {
            guard let offsetHours = scanner.number(digits: 2) else { return nil }
            var offset = offsetHours * 3600
            if scanner.skip(":"), let offsetMinutes = scanner.number(digits: 2) { offset += offsetMinutes * 60 }
            if scanner.skip(":"), let offsetSeconds = scanner.number(digits: 2) { offset += offsetSeconds }
            micros -= sign * offset * 1_000_000
        }
        guard scanner.atEnd else { return nil }
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    // The civil-date arithmetic is Basics' (Hinnant's algorithms), shared with every date of the application.
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        Int64(LocalDate.dayNumber(year: Int(year), month: Int(month), day: Int(day)))
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let date = LocalDate(dayNumber: Int(days))
        return (Int64(date.year), Int64(date.month), Int64(date.day))
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A cursor over ASCII bytes for the date parser.
private struct DigitScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func skip(_ character: Character) -> Bool {
        guard index < bytes.count, let ascii = character.asciiValue, bytes[index] == ascii else { return false }
        index += 1
        return true
    }

    mutating func digit() -> Int64? {
        guard index < bytes.count, (48...57).contains(bytes[index]) else { return nil }
        defer { index += 1 }
        return Int64(bytes[index] - 48)
    }

    mutating func number(digits count: Int) -> Int64? {
        var value: Int64 = 0
        for _ in 0..<count {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    mutating func sign() -> Int64? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}
