import Checker
import Foundation
import TourEngine

/// `dev verify`'s check of the pages: every Swift block compiles against the runtime (as a file,
/// a fragment or members, with the page's context file; a `nocompile` block must not), and every
/// iex session prints what the page shows when run by the real `iex`.
struct DevVerifyPages {
    let checker: Checker
    let environment: [String: String]
    /// This program, to start the Swift node for `swift-node` sessions.
    let executable: URL
    let ok: (String) -> Void
    let problem: (String) -> Void
    let note: (String) -> Void

    /// Checks the pages of `lessons`; returns the number of pages checked.
    func run(_ lessons: [Lesson]) throws -> Int {
        let iex = checker.iexPath
        var sessionsSkipped = 0
        var pages = 0
        let start = ContinuousClock.now
        // Started for the first swift-node session, stopped at the end.
        var swiftNode: Result<DevVerifySwiftNode, PageRunFailure>?
        defer { if case .success(let node) = swiftNode { node.stop() } }
        for lesson in lessons {
            for page in lesson.pages {
                pages += 1
                let name = "page \(lesson.folder.lastPathComponent)/\(page.file.lastPathComponent)"
                var said: [String] = []
                var failed = false
                let swift = try checker.checkSwiftBlocks(page: page.file, markdown: page.markdown)
                for found in swift.problems {
                    failed = true
                    problem("\(Self.place(found.file, found.line)): \(found.message)")
                }
                if swift.compiled + swift.refused > 0 {
                    said.append(
                        Self.count(swift.compiled, "Swift block") + (swift.compiled == 1 ? " compiles" : " compile")
                            + (swift.refused > 0 ? ", " + Self.count(swift.refused, "nocompile block") + (swift.refused == 1 ? " does not" : " do not") : ""))
                }
                let blocks = PageCode.blocks(in: page.markdown)
                let sessions = blocks.filter { $0.isIExSession && !$0.isNoRun }.compactMap { block in
                    IExSession(block: block).map { (session: $0, needsNode: block.needsSwiftNode) }
                }
                let notRun = blocks.filter(\.isNoRun).count
                if !sessions.isEmpty {
                    if let iex {
                        for (session, needsNode) in sessions {
                            var node: IExNode?
                            if needsNode {
                                if swiftNode == nil {
                                    swiftNode = DevVerifySwiftNode.start(
                                        executable: executable, environment: environment,
                                        folder: checker.workFolder.appendingPathComponent("pages"))
                                }
                                switch swiftNode! {
                                case .success(let started): node = started.node
                                case .failure(let failure):
                                    failed = true
                                    problem("\(Self.place(page.file, session.entries.first?.line)): \(failure.message)")
                                    continue
                                }
                            }
                            switch try checker.runIEx(session, iex: iex, node: node) {
                            case .failure(let failure):
                                failed = true
                                problem("\(Self.place(page.file, session.entries.first?.line)): \(failure.message)")
                            case .success(let mismatches):
                                for mismatch in mismatches {
                                    failed = true
                                    problem(
                                        "\(Self.place(page.file, mismatch.line)): iex> \(mismatch.input.joined(separator: " ")) prints differently:\n"
                                            + Self.expectedActual(mismatch.expected, mismatch.actual))
                                }
                            }
                        }
                        said.append(Self.count(sessions.count, "iex session") + (sessions.count == 1 ? " prints" : " print") + " what the page shows")
                    } else {
                        sessionsSkipped += sessions.count
                    }
                }
                if notRun > 0 { said.append(Self.count(notRun, "iex session") + " marked norun") }
                if !failed && !said.isEmpty { ok("\(name): " + said.joined(separator: "; ")) }
            }
        }
        if sessionsSkipped > 0 {
            let text = Self.count(sessionsSkipped, "iex session") + " not run: elixir (iex) is not installed"
            if environment["CI"] == "true" { problem(text + " (under CI it must be)") } else { note(text) }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if pages > 0 { note(String(format: "Checked the code of %d pages in %.1f s.", pages, seconds)) }
        return pages
    }

    static func count(_ n: Int, _ thing: String) -> String { "\(n) \(thing)\(n == 1 ? "" : "s")" }

    static func place(_ file: URL, _ line: Int?) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let path = file.path.hasPrefix(cwd) ? String(file.path.dropFirst(cwd.count)) : file.path
        return path + (line.map { ":\($0)" } ?? "")
    }

    static func expectedActual(_ expected: String, _ actual: String) -> String {
        func indent(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
        }
        return "    the page shows:\n\(indent(expected.isEmpty ? "(nothing)" : expected))\n    elixir prints:\n\(indent(actual.isEmpty ? "(nothing)" : actual))"
    }
}
