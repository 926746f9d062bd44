import Foundation

/// E-mail through the host's `sendmail` interface (Debian's msmtp-mta, postfix, exim all provide it): the message,
/// with its headers, on standard input of `sendmail -t -i`; exit status 0 means the mail system took it.
///
/// The subject is encoded as RFC 2047 words (UTF-8, base64), the body is UTF-8 in base64, so Vietnamese arrives intact
/// through any relay.
public struct SendmailChannel: OutboxChannel {
    /// The command and its arguments, split on spaces (`OCOP_SENDMAIL`, default `/usr/sbin/sendmail -t -i`).
    public var command: [String]
    /// The sender (`OCOP_MAIL_FROM`, default `ocop@localhost`).
    public var from: String
    /// How long sendmail may take before it is killed and the attempt counts as failed.
    public var timeout: TimeInterval

    public var name: String { "email" }

    /// The default command.
    public static let defaultCommand = "/usr/sbin/sendmail -t -i"

    /// Creates the channel.
    public init(command: String = Self.defaultCommand, from: String = "ocop@localhost", timeout: TimeInterval = 60) {
        self.command = command.split(separator: " ").map(String.init)
        self.from = from
        self.timeout = timeout
    }

    /// A sendmail that exits before reading its input must fail the attempt, not kill the process with SIGPIPE.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    public func deliver(_ message: OutboxMessage) throws {
        Self.ignoreBrokenPipes
        guard let program = command.first else { throw OutboxDeliveryError("OCOP_SENDMAIL is empty") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program.hasPrefix("/") ? program : "/usr/bin/env")
        process.arguments = program.hasPrefix("/") ? Array(command.dropFirst()) : command
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            try process.run()
        } catch {
            throw OutboxDeliveryError("cannot run \(program): \(error.localizedDescription)")
        }
        let data = Data(Self.render(message, from: from, date: Date()).utf8)
        try? input.fileHandleForWriting.write(contentsOf: data)
        try? input.fileHandleForWriting.close()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = done.wait(timeout: .now() + 5)
            throw OutboxDeliveryError("\(program) did not finish within \(Int(timeout)) s")
        }
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let detail = stderr.split(separator: "\n").last.map(String.init) ?? ""
            throw OutboxDeliveryError("\(program) exited with status \(process.terminationStatus) \(detail)".trimmingCharacters(in: .whitespaces))
        }
    }

    // MARK: - The message

    /// The whole message, headers and body, with LF line ends (the sendmail interface's convention).
    static func render(_ message: OutboxMessage, from: String, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let headers = [
            "From: \(encodedWords("OCOP")) <\(from)>",
            "To: <\(message.address)>",
            "Subject: \(encodedWords(message.subject))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(message.deliveryID.uuidString.lowercased())@ocop>",
            "X-OCOP-Delivery: \(message.deliveryID.uuidString.lowercased())",
            "Content-Language: \(message.language)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
        ]
        let body = message.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        return headers.joined(separator: "\n") + "\n\n" + encoded + "\n"
    }

    /// RFC 2047 encoded words (`=?UTF-8?B?…?=`), each at most 75 characters and never splitting a character, folded
    /// onto continuation lines. Plain ASCII without specials is left as it is.
    static func encodedWords(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f }) && !text.contains("=?") && text.count <= 60 {
            return text
        }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\n ")
    }
}
