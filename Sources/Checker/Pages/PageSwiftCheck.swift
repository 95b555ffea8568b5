import ChildProcesses
import Foundation
import TourEngine

/// Something wrong in a page's code: the file (the page, or its context file) and the line.
///
/// Threading: an immutable value; safe to share between threads.
public struct PageProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: URL
    public let line: Int?
    public let message: String

    public init(file: URL, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file.path)\(line.map { ":\($0)" } ?? ""): \(message)" }
}

/// What compiling a page's Swift blocks found.
///
/// Threading: an immutable value; safe to share between threads.
public struct PageSwiftResult: Sendable {
    public let problems: [PageProblem]
    /// Blocks compiled together (files, fragments, members).
    public let compiled: Int
    /// Blocks marked `nocompile`, each compiled on its own and expected to fail.
    public let refused: Int
    /// swiftc runs.
    public let compiles: Int
}

/// One Swift file made for a page's compile, and where each of its lines comes from.
///
/// A block becomes one file: a first line with `import OTP` (for a fragment also the imports the
/// fragment holds, and the opening of the function it is checked in), the block's lines unchanged
/// (a fragment's `import` lines left blank), and for a fragment a closing `}`. So the file's line
/// `n` is the page's line `fenceLine + n - 1`. The context file is copied, with the members of
/// each `fragment in T` block put in place of the line `// page: members of T`.
///
/// Threading: an immutable value; safe to share between threads.
struct PageSwiftSource: Equatable {
    struct Origin: Equatable {
        let file: URL
        let line: Int
    }

    let name: String
    let lines: [String]
    /// Where line `n` (from 1) of the file comes from: `origins[n - 1]`.
    let origins: [Origin]

    var text: String { lines.joined(separator: "\n") + "\n" }

    func origin(ofLine fileLine: Int) -> Origin? {
        (1...origins.count).contains(fileLine) ? origins[fileLine - 1] : nil
    }

    /// The file for `block` of `page`, or nil when it is not a Swift block with a known role or
    /// is members of a type (those go into the context file).
    init?(block: PageCodeBlock, page: URL) {
        guard let role = block.swiftRole else { return nil }
        var lines = Self.lines(of: block)
        var header = "import OTP"
        var footer: [String] = []
        switch role.shape {
        case .file:
            break
        case .fragment(let returns):
            for (index, line) in lines.enumerated() where line.hasPrefix("import ") {
                header += "; " + line.trimmingCharacters(in: .whitespaces)
                lines[index] = ""
            }
            header += "; func fragmentAtLine\(block.fenceLine)() async throws\(returns.map { " -> \($0)" } ?? "") {"
            footer = ["}"]
        case .members:
            return nil
        }
        name = "block-line-\(block.fenceLine).swift"
        self.lines = [header] + lines + footer
        origins = (0..<self.lines.count).map { Origin(file: page, line: block.fenceLine + $0) }
    }

    /// The context file, with the `members` blocks put in their places. Returns the blocks that
    /// found no place (no `// page: members of T` line for their type).
    static func context(_ file: URL, text: String, members: [PageCodeBlock], page: URL) -> (PageSwiftSource, unplaced: [PageCodeBlock]) {
        var lines: [String] = []
        var origins: [Origin] = []
        var placed: Set<Int> = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            lines.append(String(line))
            origins.append(Origin(file: file, line: index + 1))
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("// page: members of ") else { continue }
            let type = String(trimmed.dropFirst("// page: members of ".count)).trimmingCharacters(in: .whitespaces)
            for block in members where block.swiftRole?.shape == .members(of: type) {
                placed.insert(block.fenceLine)
                for (offset, member) in Self.lines(of: block).enumerated() {
                    lines.append(member)
                    origins.append(Origin(file: page, line: block.fenceLine + 1 + offset))
                }
            }
        }
        return (
            PageSwiftSource(name: "context.swift", lines: lines, origins: origins),
            members.filter { !placed.contains($0.fenceLine) }
        )
    }

    private init(name: String, lines: [String], origins: [Origin]) {
        self.name = name
        self.lines = lines
        self.origins = origins
    }

    static func lines(of block: PageCodeBlock) -> [String] {
        block.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The errors a `nocompile` block names in `// error: …` comments: the page line and the
    /// text the compiler's error on that line must contain.
    static func expectedErrors(of block: PageCodeBlock) -> [(line: Int, text: String)] {
        lines(of: block).enumerated().compactMap { index, line in
            guard let comment = line.range(of: "// error: ") else { return nil }
            let text = line[comment.upperBound...].trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : (block.pageLine(index + 1), text)
        }
    }
}

