import Foundation
import TourEngine

/// The runtime's public declarations, read from the symbol graphs `swift symbolgraph-extract`
/// made of the built modules (see `Checker.symbolGraphs`): each declaration's Swift text, its
/// documentation comment, and the Elixir counterpart kept in that comment.
///
/// The convention for the counterpart (README, "For developers"): a `- Elixir:` line in the doc
/// comment, with the Elixir on the same line (`/// - Elixir: \`send/2\``) and/or in the lines
/// after it indented by two spaces, which may hold an ```elixir fence:
///
///     /// - Elixir:
///     ///   ```elixir
///     ///   receive do
///     ///     {:pong, from} -> from
///     ///   after 1_000 -> nil
///     ///   end
///     ///   ```
///
/// The declaration's snippet is the comment's ```swift fence that holds a whole program (its first
/// line `import OTP`: `h` says to run it from a file), else its first ```swift fence.
///
/// Threading: an immutable value, built and read on one thread.
struct APIIndex {
    struct Entry {
        /// Dotted, without parameter labels: `GenServer.handleCall`, `receive`.
        let name: String
        /// The symbol's title: `handleCall(_:from:state:)`.
        let title: String
        let kind: String
        let module: String
        let declaration: String
        /// The comment's text without the counterpart block and the snippet.
        let documentation: String
        let elixir: String?
        let snippet: String?
        let file: String?
        let line: Int

