import Foundation
import Testing

@Suite("elixirtour subcommands on the built binary")
struct SubcommandTests {
    let folder: URL
    let env: [String: String]

    init() throws {
        folder = try BinaryRunner.temporaryFolder()
        env = BinaryRunner.environment(home: folder)
    }

    private func run(_ arguments: String...) async throws -> BinaryRunner.Result {
        try await BinaryRunner.run(arguments, in: folder, environment: env)
    }

    private func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test func lessonsListsThemAsTextAndJSON() async throws {
        let text = try await run("lessons")
        #expect(text.status == 0)
        #expect(text.stdout.contains("Processes"))
        #expect(text.stdout.contains("Messaging"))
        let lessons = try json(try await run("lessons", "--json").stdout)
        #expect(lessons.map { $0["id"] as? String } == ["processes", "messaging"])
        #expect(lessons[0]["examples"] as? [String] == ["spawn-hello"])
        #expect(lessons[1]["exercises"] as? [String] == ["echo-loop"])
    }

    @Test func lessonShowsAPagePlainWhenPiped() async throws {
        let result = try await run("lesson", "processes", "--page", "2")
        #expect(result.status == 0)
        #expect(result.stdout.contains("Mailboxes"))
        #expect(!result.stdout.contains("\u{1B}["))
        #expect(result.stdout.contains("┌"))
    }

    @Test func unknownNamesAreUsageErrorsWithSuggestions() async throws {
        let result = try await run("lesson", "procesess")
        #expect(result.status == 2)
        #expect(result.stderr.contains("Did you mean 'processes'"))
        let hint = try await run("hint", "ping-rply", "--workspace", folder.path)
        #expect(hint.status == 2)
        let reset = try await run("reset")
        #expect(reset.status == 2)
    }

    @Test func examplesAndExercisesAsJSON() async throws {
        let examples = try json(try await run("examples", "--json").stdout)
        #expect(examples.first?["name"] as? String == "spawn-hello")
        #expect((examples.first?["elixirFile"] as? String)?.hasSuffix("spawn-hello.exs") == true)
        #expect(try await run("init").status == 0)
        let exercises = try json(try await run("exercises", "--json").stdout)
        #expect(exercises.map { $0["name"] as? String } == ["ping-reply", "echo-loop"])
        #expect((exercises[0]["file"] as? String)?.hasSuffix("elixirtour-workspace/exercises/processes/ping-reply.swift") == true)
        #expect(exercises[0]["status"] as? String == "not started")
    }

    @Test func initHintProgressResetAndUndo() async throws {
        #expect(try await run("progress").status == 2)
        let made = try await run("init")
        #expect(made.status == 0)
        let file = folder.appendingPathComponent("elixirtour-workspace/exercises/processes/ping-reply.swift")
        #expect(FileManager.default.fileExists(atPath: file.path))
        try Data("// my work\n".utf8).write(to: file)
        #expect(try await run("init").stdout.contains("kept your edited"))
        // Run from inside the workspace, init refreshes it rather than nesting a new one.
        let inside = try await BinaryRunner.run(["init"], in: file.deletingLastPathComponent(), environment: env)
        #expect(inside.stdout.contains("is up to date"))
        #expect(!FileManager.default.fileExists(atPath: file.deletingLastPathComponent().appendingPathComponent("elixirtour-workspace").path))
        #expect(try String(contentsOf: file, encoding: .utf8) == "// my work\n")
        let first = try await run("hint", "ping-reply")
        #expect(first.stdout.contains("Hint 1 of 2"))
        #expect(!first.stdout.contains("Hint 2 of 2"))
        #expect(try await run("hint", "ping-reply").stdout.contains("Hint 2 of 2"))
        let progress = try await run("progress")
        #expect(progress.status == 0)
        #expect(progress.stdout.contains("0 of 2 exercises passed"))
        #expect(progress.stdout.contains("2 hints used"))
        #expect(try await run("reset", "ping-reply").status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) != "// my work\n")
        #expect(try await run("reset", "--undo").status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == "// my work\n")
        #expect(try await run("progress").stdout.contains("2 hints used"))
    }

    @Test func corruptProgressIsReportedAndMovedAside() async throws {
        #expect(try await run("init").status == 0)
        let state = folder.appendingPathComponent("elixirtour-workspace/.elixirtour")
        try Data("garbage".utf8).write(to: state.appendingPathComponent("progress.json"))
        let result = try await run("progress")
        #expect(result.status == 0)
        #expect(result.stderr.contains("could not be read"))
        let names = try FileManager.default.contentsOfDirectory(atPath: state.path)
        #expect(names.contains { $0.hasPrefix("progress.corrupt-") })
    }

