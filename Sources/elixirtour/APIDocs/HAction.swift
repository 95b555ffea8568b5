import Checker
import Foundation
import TourEngine

/// `h NAME`, iex's `h` for the Swift API: the declaration beside its Elixir counterpart, its
/// documentation and snippet, read from the symbol graphs of the built runtime (made on first
/// use, see `Checker.symbolGraphs`).
///
/// Threading: main thread only.
struct HAction {
    let context: TourContext

    /// The index of the runtime's public API. Generating the graphs (the first time, or after the
    /// runtime was rebuilt) takes a few seconds; `quiet` says nothing about it (completion).
    static func index(context: TourContext, quiet: Bool = false) throws -> APIIndex {
        let checker = try RunAction.checker(context: context)
        let folder = try checker.symbolGraphs(say: { note in
            if !quiet { FileHandle.standardError.write(Data((Console.styled(note, "2", context.terminal) + "\n").utf8)) }
        })
        return try APIIndex.load(from: folder)
    }

    func run(name: String?, snippetOnly: Bool = false) throws {
        let terminal = context.terminal
        guard let name else {
            Console.print(
                TextWrap.lines(
                    """
                    h NAME shows a declaration of the tour's Swift runtime beside its Elixir counterpart, with its \
                    documentation and a snippet, like iex's h. Try: h receive, h spawn, h send, h GenServer.call, \
                    h GenServer.handleCall, h CallResult, h Supervisor.startLink, h Registry. Elixir spellings work \
                    too: h Process.link/1, h handle_call, h self. Tab completes the names.
                    """, width: terminal.width))
            return
        }
        let index = try Self.index(context: context)
        switch index.lookup(name) {
        case .found(let found, let entries):
            if snippetOnly {
                let snippets = entries.compactMap(\.snippet)
                guard let snippet = snippets.first(where: { $0.hasPrefix("import OTP") }) ?? snippets.first else {
                    throw TourError.usage("\(found) has no snippet; h \(found) shows what it has.")
                }
                Console.print(snippet)
                return
            }
            Console.page(
                APIPage.render(name: found, entries: entries, members: index.members(of: found), width: terminal.width, color: terminal.color) + "\n",
                context: context)
        case .ambiguous(let names):
            Console.print(
                "Several declarations are called \(name); which one?\n"
                    + names.map { "  h \($0)" }.joined(separator: "\n"))
        case .unknown(let suggestions):
            var message = "Nothing in the tour's runtime is called '\(name)'."
            if !suggestions.isEmpty { message += " Did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?" }
            throw TourError.usage(message)
        }
    }
}
