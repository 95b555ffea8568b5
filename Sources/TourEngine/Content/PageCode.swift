import Foundation

/// One fenced code block of a page, where it is and what its info string says: the code that
/// `elixirtour dev verify` compiles (Swift) or runs (an iex session in Elixir).
///
/// The info string is the fence's language followed by markers, e.g. ```` ```swift fragment ````:
///
/// - `swift` (no marker): a complete Swift file (declarations; no top-level statements);
///   `import OTP` is implied.
/// - `swift fragment`: statements, checked as the body of an `async throws` function;
///   `import` lines in it are moved out. `swift fragment -> T` makes the function return `T`
///   (for a fragment that returns a value), `swift fragment in T` checks the block as members of
///   `T`, put into `T`'s declaration in the page's context file at its line `// page: members of T`
///   (in the declaration itself, not an extension: Swift infers a protocol witness's isolation
///   only there).
/// - `nocompile` after any of these (`swift nocompile`, `swift fragment nocompile`): deliberately
///   wrong; it must fail to compile (with the error a `// error: …` comment in it names), and the
///   page says why.
/// - `elixir swift-node`: an iex session that talks to the tour's Swift node; dev verify starts
///   `elixirtour node start swift` and runs the session in a distributed iex beside it.
/// - `elixir norun`: an iex session that cannot run at all (it needs something dev verify cannot
///   start); the page says what it needs.
///
/// The renderer reads only the language, so markers are never shown to learners.
///
/// Threading: an immutable value; safe to share between threads.
public struct PageCodeBlock: Sendable, Equatable {
    /// The first word of the info string, lower-cased ("" for a bare fence).
    public let language: String
    /// The info string after the language, as written.
    public let markers: String
    /// The line of the opening fence, from 1.
    public let fenceLine: Int
    /// The code, without the fences, de-indented as the renderer shows it.
    public let text: String

    public init(language: String, markers: String, fenceLine: Int, text: String) {
        self.language = language
        self.markers = markers
        self.fenceLine = fenceLine
        self.text = text
    }

    /// The page line of the code's line `n` (from 1).
    public func pageLine(_ n: Int) -> Int { fenceLine + n }

    /// How `dev verify` treats a Swift block; nil for another language or a marker it does not know.
    public var swiftRole: SwiftBlockRole? {
        guard language == "swift" else { return nil }
        return SwiftBlockRole(markers: markers)
    }

    /// Whether this is an Elixir block written as an iex session (its first line that is not a
    /// comment starts with an `iex>` prompt).
    public var isIExSession: Bool {
        guard language == "elixir" else { return false }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            return IExPrompt.input(String(line)) != nil
        }
        return false
    }

    /// Whether the block is marked `norun` (an Elixir session that cannot run on its own).
    public var isNoRun: Bool { language == "elixir" && markers == "norun" }

    /// Whether the block is marked `swift-node` (an iex session that talks to the tour's Swift
    /// node, `elixirtour node start swift`).
    public var needsSwiftNode: Bool { language == "elixir" && markers == "swift-node" }
}

/// What a Swift block of a page is, for compiling it: its shape, and whether it is deliberately
/// wrong (`nocompile`, the last marker).
///
/// Threading: an immutable value; safe to share between threads.
public struct SwiftBlockRole: Sendable, Equatable {
    public enum Shape: Sendable, Equatable {
        /// A complete file of declarations.
        case file
        /// Statements, the body of an `async throws` function returning `returns` (nil: nothing).
        case fragment(returns: String?)
        /// Member declarations of a type (checked inside its declaration in the context file).
        case members(of: String)
    }

    public let shape: Shape
    /// Deliberately wrong: must fail to compile (where the block says `// error: …`, with that error).
    public let nocompile: Bool

    public init(shape: Shape, nocompile: Bool = false) {
        self.shape = shape
        self.nocompile = nocompile
    }

    /// The role the markers say, or nil when they are not markers the tour knows.
    public init?(markers: String) {
        var words = markers.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        nocompile = words.last == "nocompile"
        if nocompile { words.removeLast() }
        guard let first = words.first else {
            shape = .file
            return
        }
        guard first == "fragment" else { return nil }
        let rest = words.dropFirst()
        guard let next = rest.first else {
            shape = .fragment(returns: nil)
            return
        }
        let type = rest.dropFirst().joined(separator: " ")
        guard !type.isEmpty else { return nil }
        switch next {
        case "->": shape = .fragment(returns: type)
        case "in": shape = .members(of: type)
        default: return nil
        }
    }
}

/// The prompts of an iex session: `iex>` or `iex(3)>` for an expression's first line, `...>` or
/// `...(3)>` for its continuation lines.
///
/// Threading: stateless; safe to call from any thread.
public enum IExPrompt {
    /// The input after an `iex>` prompt, or nil when the line does not start with one.
    public static func input(_ line: String) -> String? { after(prompt: "iex", in: line) }
    /// The input after a `...>` prompt, or nil when the line does not start with one.
    public static func continuation(_ line: String) -> String? { after(prompt: "...", in: line) }

