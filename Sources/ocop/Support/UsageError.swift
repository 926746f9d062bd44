import ArgumentParser
import Foundation

/// Command-line usage errors (a missing option, an unknown one, a value that does not parse) in the user's language:
/// the argument parser words them in English; this says the same in Vietnamese, keeping its exit code (64) and the
/// usage lines. Help and version output are left as they are.
enum UsageError {
    /// Parses and runs the command; a usage error is printed in `--lang` / `$OCOP_LANG` (default Vietnamese).
    static func main<Root: AsyncParsableCommand>(_ root: Root.Type, arguments: [String] = Array(CommandLine.arguments.dropFirst())) async {
        do {
            var command = try root.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = root.exitCode(for: error)
            guard code != .success, language(arguments) == .vi else { root.exit(withError: error) }
            let message = translate(root.fullMessage(for: error))
            FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
            Foundation.exit(code.rawValue)
        }
    }

    /// `--lang X` / `--lang=X` on the line, else `$OCOP_LANG`, else Vietnamese.
    static func language(_ arguments: [String]) -> Language {
        for (index, argument) in arguments.enumerated() {
            if argument == "--lang", index + 1 < arguments.count, let language = Language(rawValue: arguments[index + 1]) { return language }
            if argument.hasPrefix("--lang="), let language = Language(rawValue: String(argument.dropFirst("--lang=".count))) { return language }
        }
        return ProcessInfo.processInfo.environment["OCOP_LANG"].flatMap(Language.init(rawValue:)) ?? .vi
    }

    /// The parser's English sentences, said in Vietnamese; anything unknown is kept as written.
    static func translate(_ english: String) -> String {
        var text = english
        let patterns: [(String, String)] = [
            (#"^Error: Missing expected argument '([^']*)'"#, "ocop: lỗi: thiếu tham số bắt buộc '$1'"),
            (#"^Error: Missing value for '([^']*)'"#, "ocop: lỗi: thiếu giá trị cho '$1'"),
            (#"^Error: Unknown option '([^']*)'"#, "ocop: lỗi: không có tùy chọn '$1'"),
            (#"^Error: Unexpected arguments? '([^']*)'"#, "ocop: lỗi: tham số thừa '$1'"),
            (#"^Error: Unexpected arguments? (.*)$"#, "ocop: lỗi: tham số thừa $1"),
            (#"^Error: The value '([^']*)' is invalid for '([^']*)'"#, "ocop: lỗi: giá trị '$1' không hợp lệ cho '$2'"),
            (#"^Error: Missing expected arguments? (.*)$"#, "ocop: lỗi: thiếu tham số bắt buộc $1"),
            (#"^Error: (.*)$"#, "ocop: lỗi: $1"),
            (#"^Help:  "#, "Trợ giúp:  "),
            (#"^Help: "#, "Trợ giúp: "),
            (#"^Usage: "#, "Cách dùng: "),
            (#"^  See '([^']*)' for more information\."#, "  Xem '$1' để biết thêm."),
            (#"Please provide one of '([^']*)'"#, "Hãy cho một trong '$1'"),
        ]
        text = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = String(line)
            for (pattern, replacement) in patterns {
                let range = NSRange(line.startIndex..., in: line)
                guard let regex = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]),
                    regex.firstMatch(in: line, range: range) != nil
                else { continue }
                line = regex.stringByReplacingMatches(in: line, range: range, withTemplate: replacement)
                if pattern.hasPrefix("^Error") { break }
            }
            return line
        }.joined(separator: "\n")
        return text
    }
}
