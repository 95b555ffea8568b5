import Foundation
import Testing

@Suite("The interactive shell on a pseudo-terminal", .enabled(if: PseudoTerminal.isAvailable, "needs util-linux's setsid"))
struct ShellTerminalTests {
    @Test func typingCommandsCompletionCtrlCAndQuit() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder)
        let terminal = try PseudoTerminal(binary: BinaryRunner.binary, folder: folder, environment: env)
        #expect(try await terminal.waitFor("elixirtour> "))
        #expect(terminal.screen.contains("Welcome to elixirtour"))

        // Tab completes a command, then a lesson name.
        var mark = terminal.screen.endIndex
        terminal.type("lesson pro\t")
        // libedit redraws only what it adds to the line.
        #expect(try await terminal.waitFor("cesses", after: mark), "screen: \(terminal.screen)")
        terminal.type("\r")
        #expect(try await terminal.waitFor("Spawning a process", after: mark))
        #expect(try await terminal.waitFor("elixirtour processes 1/2> ", after: mark))

        // A typo gets a suggestion.
        mark = terminal.screen.endIndex
        terminal.type("nxt\r")
        #expect(try await terminal.waitFor("Did you mean 'next'", after: mark))

        // Ctrl-C drops the line and keeps the tour running. libedit ends the line at once when the
        // signal interrupts its read; when it lands between two reads (a loaded machine), the line
        // is dropped at the next Enter. Either way the half-typed line never runs: Enter, then
        // wait for a fresh prompt before the next command.
        #expect(try await terminal.waitForRawMode())
        mark = terminal.screen.endIndex
        terminal.type("some half-typed line\u{03}")
        terminal.type("\r")
        #expect(try await terminal.waitFor("elixirtour processes 1/2> ", after: mark), "screen: \(terminal.screen[mark...])")
        #expect(try await terminal.waitForRawMode())
        terminal.type("next\r")
        #expect(try await terminal.waitFor("Mailboxes", after: mark), "screen: \(terminal.screen[mark...])")
        #expect(!terminal.screen[mark...].contains("Unknown command"))

        terminal.type("quit\r")
        #expect(try await terminal.waitForExit() == 0)
        #expect(terminal.screen.contains("Your progress is saved"))

        // The history is kept for the next session.
        let history = folder.appendingPathComponent(".state/elixirtour/history")
        // libedit's history file writes a space as \040.
        let saved = try String(contentsOf: history, encoding: .utf8).replacingOccurrences(of: "\\040", with: " ")
        #expect(saved.contains("lesson processes"))
        #expect(!saved.contains("half-typed"))
    }

    @Test func ctrlDLeavesAndPositionIsRememberedNextTime() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder)
        #expect(try await BinaryRunner.run(["init"], in: folder, environment: env).status == 0)
        let first = try PseudoTerminal(binary: BinaryRunner.binary, folder: folder, environment: env)
        #expect(try await first.waitFor("elixirtour> "))
        first.type("lesson 2\r")
        #expect(try await first.waitFor("elixirtour messaging 1/1> "))
        #expect(try await first.waitForRawMode())
        first.type("\u{04}")
        #expect(try await first.waitForExit() == 0)

        let second = try PseudoTerminal(binary: BinaryRunner.binary, folder: folder, environment: env)
        #expect(try await second.waitFor("Welcome back"))
        #expect(try await second.waitFor("elixirtour messaging 1/1> "))
        second.type("quit\r")
        #expect(try await second.waitForExit() == 0)
    }

    /// A learner who reads before any workspace exists keeps the place once the shell makes one.
    @Test func positionReadBeforeTheWorkspaceExistedIsKept() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder)
        let first = try PseudoTerminal(binary: BinaryRunner.binary, folder: folder, environment: env)
        #expect(try await first.waitFor("elixirtour> "))
        first.type("lesson 2\r")
        #expect(try await first.waitFor("elixirtour messaging 1/1> "))
        first.type("progress\r")  // needs a workspace: the shell makes one here
        #expect(try await first.waitFor("Total:"))
        first.type("quit\r")
        #expect(try await first.waitForExit() == 0)

        let second = try PseudoTerminal(binary: BinaryRunner.binary, folder: folder, environment: env)
        #expect(try await second.waitFor("Welcome back"))
        second.type("quit\r")
        #expect(try await second.waitForExit() == 0)
    }

    /// The shell parses a line with the command line's own definitions: a leading `elixirtour`
    /// (as the pages print commands) is fine, `help COMMAND` explains it with every flag instead
    /// of running it, and Tab completes the flags of the command being typed.
    @Test func theShellSpeaksTheCommandLinesLanguage() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder)
        let terminal = try PseudoTerminal(binary: BinaryRunner.binary, folder: folder, environment: env)
        #expect(try await terminal.waitFor("elixirtour> "))

        var mark = terminal.screen.endIndex
        terminal.type("elixirtour lessons\r")
        #expect(try await terminal.waitFor("Read one with: lesson 1", after: mark), "screen: \(terminal.screen[mark...])")
        #expect(try await terminal.waitFor("elixirtour> ", after: mark))
        #expect(!terminal.screen[mark...].contains("Unknown command"))

        mark = terminal.screen.endIndex
        terminal.type("help run\r")
        #expect(try await terminal.waitFor("-h, --help", after: mark), "screen: \(terminal.screen[mark...])")
        #expect(try await terminal.waitFor("elixirtour> ", after: mark))
        for flag in ["--trace", "--elixir", "--observe", "--ascii", "--mermaid", "--workspace <dir>", "<example-or-file>"] {
            #expect(terminal.screen[mark...].contains(flag), "help run lists \(flag)")
        }

        // Any capitalisation; the command is explained, not run.
        mark = terminal.screen.endIndex
        terminal.type("help Lessons\r")
        #expect(try await terminal.waitFor("List the lessons, in order.", after: mark), "screen: \(terminal.screen[mark...])")
        #expect(try await terminal.waitFor("elixirtour> ", after: mark))
        #expect(terminal.screen[mark...].contains("--json"))
        #expect(!terminal.screen[mark...].contains("Read one with"))

        // Tab completes a flag of the command being typed (then --help shows the command's help
        // instead of running the example: the line parsed, with the flag complete).
        #expect(try await terminal.waitForRawMode())
        mark = terminal.screen.endIndex
        terminal.type("run spawn-hello --tr\t")
        #expect(try await terminal.waitFor("ace", after: mark), "screen: \(terminal.screen[mark...])")
        terminal.type("--help\r")
        #expect(try await terminal.waitFor("USAGE: elixirtour run", after: mark), "screen: \(terminal.screen[mark...])")
        #expect(try await terminal.waitFor("elixirtour> ", after: mark))
        #expect(!terminal.screen[mark...].contains("Error"))

        // ... and the completed flag is the one the command takes: --json runs.
        #expect(try await terminal.waitForRawMode())
        mark = terminal.screen.endIndex
        terminal.type("lessons --j\t")
        // libedit redraws only what it adds: "son " (the echoed "lessons" has no "son ").
        #expect(try await terminal.waitFor("son ", after: mark), "screen: \(terminal.screen[mark...])")
        terminal.type("\r")
        #expect(try await terminal.waitFor("\"id\" : \"processes\"", after: mark), "screen: \(terminal.screen[mark...])")

        terminal.type("quit\r")
        #expect(try await terminal.waitForExit() == 0)
    }

    /// Long lines wrap between words at the terminal's width, with a hanging indent.
    @Test func longLinesWrapAtWordsOnANarrowTerminal() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder)
        let terminal = try PseudoTerminal(binary: BinaryRunner.binary, folder: folder, environment: env, columns: 40)
        #expect(try await terminal.waitFor("elixirtour> "))

        // The summary "Spawn lightweight processes and give each its own mailbox." under its lesson.
        var mark = terminal.screen.endIndex
        terminal.type("lessons\r")
        #expect(try await terminal.waitFor("Read one with", after: mark), "screen: \(terminal.screen[mark...])")
        #expect(
            terminal.screen[mark...].contains("    Spawn lightweight processes and give\r\n    each its own mailbox."),
            "screen: \(terminal.screen[mark...])")

        // On a narrow terminal help's descriptions go under their usages, wrapped and indented.
        mark = terminal.screen.endIndex
        terminal.type("help\r")
        #expect(try await terminal.waitFor("(Ctrl-D does too).", after: mark), "screen: \(terminal.screen[mark...])")
        #expect(try await terminal.waitFor("elixirtour> ", after: mark))
        let help = String(terminal.screen[mark...])
        #expect(
            help.contains("\r\n      List the commands, or explain one:\r\n      what it does, its arguments and\r\n"),
            "screen: \(help)")
        let lines = help.replacingOccurrences(of: "\u{1B}[0m", with: "").split(separator: "\r\n")
            .map { $0.replacingOccurrences(of: "\u{1B}[36m", with: "").replacingOccurrences(of: "\u{1B}[1m", with: "") }
        for line in lines.dropFirst().dropLast() {
            #expect(line.count <= 40, "wider than the terminal: \(line)")
        }

        terminal.type("quit\r")
        #expect(try await terminal.waitForExit() == 0)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/less"), "needs less"))
    func aLongPageGoesThroughThePager() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        var env = BinaryRunner.environment(home: folder)
        env.removeValue(forKey: "ELIXIRTOUR_PAGER")
        env["PAGER"] = "less"
        let terminal = try PseudoTerminal(binary: BinaryRunner.binary, folder: folder, environment: env, columns: 80, rows: 10)
        #expect(try await terminal.waitFor("elixirtour> "))
        var mark = terminal.screen.endIndex
        terminal.type("lesson 1\r")
        #expect(try await terminal.waitFor("Spawning a process", after: mark))
        // The shell's prompt waits until the learner leaves the pager.
        #expect(try await !terminal.waitFor("elixirtour processes 1/2> ", after: mark, timeout: 1))
        mark = terminal.screen.endIndex
        terminal.type("q")
        #expect(try await terminal.waitFor("elixirtour processes 1/2> ", after: mark))
        terminal.type("quit\r")
        #expect(try await terminal.waitForExit() == 0)
    }
}