    private static func after(prompt: String, in line: String) -> String? {
        guard line.hasPrefix(prompt) else { return nil }
        var rest = line.dropFirst(prompt.count)
        if rest.hasPrefix("(") {
            guard let close = rest.firstIndex(of: ")"), rest[rest.index(after: rest.startIndex)..<close].allSatisfy(\.isNumber) else { return nil }
            rest = rest[rest.index(after: close)...]
        }
        guard rest.hasPrefix(">") else { return nil }
        rest = rest.dropFirst()
        if rest.hasPrefix(" ") { rest = rest.dropFirst() }
        return String(rest)
    }
}

/// Finds a page's fenced code blocks and checks their markers.
///
/// Threading: stateless; safe to call from any thread.
public enum PageCode {
    /// The markers a Swift block may carry, and an Elixir block.
    static let swiftMarkers = ["fragment", "nocompile"]
    static let elixirMarkers = ["norun", "swift-node"]

    /// Every fenced block of a page, in order, including those in lists and `::: compare`.
    /// Fences are found as `MarkdownParser` finds them (an opening fence may be indented inside a
    /// list item; the body loses the fence's indentation).
    public static func blocks(in markdown: String) -> [PageCodeBlock] {
        let lines = markdown.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var blocks: [PageCodeBlock] = []
        var i = 0
        while i < lines.count {
            let line = String(lines[i])
            let indent = line.prefix(while: { $0 == " " }).count
            guard let fence = MarkdownParser.Fence(String(line.dropFirst(indent))) else {
                i += 1
                continue
            }
            var body: [String] = []
            var j = i + 1
            while j < lines.count, !fence.closes(String(lines[j])) {
                var text = String(lines[j])
                text.removeFirst(min(indent, text.prefix(while: { $0 == " " }).count))
                body.append(text)
                j += 1
            }
            let words = fence.info.split(separator: " ", maxSplits: 1)
            blocks.append(
                PageCodeBlock(
                    language: words.first.map { $0.lowercased() } ?? "",
                    markers: words.count > 1 ? words[1].trimmingWhitespace() : "",
                    fenceLine: i + 1, text: body.joined(separator: "\n")))
            i = j + 1
        }
        return blocks
    }

    /// The mistakes in a page's markers, each with the line of its fence.
    static func problems(in markdown: String) -> [MarkdownProblem] {
        var problems: [MarkdownProblem] = []
        for block in blocks(in: markdown) where !block.markers.isEmpty {
            let first = String(block.markers.split(separator: " ").first ?? "")
            switch block.language {
            case "swift":
                if block.swiftRole == nil {
                    let message: String
                    if swiftMarkers.contains(first) {
                        message =
                            "'\(block.markers)' is not what the tour understands after ```swift: write 'fragment', 'fragment -> Type' or 'fragment in Type', optionally followed by 'nocompile' (see Lessons/FORMAT.md)"
                    } else {
                        message = unknown(first, known: swiftMarkers, language: "swift")
                    }
                    problems.append(MarkdownProblem(line: block.fenceLine, message: message))
                }
            case "elixir":
                if !elixirMarkers.contains(block.markers) {
                    problems.append(MarkdownProblem(line: block.fenceLine, message: unknown(first, known: elixirMarkers, language: "elixir")))
                } else if !block.isIExSession {
                    problems.append(
                        MarkdownProblem(
                            line: block.fenceLine, message: "'\(block.markers)' is for an iex session (lines starting with iex>), and this block is not one"))
                }
            default:
                break
            }
        }
        return problems
    }

    private static func unknown(_ word: String, known: [String], language: String) -> String {
        var message = "unknown marker '\(word)' after ```\(language)"
        if let guess = Suggestions.candidates(for: word, in: known, limit: 1).first { message += " (did you mean '\(guess)'?)" }
        return message + "; the markers of a \(language) block are: " + known.joined(separator: ", ") + " (see Lessons/FORMAT.md)"
    }

    /// The file of declarations a page's Swift blocks assume: `pages/NN-name.context.swift` beside
    /// `pages/NN-name.md`. It is compiled with the page's blocks and never shown.
    public static func contextFile(forPage page: URL) -> URL {
        page.deletingPathExtension().appendingPathExtension("context.swift")
    }

    /// The page a context file belongs to (`NN-name.context.swift` → `NN-name.md`), or nil when
    /// the name is not a context file's.
    static func page(forContext file: URL) -> URL? {
        let name = file.lastPathComponent
        guard name.hasSuffix(".context.swift") else { return nil }
        return file.deletingLastPathComponent().appendingPathComponent(String(name.dropLast(".context.swift".count)) + ".md")
    }
}
