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

/// The Swift source files made from a page's blocks, and how their lines map back to the page.
///
/// Each block becomes one file: a first line with `import OTP` (and, for a fragment, the imports
/// the fragment holds and the opening of the function or extension it is checked in), the block's
/// lines unchanged (a fragment's `import` lines left blank), and for a fragment a closing `}`. So
/// the file's line `n` is the page's line `fenceLine + n - 1`, whatever the block's role.
///
/// Threading: an immutable value; safe to share between threads.
struct PageSwiftSource: Equatable {
    let name: String
    let text: String
    let block: PageCodeBlock

    func pageLine(_ fileLine: Int) -> Int { block.fenceLine + fileLine - 1 }

    /// The errors a `nocompile` block names in `// error: …` comments: the page line and the
    /// text the compiler's error on that line must contain.
    var expectedErrors: [(line: Int, text: String)] {
        block.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            guard let comment = line.range(of: "// error: ") else { return nil }
            let text = line[comment.upperBound...].trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : (block.pageLine(index + 1), text)
        }
    }

    /// The file for `block`, or nil when it is not a Swift block with a known role.
    init?(block: PageCodeBlock) {
        guard let role = block.swiftRole else { return nil }
        self.block = block
        self.name = "block-line-\(block.fenceLine).swift"
        var lines = block.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var header = "import OTP"
        var footer: String?
        switch role.shape {
        case .file:
            break
        case .fragment(let returns):
            for (index, line) in lines.enumerated() where line.hasPrefix("import ") {
                header += "; " + line.trimmingCharacters(in: .whitespaces)
                lines[index] = ""
            }
            header += "; func fragmentAtLine\(block.fenceLine)() async throws\(returns.map { " -> \($0)" } ?? "") {"
            footer = "}"
        case .members(let type):
            header += "; extension \(type) {"
            footer = "}"
        }
        text = ([header] + lines + (footer.map { [$0] } ?? [])).joined(separator: "\n") + "\n"
    }
}

extension Checker {
    /// Compiles the Swift blocks of a page against the prebuilt runtime: every block that is not
    /// `nocompile` together, with the page's context file, in one compile (checked up to SIL's
    /// mandatory diagnostics, not linked: what a learner's compile would report); each
    /// `nocompile` block on its own with the context file, which must fail.
    public func checkSwiftBlocks(page: URL, markdown: String) throws(CheckerError) -> PageSwiftResult {
        let sources = PageCode.blocks(in: markdown).compactMap(PageSwiftSource.init(block:))
        let context = PageCode.contextFile(forPage: page)
        let hasContext = FileManager.default.fileExists(atPath: context.path)
        let compiled = sources.filter { $0.block.swiftRole?.nocompile == false }
        let refused = sources.filter { $0.block.swiftRole?.nocompile == true }
        var problems: [PageProblem] = []
        var compiles = 0
        guard !sources.isEmpty else { return PageSwiftResult(problems: [], compiled: 0, refused: 0, compiles: 0) }
        let folder = workFolder.appendingPathComponent("pages")
            .appendingPathComponent(page.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent + "-" + page.deletingPathExtension().lastPathComponent)
        if !compiled.isEmpty || hasContext {
            compiles += 1
            let (succeeded, found) = try compilePageSources(compiled, context: hasContext ? context : nil, page: page, folder: folder.appendingPathComponent("all"))
            problems += found
            if !succeeded && found.isEmpty {
                problems.append(PageProblem(file: page, line: nil, message: "the page's Swift blocks do not compile, and swiftc named no line"))
            }
        }
        for source in refused {
            compiles += 1
            let (succeeded, found) = try compilePageSources([source], context: hasContext ? context : nil, page: page,
                                                            folder: folder.appendingPathComponent("nocompile-\(source.block.fenceLine)"))
            if succeeded {
                problems.append(PageProblem(file: page, line: source.block.fenceLine,
                                            message: "this block is marked nocompile, but it compiles: remove the marker, or make it the mistake the page explains"))
                continue
            }
            // Errors in the context file are the context's problem, not the block's intended one.
            problems += found.filter { $0.file != page }
            let blockErrors = found.filter { $0.file == page }
            for (line, text) in source.expectedErrors
            where !blockErrors.contains(where: { $0.line == line && $0.message.contains(text) }) {
                let said = blockErrors.map { "\($0.line.map { "line \($0)" } ?? "no line"): \($0.message)" }.joined(separator: "\n    ")
                problems.append(PageProblem(file: page, line: line,
                                            message: "the block says this line fails with 'error: \(text)', but swiftc says:\n    " + (said.isEmpty ? "(nothing about the block)" : said)))
            }
        }
        return PageSwiftResult(problems: problems, compiled: compiled.count, refused: refused.count, compiles: compiles)
    }

    /// Compiles `sources` (and the context file) in one swiftc run; returns whether it succeeded
    /// and its errors, mapped to the page's (or the context file's) lines.
    func compilePageSources(_ sources: [PageSwiftSource], context: URL?, page: URL, folder: URL) throws(CheckerError) -> (Bool, [PageProblem]) {
        do {
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for source in sources {
                try source.text.write(to: folder.appendingPathComponent(source.name), atomically: true, encoding: .utf8)
            }
            if let context {
                try Data(contentsOf: context).write(to: folder.appendingPathComponent("context.swift"))
            }
        } catch {
            throw .cannotWrite(folder.path, error.localizedDescription)
        }
        var files = sources.map { folder.appendingPathComponent($0.name).path }
        if context != nil { files.append(folder.appendingPathComponent("context.swift").path) }
        let compiler = Compiler(swiftc: try swiftc(), runtime: runtime)
        let arguments = ["-emit-sil", "-o", "/dev/null", "-wmo", "-parse-as-library", "-swift-version", "6", "-module-name", "PageCode",
                         "-diagnostic-style", "llvm", "-no-color-diagnostics", "-I", runtime.modules.path]
            + compiler.moduleMapFlags + files
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.run(executable: compiler.swiftc, arguments: arguments, environment: environment, timeout: .seconds(120))
        } catch {
            throw .toolFailed("\(error)")
        }
        if output.termination == .timedOut { throw .toolFailed("swiftc did not finish checking \(page.path) within 120 s") }
        let problems = Self.pageErrors(in: output.text, sources: sources, folder: folder, page: page, context: context)
        return (output.termination == .exited(0), problems)
    }

    /// The `error:` lines of swiftc's output, each mapped to the page's line (or the context
    /// file's); an error swiftc gives no place for is kept with no line.
    static func pageErrors(in text: String, sources: [PageSwiftSource], folder: URL, page: URL, context: URL?) -> [PageProblem] {
        var problems: [PageProblem] = []
        for line in text.split(separator: "\n") {
            guard let marker = line.range(of: ": error: ") else { continue }
            let message = String(line[marker.upperBound...])
            let place = line[..<marker.lowerBound].split(separator: ":")
            guard place.count >= 3, let fileLine = Int(place[place.count - 2]) else {
                problems.append(PageProblem(file: page, line: nil, message: String(line)))
                continue
            }
            let name = URL(fileURLWithPath: place.dropLast(2).joined(separator: ":")).lastPathComponent
            if let source = sources.first(where: { $0.name == name }) {
                problems.append(PageProblem(file: page, line: source.pageLine(fileLine), message: message))
            } else if name == "context.swift", let context {
                problems.append(PageProblem(file: context, line: fileLine, message: message))
            } else {
                problems.append(PageProblem(file: page, line: nil, message: String(line)))
            }
        }
        return problems
    }
}