/// The exercise in hand: what `exercise NAME` opens, a bare `check`, `hint`, `watch` and
/// `solution` act on, and the prompt shows — never the first exercise not yet passed.
@Suite("The exercise in hand, on a pseudo-terminal", .enabled(if: PseudoTerminal.isAvailable, "needs util-linux's setsid"))
struct ExerciseInHandTerminalTests {
    @Test func bareCommandsActOnTheExerciseOpened() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder, extra: ["ELIXIRTOUR_PAGER": "never"])
        #expect(try await BinaryRunner.run(["init"], in: folder, environment: env).status == 0)
        let terminal = try PseudoTerminal(binary: BinaryRunner.binary, folder: folder, environment: env)
        #expect(try await terminal.waitFor("elixirtour> "))

        // Nothing is open: a bare hint spends nothing and says which exercise is next.
        var mark = terminal.screen.endIndex
        terminal.type("hint\r")
        #expect(try await terminal.waitFor("No exercise is open yet", after: mark), "screen: \(terminal.screen[mark...])")
        #expect(try await terminal.waitFor("exercise ping-reply", after: mark))

        // echo-loop is the second exercise; ping-reply, the first, is not passed.
        mark = terminal.screen.endIndex
        terminal.type("exercise echo-loop\r")
        #expect(try await terminal.waitFor("is the exercise in hand", after: mark), "screen: \(terminal.screen[mark...])")
        #expect(try await terminal.waitFor("elixirtour [echo-loop]> ", after: mark), "the prompt shows the exercise in hand")

        mark = terminal.screen.endIndex
        terminal.type("hint\r")
        #expect(try await terminal.waitFor("Hints for echo-loop", after: mark), "screen: \(terminal.screen[mark...])")
        #expect(try await terminal.waitFor("Loop with recursion.", after: mark))

        mark = terminal.screen.endIndex
        terminal.type("check\r")
        // A check compiles and runs a program: on a loaded machine that takes more than the
        // default wait (nothing here is timed; the waits only bound a hang).
        #expect(try await terminal.waitFor("✗ echo-loop", after: mark, timeout: 90), "screen: \(terminal.screen[mark...])")
        #expect(try await terminal.waitFor("[echo-loop]> ", after: mark))

        mark = terminal.screen.endIndex
        terminal.type("solution\r")
        #expect(try await terminal.waitFor("echo-loop", after: mark), "screen: \(terminal.screen[mark...])")
        terminal.type("n\r")
        #expect(try await terminal.waitFor("[echo-loop]> ", after: mark))

        mark = terminal.screen.endIndex
        terminal.type("watch\r")
        #expect(try await terminal.waitFor("echo-loop", after: mark), "screen: \(terminal.screen[mark...])")
        #expect(try await terminal.waitFor("waiting for a save", after: mark, timeout: 90), "screen: \(terminal.screen[mark...])")
        terminal.type("q")
        #expect(try await terminal.waitFor("[echo-loop]> ", after: mark))
        #expect(!terminal.screen.contains("✗ ping-reply") && !terminal.screen.contains("Hints for ping-reply"), "nothing acted on ping-reply")

        terminal.type("quit\r")
        #expect(try await terminal.waitForExit() == 0)
        let progress = try String(contentsOf: folder.appendingPathComponent("elixirtour-workspace/.elixirtour/progress.json"), encoding: .utf8)
        #expect(progress.contains("\"currentExercise\" : \"echo-loop\"") || progress.contains("\"currentExercise\":\"echo-loop\""))
        #expect(!progress.contains("ping-reply"), "no hint or check was recorded for ping-reply: \(progress)")
    }

    @Test func theSystemShellKeepsTheExerciseInHandToo() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder)
        #expect(try await BinaryRunner.run(["init"], in: folder, environment: env).status == 0)
        let refused = try await BinaryRunner.run(["hint"], in: folder, environment: env)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("No exercise is open yet"))
        #expect(try await BinaryRunner.run(["exercise", "echo-loop"], in: folder, environment: env).status == 0)
        let hint = try await BinaryRunner.run(["hint"], in: folder, environment: env)
        #expect(hint.stdout.contains("Hints for echo-loop"), "\(hint.stdout)\(hint.stderr)")
    }
}
