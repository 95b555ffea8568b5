import ChildProcesses
import Foundation
import TourEngine

#if canImport(Glibc)
import Glibc
#endif

/// An Elixir block written as an iex session: `iex>` lines (with their `...>` continuation
/// lines), each followed by what iex printed. Lines before the first prompt (comments) are not
/// part of it.
///
/// Threading: an immutable value; safe to share between threads.
public struct IExSession: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The page line of the `iex>` prompt.
        public let line: Int
        /// The expression's lines, without prompts.
        public let input: [String]
        /// What the page shows iex printing for it.
        public let expected: [String]
    }

    public let entries: [Entry]

    /// The session in `block`, or nil when the block is not an iex session.
    public init?(block: PageCodeBlock) {
        guard block.isIExSession else { return nil }
        var entries: [Entry] = []
        var current: (line: Int, input: [String], expected: [String])?
        var inInput = false
        for (index, line) in block.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).enumerated() {
            if let input = IExPrompt.input(line) {
                if let current { entries.append(Entry(line: current.line, input: current.input, expected: current.expected)) }
                current = (block.pageLine(index + 1), [input], [])
                inInput = true
            } else if inInput, let more = IExPrompt.continuation(line) {
                current?.input.append(more)
            } else if current != nil {
                inInput = false
                current?.expected.append(line)
            }
        }
        if let current { entries.append(Entry(line: current.line, input: current.input, expected: current.expected)) }
        self.entries = entries
    }

    /// What iex printed for each expression, from the transcript of `iex` reading the session's
    /// input on its standard input (no terminal: no echo, prompts `iex(N)> ` and `...(N)> `).
    /// Nil when iex read a different number of expressions than the session has.
    public func outputs(fromTranscript transcript: String) -> [String]? {
        // iex(3)> and ...(3)>, or on a distributed iex iex(name@host)3> and ...(name@host)3>.
        let prompt = try! Regex(#"(iex|\.\.\.)\((\d+\)|[^()\s]*\)\d+)> "#)
        var outputs: [String] = []
        let matches = transcript.matches(of: prompt)
        for (index, match) in matches.enumerated() {
            let end = index + 1 < matches.count ? matches[index + 1].range.lowerBound : transcript.endIndex
            let text = String(transcript[match.range.upperBound..<end])
            if transcript[match.range].hasPrefix("iex") || outputs.isEmpty {
                outputs.append(text)
            } else {
                outputs[outputs.count - 1] += text
            }
        }
        // iex prompts once more before it reads the end of its input.
        guard outputs.count == entries.count + 1 else { return nil }
        return Array(outputs.dropLast())
    }

    /// The host the session's node names use (`vm` in `:"swift@vm"`), or nil when its input
    /// names no `swift@` node.
    public var swiftNodeHost: String? {
        for line in entries.flatMap(\.input) {
            guard let at = line.range(of: "swift@") else { continue }
            let host = line[at.upperBound...].prefix(while: Self.isHostCharacter)
            if !host.isEmpty { return String(host) }
        }
        return nil
    }

    static func isHostCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "_" }

    /// `text` with every node name on `from` (`name@from`, not a longer host) on `to` instead.
    public static func replacingHost(_ from: String, with to: String, in text: String) -> String {
        guard from != to else { return text }
        var result = ""
        var rest = Substring(text)
        while let at = rest.range(of: "@" + from) {
            let after = rest[at.upperBound...]
            result += rest[..<at.lowerBound]
            if let next = after.first, isHostCharacter(next) {
                result += rest[at]
            } else {
                result += "@" + to
            }
            rest = after
        }
        return result + rest
    }

    /// Whether `actual` (what iex printed) is what the page shows, both normalised as example
    /// outputs are (pids, references and ports). An error's stack trace may be left out on the
    /// page: after a `** (` banner, lines that are blank or indented by four spaces need not be shown.
    public static func matches(expected: String, actual: String) -> Bool {
        let expected = OutputNormalizer.normalize(expected)
        let actual = OutputNormalizer.normalize(actual)
        if expected == actual { return true }
        guard actual.hasPrefix("** ("), actual.hasPrefix(expected) else { return false }
        let rest = actual.dropFirst(expected.count)
        guard rest.hasPrefix("\n") else { return false }
        return rest.split(separator: "\n", omittingEmptySubsequences: false).allSatisfy { $0.isEmpty || $0.hasPrefix("    ") }
    }
}

/// An iex session's expression that printed something other than the page shows.
///
/// Threading: an immutable value; safe to share between threads.
public struct IExMismatch: Sendable, Equatable {
    public let line: Int
    public let input: [String]
    public let expected: String
    public let actual: String
}