        var isDocumented: Bool { !documentation.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    let entries: [Entry]
    /// Every dotted name, once, sorted.
    let names: [String]
    private let byName: [String: [Entry]]

    init(entries: [Entry]) {
        self.entries = entries
        var byName: [String: [Entry]] = [:]
        for entry in entries { byName[entry.name, default: []].append(entry) }
        for (name, group) in byName {
            byName[name] = group.sorted { ($0.file ?? "", $0.line) < ($1.file ?? "", $1.line) }
        }
        self.byName = byName
        self.names = byName.keys.sorted()
    }

    /// The last parts of the names one level inside `name` (`Registry` → `lookup`, `register`, …),
    /// without enum cases' and properties' repeats.
    func members(of name: String) -> [String] {
        let prefix = name + "."
        var found: [String] = []
        for other in names where other.hasPrefix(prefix) {
            let rest = other.dropFirst(prefix.count)
            if !rest.contains("."), !found.contains(String(rest)) { found.append(String(rest)) }
        }
        return found
    }

    /// The declarations called `name` (all overloads), in source order.
    func entries(named name: String) -> [Entry] { byName[name] ?? [] }

    // MARK: Reading the graphs

    private struct Graph: Decodable {
        struct Module: Decodable { let name: String }
        struct Symbol: Decodable {
            struct Kind: Decodable {
                let identifier: String
                let displayName: String
            }
            struct Names: Decodable { let title: String }
            struct Fragment: Decodable { let spelling: String }
            struct Doc: Decodable {
                struct Line: Decodable { let text: String }
                let lines: [Line]
            }
            struct Location: Decodable {
                struct Position: Decodable { let line: Int }
                let uri: String
                let position: Position
            }
            let kind: Kind
            let pathComponents: [String]
            let names: Names
            let declarationFragments: [Fragment]?
            let docComment: Doc?
            let accessLevel: String
            let location: Location?
        }
        let module: Module
        let symbols: [Symbol]
    }

    /// Reads every `*.symbols.json` in `folder`.
    static func load(from folder: URL) throws -> APIIndex {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".symbols.json") }.sorted()
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        for file in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            let graph = try JSONDecoder().decode(Graph.self, from: data)
            // `OTPGenServer@OTPCore.symbols.json`: OTPGenServer's extensions of OTPCore's types.
            let module = String(file.prefix { $0 != "@" && $0 != "." })
            for symbol in graph.symbols where ["public", "open"].contains(symbol.accessLevel) {
                let name = symbol.pathComponents.map(Self.bareName).joined(separator: ".")
                // Underscored names are the runtime's own; operators and subscripts are not looked up by name.
                guard !symbol.pathComponents.contains(where: { $0.hasPrefix("_") }),
                    !["swift.func.op", "swift.subscript", "swift.type.subscript", "swift.deinit"].contains(symbol.kind.identifier),
                    let first = name.unicodeScalars.first, CharacterSet.letters.contains(first)
                else { continue }
                let declaration = Self.tidy((symbol.declarationFragments ?? []).map(\.spelling).joined())
                let key = name + "|" + declaration
                let parsed = Self.parse(symbol.docComment?.lines.map(\.text) ?? [])
                let path = symbol.location.map { URL(string: $0.uri)?.path ?? $0.uri }
                // A protocol's requirement and its default implementation share a name and a
                // declaration: keep the one that says more.
                if let earlier = seen[key] {
                    guard entries[earlier].elixir == nil, parsed.elixir != nil || !entries[earlier].isDocumented else { continue }
                    entries.remove(at: earlier)
                    for (other, position) in seen where position > earlier { seen[other] = position - 1 }
                }
                seen[key] = entries.count
                entries.append(
                    Entry(
                        name: name, title: symbol.names.title, kind: symbol.kind.displayName.lowercased(),
                        module: module, declaration: declaration, documentation: parsed.text,
                        elixir: parsed.elixir, snippet: parsed.snippet, file: path,
                        line: (symbol.location?.position.line ?? 0) + 1))
            }
        }
        return APIIndex(entries: entries)
    }

    /// `handleCall(_:from:state:)` → `handleCall`.
    static func bareName(_ component: String) -> String {
        String(component.prefix { $0 != "(" })
    }

    /// The declaration as a learner reads it: without the `file:`/`line:` parameters that only
    /// locate errors, and the `nonisolated(nonsending)` the runtime builds with.
    static func tidy(_ declaration: String) -> String {
        var text = declaration
        for noise in [
            ", file: StaticString = #fileID, line: UInt = #line", "file: StaticString = #fileID, line: UInt = #line, ",
            ", file: StaticString = #fileID", ", line: UInt = #line", "nonisolated(nonsending) ",
        ] {
            text = text.replacingOccurrences(of: noise, with: "")
        }
        return text
    }

    /// Splits a doc comment into its text, its Elixir counterpart (the `- Elixir:` block) and its
    /// first Swift snippet.
    static func parse(_ lines: [String]) -> (text: String, elixir: String?, snippet: String?) {
        var text: [String] = []
        var elixir: [String]?
        var snippet: [String]?
        var snippetIsFragment = true
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if elixir == nil, let range = trimmed.range(of: "- Elixir:"), range.lowerBound == trimmed.startIndex {
                var block: [String] = []
                let rest = trimmed[range.upperBound...].trimmingCharacters(in: .whitespaces)
                if !rest.isEmpty { block.append(rest) }
                index += 1
                var inFence = false
                while index < lines.count {
                    let next = lines[index]
                    let isFence = next.trimmingCharacters(in: .whitespaces).hasPrefix("```")
                    guard inFence || next.hasPrefix("  ") || (next.trimmingCharacters(in: .whitespaces).isEmpty && Self.continues(lines, after: index))
                    else { break }
                    if isFence { inFence.toggle() } else { block.append(next.hasPrefix("  ") ? String(next.dropFirst(2)) : next) }
                    index += 1
                }
                elixir = Self.unquote(block)
                continue
            }
            if trimmed.hasPrefix("```swift") {
                var block: [String] = []
                index += 1
                while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                    block.append(lines[index])
                    index += 1
                }
                index += 1
                // A whole program (`import OTP` first) is the snippet; else the first block is.
                let program = block.first?.trimmingCharacters(in: .whitespaces) == "import OTP"
                if snippet == nil || (program && snippetIsFragment) {
                    if let fragment = snippet { text += ["```swift"] + fragment + ["```"] }
                    snippet = block
                    snippetIsFragment = !program
                } else {
                    text += ["```swift"] + block + ["```"]
                }
                continue
            }
            text.append(line)
            index += 1
        }
        while text.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { text.removeLast() }
        while text.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { text.removeFirst() }
        return (text.joined(separator: "\n"), elixir.map { $0.joined(separator: "\n") }, snippet.map { $0.joined(separator: "\n") })
    }

    /// Whether an indented line of the same block follows the blank line at `index`.
    private static func continues(_ lines: [String], after index: Int) -> Bool {
        index + 1 < lines.count && lines[index + 1].hasPrefix("  ")
    }

    /// A one-line counterpart written as inline code loses its backticks: `` `send/2` `` → `send/2`.
    private static func unquote(_ block: [String]) -> [String] {
        guard block.count == 1 else { return block }
        let line = block[0]
        if line.hasPrefix("`"), line.hasSuffix("`"), line.count > 2, !line.dropFirst().dropLast().contains("`") {
            return [String(line.dropFirst().dropLast())]
        }
        return block
    }

    // MARK: Looking up

    /// What a word asks for.
    enum Lookup {
        case found(String, [Entry])
        /// Several declarations share the last part of the name (`startLink`).
        case ambiguous([String])
        case unknown(suggestions: [String])
    }

    /// Finds `word`: the dotted name (any capitalisation), a title with labels
    /// (`receive(_:after:_:)`), an Elixir spelling (`Process.link/1`, `handle_call`, `self`),
    /// or the last part of a dotted name when only one declaration has it.
    func lookup(_ word: String) -> Lookup {
        var query = word.trimmingCharacters(in: .whitespaces)
        if let paren = query.firstIndex(of: "("), !query.hasPrefix("(") {
            let title = String(query[...].split(separator: ".").last ?? "")
            let prefix = query[..<paren].split(separator: ".").dropLast().joined(separator: ".")
            let matches = entries.filter { $0.title == title && (prefix.isEmpty || $0.name.hasPrefix(prefix + ".")) }
            if let first = matches.first { return .found(first.name, matches) }
            query = String(query[..<paren])
        }
        // Elixir's arity (`send/2`) and `:` of an Erlang module are not part of a Swift name.
        if let slash = query.lastIndex(of: "/"), query[query.index(after: slash)...].allSatisfy(\.isNumber) {
            query = String(query[..<slash])
        }
        if let exact = byName[query] { return .found(query, exact) }
        if let name = names.first(where: { $0.lowercased() == query.lowercased() }) { return .found(name, byName[name]!) }
        let camel = Self.camelCase(query)
        if let name = names.first(where: { $0.lowercased() == camel.lowercased() }) { return .found(name, byName[name]!) }
        let fromElixir = elixirNames[query] ?? elixirNames[query.lowercased()]
        if let fromElixir, fromElixir.count == 1, let name = fromElixir.first { return .found(name, byName[name]!) }
        let last = names.filter { name in
            let part = name.split(separator: ".").last.map(String.init) ?? name
            return part.lowercased() == camel.lowercased()
        }
        if last.count == 1 { return .found(last[0], byName[last[0]]!) }
        let several = Set(last + (fromElixir ?? []))
        if several.count > 1 { return .ambiguous(several.sorted()) }
        return .unknown(suggestions: Self.suggestions(for: query, in: names))
    }

    /// The nearest names: by edit distance over whole names and over their last parts.
    static func suggestions(for word: String, in names: [String]) -> [String] {
        let lower = word.lowercased()
        let whole = Suggestions.candidates(for: lower, in: names.map { $0.lowercased() }, limit: 3)
        var found = whole.compactMap { guess in names.first { $0.lowercased() == guess } }
        let lasts = Dictionary(grouping: names) { ($0.split(separator: ".").last.map(String.init) ?? $0).lowercased() }
        for guess in Suggestions.candidates(for: lower, in: Array(lasts.keys), limit: 3) {
            for name in (lasts[guess] ?? []).prefix(2) where !found.contains(name) { found.append(name) }
        }
        return Array(found.prefix(5))
    }

    /// `handle_call` → `handleCall`, `start_link` → `startLink`.
    static func camelCase(_ word: String) -> String {
        var result = ""
        var upper = false
        for character in word {
            if character == "_" && !result.isEmpty && result.last != "." {
                upper = true
                continue
            }
            result.append(upper ? Character(character.uppercased()) : character)
            upper = false
        }
        return result
    }

    /// The Elixir name each counterpart leads with (`Process.link/1`, `spawn(fn -> … end)`,
    /// `self()`, `pid = spawn(…)`), to the Swift names that give it.
    var elixirNames: [String: [String]] {
        var map: [String: [String]] = [:]
        for entry in entries {
            guard var elixir = entry.elixir?.replacingOccurrences(of: "`", with: "") else { continue }
            if let assignment = elixir.firstMatch(of: /^[{}a-z_,\s]+\s=\s/) { elixir.removeSubrange(assignment.range) }
            guard let match = elixir.prefixMatch(of: /([A-Z][A-Za-z.]*\.)?([a-z_][A-Za-z0-9_?!]*)(\/\d|\()/) else { continue }
            let spelled = String(match.output.0.prefix { $0 != "/" && $0 != "(" })
            for key in [spelled, spelled.lowercased()] where !(map[key] ?? []).contains(entry.name) {
                map[key, default: []].append(entry.name)
            }
        }
        return map
    }
}
