import ArgumentParser
import Foundation
import OTPTerms
import Synchronization

/// `elixirtour match 'PATTERN = TERM'`: Elixir's match operator, live.
struct MatchCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match an Elixir pattern against a term and print the variables it binds.",
        discussion: """
            Write the match in Elixir syntax and quote it for your shell:

              elixirtour match '{:ok, [h | t]} = {:ok, [1, 2, 3]}'
              elixirtour match 'x = 1; {^x, y} = {1, 2}'

            Each binding prints as `name = value`, the value as Elixir's inspect prints it, or \
            `(no bindings)`. A failed match prints iex's line `** (MatchError) no match of right \
            hand side value: VALUE`; a syntax error points at its column.
            Exit status: 0 when the match succeeds, 1 when it fails or does not parse.
            """
    )

    @Argument(
        parsing: .captureForPassthrough,
        help: ArgumentHelp(
            "The match to try, PATTERN = TERM; separate several with ';' (later ones see earlier bindings, pin them with ^name).",
            valueName: "match"))
    var words: [String] = []

    func validate() throws {
        // The words are captured as they are (so `-1 = -1` is not read as an option); help is
        // therefore recognised here.
        if let first = words.first, first == "--help" || first == "-h" || first == "help" {
            throw CleanExit.helpRequest(self)
        }
        if words.isEmpty { throw ValidationError("Give a match to try, like: elixirtour match '{:ok, x} = {:ok, 1}'") }
    }

    func run() throws {
        let result = MatchSession.evaluate(words.joined(separator: " "))
        print(result.output)
        if result.isError { throw ExitCode(1) }
    }

    /// In the tour's shell the line reaches `MatchShell` unsplit (see `Shell.execute`); this is
    /// what runs if the words were parsed after all.
    func perform(_ session: CommandSession) throws {
        MatchShell.run(words.joined(separator: " "))
    }
}

/// The shell's `match` command: one session per shell, so later lines can pin earlier bindings.
enum MatchShell {
    /// Threading: the shell runs on one thread; the mutex makes the global safe regardless.
    static let session = Mutex(MatchSession())

    /// Runs a line of Elixir (the text after `match`) and prints the outcome.
    static func run(_ text: String) {
        let outcome = session.withLock { $0.run(text) }
        print(outcome.output)
    }

    /// The text after the word `match` when `line` is a match command, else nil. The shell
    /// hands this over unsplit, because its word splitting would strip Elixir's quotes.
    static func rawArgument(_ line: String) -> String? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix("match"), trimmed.dropFirst(5).first.map({ $0 == " " || $0 == "\t" }) ?? true else {
            return nil
        }
        return String(trimmed.dropFirst(5))
    }
}