extension Checker {
    /// Whether `iex` is installed (on PATH).
    public var iexPath: String? { ChildProcess.which("iex", environment: environment) }

    /// Runs `session` in a fresh `iex` (no `.iex.exs`), its expressions read from standard input,
    /// and returns the expressions whose output differs from the page's, or a problem when iex
    /// could not run it.
    ///
    /// With `node`, iex runs distributed (`--sname`, the node's cookie and EPMD port) beside a
    /// node already running on this machine: the page's host name in node names (`swift@vm`)
    /// becomes this machine's for iex, and this machine's becomes the page's in what iex printed.
    public func runIEx(
        _ session: IExSession, iex: String, node: IExNode? = nil,
        timeoutSeconds: Double = 30
    ) throws(CheckerError) -> Result<[IExMismatch], PageRunFailure> {
        let pageHost = session.swiftNodeHost
        func toMachine(_ text: String) -> String {
            guard let node, let pageHost else { return text }
            return IExSession.replacingHost(pageHost, with: node.host, in: text)
        }
        func toPage(_ text: String) -> String {
            guard let node, let pageHost else { return text }
            return IExSession.replacingHost(node.host, with: pageHost, in: text)
        }
        let folder = workFolder.appendingPathComponent("pages").appendingPathComponent("iex")
        let run = try makeRunFolder(in: folder)
        defer { try? FileManager.default.removeItem(at: run) }
        let input = run.appendingPathComponent("input.txt")
        do {
            try (toMachine(session.entries.flatMap(\.input).joined(separator: "\n")) + "\n").write(to: input, atomically: true, encoding: .utf8)
        } catch {
            throw .cannotWrite(input.path, error.localizedDescription)
        }
        let outURL = run.appendingPathComponent("stdout.txt")
        let stdin = open(input.path, O_RDONLY | O_CLOEXEC)
        let out = open(outURL.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        defer {
            if stdin >= 0 { close(stdin) }
            if out >= 0 { close(out) }
        }
        guard stdin >= 0, out >= 0 else { throw .cannotWrite(run.path, String(cString: strerror(errno))) }
        var interrupts = InterruptGuard.begin()
        defer { interrupts.end() }
        let pid: pid_t
        do {
            // Warnings go to standard error, which a session does not show.
            var arguments = ["--dot-iex", ""]
            var environment = environment
            if let node {
                arguments += ["--sname", node.iexName, "--cookie", node.cookie]
                environment.merge(node.environment) { $1 }
            }
            pid = try ChildProcess.spawn(
                executable: iex, arguments: arguments, environment: environment,
                stdin: stdin, stdout: out, stderr: nil)
        } catch {
            throw .toolFailed("\(error)")
        }
        var unused: [UInt8] = []
        let end = ChildProcess.wait(
            pid, deadline: .now + .seconds(timeoutSeconds), received: &unused,
            interrupted: { interrupts.interrupted })
        let transcript = toPage(String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self))
        guard end == .exited(0) else { return .failure(PageRunFailure(message: "iex did not end cleanly (\(end)):\n\(transcript.suffix(2000))")) }
        guard let outputs = session.outputs(fromTranscript: transcript) else {
            return .failure(
                PageRunFailure(
                    message: "iex read this session as a different number of expressions than its iex> prompts "
                        + "(a ...> line where an expression is already complete, or an iex> line that continues the one before):\n"
                        + transcript.suffix(2000)))
        }
        var mismatches: [IExMismatch] = []
        for (entry, output) in zip(session.entries, outputs)
        where !IExSession.matches(expected: entry.expected.joined(separator: "\n"), actual: output) {
            mismatches.append(
                IExMismatch(
                    line: entry.line, input: entry.input,
                    expected: OutputNormalizer.normalize(entry.expected.joined(separator: "\n")),
                    actual: OutputNormalizer.normalize(output)))
        }
        return .success(mismatches)
    }
}

/// A node an iex session runs beside (the tour's Swift node for `elixir swift-node` sessions):
/// the host of its name, the cookie, the environment (`ERL_EPMD_PORT`) that reaches it, and the
/// short name the distributed iex takes.
///
/// Threading: an immutable value; safe to share between threads.
public struct IExNode: Sendable, Equatable {
    public let host: String
    public let cookie: String
    public let environment: [String: String]
    public let iexName: String

    public init(host: String, cookie: String, environment: [String: String], iexName: String) {
        self.host = host
        self.cookie = cookie
        self.environment = environment
        self.iexName = iexName
    }
}

/// Why a page's session could not be compared at all.
///
/// Threading: an immutable value; safe to share between threads.
public struct PageRunFailure: Error, Sendable, Equatable {
    public let message: String

    public init(message: String) {
        self.message = message
    }
}