    @Test func contentErrorsExitWithTwoAndNameTheFileAndLine() async throws {
        let lessons = BinaryRunner.fixtureLessons.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("malformed/unknown-key")
        let result = try await BinaryRunner.run(["lessons"], in: folder, environment: BinaryRunner.environment(home: folder, lessons: lessons))
        #expect(result.status == 2)
        #expect(result.stderr.contains("01-x/lesson.json:5: unknown key \"sumary\""))
    }

    @Test func emptyLessonsFolderSaysSo() async throws {
        let empty = try BinaryRunner.temporaryFolder()
        let result = try await BinaryRunner.run(["lessons"], in: folder, environment: BinaryRunner.environment(home: folder, lessons: empty))
        #expect(result.status == 2)
        #expect(result.stderr.contains("No lessons are installed yet"))
    }

    @Test func versionAndHelpAndCompletionScripts() async throws {
        let version = try await run("--version")
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let help = try await run("--help")
        for command in ["lessons", "lesson", "examples", "init", "exercises", "hint", "progress", "reset"] {
            #expect(help.stdout.contains("  \(command)"), "help lists \(command)")
        }
        let bash = try await run("--generate-completion-script", "bash")
        #expect(bash.status == 0)
        #expect(bash.stdout.contains("elixirtour"))
    }

    /// Every command of the shell is a subcommand too, parsed by the same definition: the same
    /// words are accepted (or refused, with the same message) both ways.
    @Test func everyShellCommandWorksFromTheSystemShell() async throws {
        let shellCommands = [
            "lessons", "lesson", "next", "prev", "page", "examples", "example", "exercises", "hint",
            "exercise", "check", "watch", "solution", "run", "observe", "match", "progress", "reset", "init",
        ]
        let listed = try await BinaryRunner.run([], in: folder, environment: env, input: "help\nquit\n").stdout
        for command in shellCommands {
            #expect(listed.contains("  \(command)"), "the shell's help lists \(command)")
            let help = try await run(command, "--help")
            #expect(help.status == 0, "elixirtour \(command) --help")
            #expect(help.stdout.contains("USAGE: elixirtour \(command)"), "elixirtour \(command) --help: \(help.stdout)")
        }

        // example NAME, from the system shell and typed in the shell (with a leading elixirtour).
        let example = try await run("example", "spawn-hello")
        #expect(example.status == 0, "stderr: \(example.stderr)")
        #expect(example.stdout.contains("spawn-hello.swift"))
        let typed = try await BinaryRunner.run([], in: folder, environment: env, input: "elixirtour example spawn-hello\nquit\n")
        #expect(typed.stdout == example.stdout)

        // run's flags agree: --ascii needs --trace both ways, with the same message.
        let refused = try await run("run", "spawn-hello", "--ascii")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--all, --ascii and --mermaid go with --trace."))
        let typedRun = try await BinaryRunner.run([], in: folder, environment: env, input: "run spawn-hello --ascii\nquit\n")
        #expect(typedRun.stderr.contains("--all, --ascii and --mermaid go with --trace."))
        let unknown = try await run("run", "spawn-hello", "--asci")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Unknown option '--asci'"))
        let typedUnknown = try await BinaryRunner.run([], in: folder, environment: env, input: "run spawn-hello --asci\nquit\n")
        #expect(typedUnknown.stderr.contains("Unknown option '--asci'"))

        // help COMMAND lists the same flags as elixirtour COMMAND --help.
        let shellHelp = try await BinaryRunner.run([], in: folder, environment: env, input: "help run\nquit\n").stdout
        for flag in ["--elixir", "--trace", "--ascii", "--mermaid", "--observe", "--workspace"] {
            #expect(shellHelp.contains(flag), "help run lists \(flag)")
            #expect(try await run("run", "--help").stdout.contains(flag))
        }

        // Reading page by page keeps its place in the workspace, from the system shell too.
        #expect(try await run("init").status == 0)
        #expect(try await run("lesson", "processes", "--page", "1").status == 0)
        let next = try await run("next")
        #expect(next.status == 0)
        #expect(next.stdout.contains("Mailboxes"))
        #expect(try await run("page").stdout.contains("Mailboxes"))
        #expect(try await run("prev").stdout.contains("Spawning a process"))
        #expect(try await run("page", "2").stdout.contains("Mailboxes"))

        // observe with no example named: the shell would take the last one; here there is none.
        let observe = try await run("observe")
        #expect(observe.status == 2)
        #expect(observe.stderr.contains("Name the example"))
    }

    @Test func theShellReadsPlainLinesFromAPipe() async throws {
        let input = "lessons\nlesson 1\nnext\nfoo\nquit\n"
        let result = try await BinaryRunner.run([], in: folder, environment: env, input: input)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Spawning a process"))
        #expect(result.stdout.contains("Mailboxes"))
        #expect(result.stderr.contains("Unknown command 'foo'"))
        #expect(!result.stdout.contains("elixirtour>"))
    }
}
