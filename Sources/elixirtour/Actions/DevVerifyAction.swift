import Checker
import Foundation
import TourEngine

/// `dev verify`: the content checked like code. Every exercise's starter compiles and fails its
/// tests, every reference solution passes, every example compiles and runs, every Elixir
/// twin prints the same as its Swift example (normalised) where `elixir` is installed, and the
/// code in the pages holds (`DevVerifyPages`).
struct DevVerifyAction {
    let context: TourContext

    /// Returns the number of problems found (each is printed).
    func run(only: String?) throws -> Int {
        let catalog = try context.catalog()
        let executable = LessonsLocator.executableURL() ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("elixirtour-verify-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let checker = Checker(
            runtime: RuntimeLocation.beside(executable: executable, environment: context.environment),
            workFolder: folder, environment: context.environment)
        try checker.prepare { Console.warn($0) }
        let terminal = context.terminal
        var problems = 0
        func ok(_ text: String) { Console.print(Console.styled("ok     ", "32", terminal) + text) }
        func problem(_ text: String) {
            problems += 1
            Console.print(Console.styled("FAILED ", "1;31", terminal) + text)
        }
        // NAME is an exercise, an example, or a lesson (its exercises, examples and pages).
        let exercises = catalog.exercises.filter { only == nil || $0.name == only || $0.lessonID == only }
        let examples = catalog.examples.filter { only == nil || $0.name == only || $0.lessonID == only }
        let lessons = catalog.lessons.filter { only == nil || $0.id == only }
        if only != nil && exercises.isEmpty && examples.isEmpty && lessons.isEmpty {
            throw TourError.usage("There is no exercise, example or lesson named '\(only!)'.")
        }
        for exercise in exercises {
            for (role, source) in [("starter", exercise.starterFile), ("solution", exercise.solutionFile)] {
                let copy = folder.appendingPathComponent(role).appendingPathComponent("\(exercise.name).swift")
                try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? FileManager.default.removeItem(at: copy)
                try FileManager.default.copyItem(at: source, to: copy)
                let result = try checker.check(CheckRequest(exercise: exercise, file: copy), useCache: false)
                let failing = result.tests.filter { $0.status != .pass && $0.status != .skipped }.count
                let skipped = result.tests.filter { $0.status == .skipped }
                let what = "exercise \(exercise.name): \(role)"
                // A test skips where a program it needs is missing; under CI nothing may skip.
                let skipNote = skipped.isEmpty ? "" : ", \(skipped.count) skipped: \(skipped[0].message ?? "no reason given")"
                switch (role, result.status) {
                case ("starter", .fail) where result.crash == nil && !result.tests.contains(where: \.timedOut):
                    ok("\(what) compiles and fails (\(failing) of \(result.tests.count) tests\(skipNote))")
                case ("solution", .pass) where !skipped.isEmpty && context.environment["CI"] == "true":
                    problem("\(what) passes, but under CI=true no test may skip, and \(skipped.count) did (\(skipped[0].message ?? "no reason given"))")
                case ("solution", .pass):
                    ok("\(what) passes (\(result.tests.count) tests, \(String(format: "%.2f", result.compileSeconds + result.runSeconds)) s\(skipNote))")
                default:
                    let expectation = role == "starter" ? "compile and fail its tests cleanly" : "pass"
                    problem(
                        "\(what) should \(expectation), but:\n"
                            + CheckReport(
                                result: result, learnerFile: source, testsFile: exercise.testsFile,
                                title: "\(exercise.name) (\(role))", color: terminal.color
                            ).render())
                }
            }
        }
        // An example's deadline here is generous: dev verify runs in CI on loaded machines, where
        // elixir alone can take ten seconds to boot; a learner's `run` keeps the 30 s default.
        let exampleDeadline = 180.0
        for example in examples {
            // The example and its twin register their nodes with an EPMD of their own (see
            // DevVerifyEPMD): another dev verify running now uses the same node names.
            let epmd = DevVerifyEPMD.start(environment: context.environment)
            defer { epmd?.stop() }
            let exampleChecker =
                epmd.map {
                    Checker(runtime: checker.runtime, workFolder: checker.workFolder, environment: $0.environment(checker.environment))
                } ?? checker
            let outcome = try exampleChecker.runExample(
                source: example.swiftFile, companions: example.companionFiles, name: example.name, timeoutSeconds: exampleDeadline, stream: false)
            guard case .ran(let end, let stdout, let stderr, _) = outcome else {
                if case .compileFailed(let diagnostics, let output) = outcome {
                    let detail =
                        diagnostics.isEmpty ? output : diagnostics.map { "  \($0.file):\($0.line):\($0.column): \($0.message)" }.joined(separator: "\n")
                    problem("example \(example.name) does not compile:\n\(detail)")
                }
                continue
            }
            guard end == .exited(0) else {
                problem("example \(example.name) did not run cleanly (\(end)):\n\(Self.excerpt(stderr))")
                continue
            }
            guard let twin = example.elixirFile else {
                ok("example \(example.name) compiles and runs")
                continue
            }
            guard let beam = try exampleChecker.runElixir(script: twin, timeoutSeconds: exampleDeadline) else {
                ok("example \(example.name) compiles and runs (elixir is not installed: its twin was not compared)")
                continue
            }
            guard case .ran(let beamEnd, let beamOut, let beamErr, _) = beam, beamEnd == .exited(0) else {
                if case .ran(let beamEnd, _, let beamErr, _) = beam {
                    problem("the Elixir twin of \(example.name) did not run cleanly (\(beamEnd)):\n\(Self.excerpt(beamErr))")
                }
                continue
            }
            _ = beamErr
            let swift = OutputNormalizer.normalize(stdout)
            let elixir = OutputNormalizer.normalize(beamOut)
            if swift == elixir {
                ok("example \(example.name) runs and prints the same as its Elixir twin")
            } else {
                problem(
                    "example \(example.name) prints differently from its Elixir twin:\n"
                        + RunAction.sideBySide(left: elixir, right: swift, width: terminal.width, color: terminal.color))
            }
        }
        let pages = try DevVerifyPages(
            checker: checker, environment: context.environment, executable: Self.runningProgram(else: executable), ok: ok, problem: problem,
            note: { Console.print($0) }
        ).run(lessons)
        Console.print(
            problems == 0
                ? "Verified \(exercises.count) exercises, \(examples.count) examples and the code of \(pages) pages: no problems."
                : "\(problems) problem\(problems == 1 ? "" : "s") found.")
        return problems
    }

    /// Where to start this very program again (the pages' Swift node): `/proc/PID/exe`, which
    /// opens the file this process runs even after a rebuild replaced the one at `path`;
    /// `path` where there is no `/proc`.
    static func runningProgram(else path: URL) -> URL {
        let link = "/proc/\(getpid())/exe"
        return FileManager.default.fileExists(atPath: link) ? URL(fileURLWithPath: link) : path
    }

    /// A failed program's standard error, cut to its beginning and its end: a Swift program that
    /// traps names the cause (`Fatal error: ...`) at the top, before a backtrace whose end (its
    /// registers and images) says nothing about it.
    static func excerpt(_ text: String, head: Int = 3000, tail: Int = 1000) -> String {
        guard text.count > head + tail else { return text }
        return "\(text.prefix(head))\n[\(text.count - head - tail) characters left out]\n\(text.suffix(tail))"
    }
}