extension Checker {
    /// Compiles the Swift blocks of a page against the prebuilt runtime: every block that is not
    /// `nocompile` together, with the page's context file, in one compile (checked up to SIL's
    /// mandatory diagnostics, not linked: what a learner's compile would report); each
    /// `nocompile` block on its own with the context file, which must fail (with the errors its
    /// `// error:` comments name).
    public func checkSwiftBlocks(page: URL, markdown: String) throws(CheckerError) -> PageSwiftResult {
        let blocks = PageCode.blocks(in: markdown).filter { $0.swiftRole != nil }
        let compiled = blocks.filter { $0.swiftRole?.nocompile == false }
        let refused = blocks.filter { $0.swiftRole?.nocompile == true }
        guard !blocks.isEmpty else { return PageSwiftResult(problems: [], compiled: 0, refused: 0, compiles: 0) }
        let contextFile = PageCode.contextFile(forPage: page)
        var context: String?
        if FileManager.default.fileExists(atPath: contextFile.path) {
            guard let data = FileManager.default.contents(atPath: contextFile.path) else { throw .cannotRead(contextFile.path) }
            context = String(decoding: data, as: UTF8.self)
        }
        let folder = workFolder.appendingPathComponent("pages")
            .appendingPathComponent(
                page.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent + "-"
                    + page.deletingPathExtension().lastPathComponent)
        var problems: [PageProblem] = []
        var compiles = 0

        /// The files for `blocks` (and the context file), and the problems of members without a place.
        func sources(_ blocks: [PageCodeBlock]) -> ([PageSwiftSource], [PageProblem]) {
            var sources = blocks.compactMap { PageSwiftSource(block: $0, page: page) }
            let members = blocks.filter { if case .members = $0.swiftRole?.shape { true } else { false } }
            var unplaced = members
            if let context {
                let made = PageSwiftSource.context(contextFile, text: context, members: members, page: page)
                sources.append(made.0)
                unplaced = made.unplaced
            }
            let problems = unplaced.map { block in
                let type = if case .members(let type) = block.swiftRole?.shape { type } else { "" }
                return PageProblem(
                    file: page, line: block.fenceLine,
                    message:
                        "'fragment in \(type)' needs the line '// page: members of \(type)' inside \(type)'s declaration in \(contextFile.lastPathComponent)")
            }
            return (sources, problems)
        }

        if !compiled.isEmpty {
            let (files, unplaced) = sources(compiled)
            problems += unplaced
            compiles += 1
            let (succeeded, found) = try compilePageSources(files, page: page, folder: folder.appendingPathComponent("all"))
            problems += found
            if !succeeded && found.isEmpty {
                problems.append(PageProblem(file: page, line: nil, message: "the page's Swift blocks do not compile, and swiftc named no line"))
            }
        }
        for block in refused {
            let (files, unplaced) = sources([block])
            problems += unplaced
            compiles += 1
            let (succeeded, found) = try compilePageSources(files, page: page, folder: folder.appendingPathComponent("nocompile-\(block.fenceLine)"))
            if succeeded {
                problems.append(
                    PageProblem(
                        file: page, line: block.fenceLine,
                        message: "this block is marked nocompile, but it compiles: remove the marker, or make it the mistake the page explains"))
                continue
            }
            // Errors in the context file are the context's problem, not the block's intended one.
            problems += found.filter { $0.file != page }
            let blockErrors = found.filter { $0.file == page }
            for (line, text) in PageSwiftSource.expectedErrors(of: block)
            where !blockErrors.contains(where: { $0.line == line && $0.message.contains(text) }) {
                let said = blockErrors.map { "\($0.line.map { "line \($0)" } ?? "no line"): \($0.message)" }.joined(separator: "\n    ")
                problems.append(
                    PageProblem(
                        file: page, line: line,
                        message: "the block says this line fails with 'error: \(text)', but swiftc says:\n    "
                            + (said.isEmpty ? "(nothing about the block)" : said)))
            }
        }
        return PageSwiftResult(problems: problems, compiled: compiled.count, refused: refused.count, compiles: compiles)
    }

    /// Compiles `sources` in one swiftc run; returns whether it succeeded and its errors, mapped
    /// to the page's (or the context file's) lines.
    func compilePageSources(_ sources: [PageSwiftSource], page: URL, folder: URL) throws(CheckerError) -> (Bool, [PageProblem]) {
        do {
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for source in sources {
                try source.text.write(to: folder.appendingPathComponent(source.name), atomically: true, encoding: .utf8)
            }
        } catch {
            throw .cannotWrite(folder.path, error.localizedDescription)
        }
        let compiler = Compiler(swiftc: try swiftc(), runtime: runtime)
        // -parse-as-library: a lone file would otherwise be taken as main.swift, where top-level
        // statements are allowed.
        let arguments =
            [
                "-emit-sil", "-o", "/dev/null", "-wmo", "-parse-as-library", "-swift-version", "6", "-module-name", "PageCode",
                "-diagnostic-style", "llvm", "-no-color-diagnostics", "-I", runtime.modules.path,
            ]
            + compiler.moduleMapFlags + sources.map { folder.appendingPathComponent($0.name).path }
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.run(executable: compiler.swiftc, arguments: arguments, environment: environment, timeout: .seconds(120))
        } catch {
            throw .toolFailed("\(error)")
        }
        if output.termination == .timedOut { throw .toolFailed("swiftc did not finish checking \(page.path) within 120 s") }
        return (output.termination == .exited(0), Self.pageErrors(in: output.text, sources: sources, page: page))
    }

    /// The `error:` lines of swiftc's output, each mapped to the page's line (or the context
    /// file's); an error swiftc gives no place for is kept with no line.
    static func pageErrors(in text: String, sources: [PageSwiftSource], page: URL) -> [PageProblem] {
        var problems: [PageProblem] = []
        for line in text.split(separator: "\n") {
            guard let marker = line.range(of: ": error: ") else { continue }
            let message = String(line[marker.upperBound...])
            let place = line[..<marker.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            let name = place.count >= 3 ? URL(fileURLWithPath: place.dropLast(2).joined(separator: ":")).lastPathComponent : ""
            guard let fileLine = place.count >= 3 ? Int(place[place.count - 2]) : nil,
                let source = sources.first(where: { $0.name == name }), let origin = source.origin(ofLine: fileLine)
            else {
                problems.append(PageProblem(file: page, line: nil, message: String(line)))
                continue
            }
            problems.append(PageProblem(file: origin.file, line: origin.line, message: message))
        }
        return problems
    }
}
