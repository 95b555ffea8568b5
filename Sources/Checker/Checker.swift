import ChildProcesses
import Foundation
import TourEngine
import TourWire

/// What to check: the learner's file against an exercise's tests, under limits.
///
/// Threading: an immutable value; safe to share between threads.
public struct CheckRequest: Sendable {
    /// Names the build folder (the exercise's name).
    public var name: String
    public var learnerFile: URL
    public var testsFile: URL
    public var limits: RunLimits
    /// The script of a real Elixir node to run beside the program (exercise.json's
    /// `elixirNode`), or nil.
    public var elixirNodeScript: URL?

    public init(name: String, learnerFile: URL, testsFile: URL, limits: RunLimits, elixirNodeScript: URL? = nil) {
        self.name = name
        self.learnerFile = learnerFile.standardizedFileURL
        self.testsFile = testsFile.standardizedFileURL
        self.limits = limits
        self.elixirNodeScript = elixirNodeScript?.standardizedFileURL
    }

    /// The learner's `file` against `exercise`'s tests, with the exercise's timeout and its
    /// Elixir node, if it has one.
    public init(exercise: Exercise, file: URL) {
        self.init(
            name: exercise.name, learnerFile: file, testsFile: exercise.testsFile,
            limits: RunLimits(timeoutSeconds: exercise.timeoutSeconds), elixirNodeScript: exercise.elixirNodeScript)
    }
}

/// The checker: compiles a learner's file with an exercise's tests and the harness against the
/// prebuilt runtime (one `swiftc` call, no package build), runs the program under its limits in
/// its own process group, and grades what it reports. Ctrl-C during a check stops the check. For
/// an exercise with an Elixir node, it starts that node outside the program's limits and stops
/// it when the check ends (`ElixirNodeProcess`).
///
/// Threading: an immutable value; one check at a time per `workFolder` (each check writes its
/// exercise's build folder).
public struct Checker: Sendable {
    /// The entry point compiled with every check.
    static let entryPoint = "import TourHarness\n\nawait Harness.main(tests)\n"

    public let runtime: RuntimeLocation
    /// Where build folders and cached verdicts go (`<workspace>/.elixirtour/build`).
    public let workFolder: URL
    public let environment: [String: String]

    public init(runtime: RuntimeLocation, workFolder: URL, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.runtime = runtime
        self.workFolder = workFolder.standardizedFileURL
        self.environment = environment
    }

    /// The runtime beside the running binary, and `workspace`'s build folder.
    public init(workspace: Workspace, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let executable = LessonsLocator.executableURL() ?? URL(fileURLWithPath: CommandLine.arguments[0])
        self.init(
            runtime: RuntimeLocation.beside(executable: executable, environment: environment),
            workFolder: workspace.stateFolder.appendingPathComponent("build"), environment: environment)
    }

    /// swiftc's path: `ELIXIRTOUR_SWIFTC`, else `swiftc` on PATH.
    func swiftc() throws(CheckerError) -> String {
        guard let path = ChildProcess.which(environment["ELIXIRTOUR_SWIFTC"] ?? "swiftc", environment: environment) else {
            throw .swiftcNotFound
        }
        return path
    }

    /// Builds the runtime if it is missing (see `RuntimeBuilder`).
    public func prepare(say: (String) -> Void) throws(CheckerError) {
        try RuntimeBuilder.ensure(runtime, environment: environment, say: say)
    }

    /// Checks the learner's file. A verdict from the cache is reused when `useCache` and nothing
    /// it depends on changed.
    public func check(_ request: CheckRequest, useCache: Bool = true, say: (String) -> Void = { _ in }) throws(CheckerError) -> CheckResult {
        guard FileManager.default.fileExists(atPath: request.learnerFile.path) else {
            throw .missingLearnerFile(request.learnerFile.path)
        }
        guard let learner = FileManager.default.contents(atPath: request.learnerFile.path) else {
            throw .cannotRead(request.learnerFile.path)
        }
        guard let tests = FileManager.default.contents(atPath: request.testsFile.path) else {
            throw .cannotRead(request.testsFile.path)
        }
        try prepare(say: say)
        let swiftc = try swiftc()
        let folder = workFolder.appendingPathComponent(request.name)
        let testsCopy = folder.appendingPathComponent("ExerciseTests.swift")
        let mainFile = folder.appendingPathComponent("main.swift")
        let program = folder.appendingPathComponent("program")
        let compiler = Compiler(swiftc: swiftc, runtime: runtime)
        let sources = [request.learnerFile, testsCopy, mainFile]
        let arguments = compiler.arguments(sources: sources, output: program)
        let cache = VerdictCache(folder: workFolder.appendingPathComponent("verdicts"))
        var elixirNodeKey: [UInt8] = []
        if let script = request.elixirNodeScript {
            // Whether elixir is there decides between a skip and a run; the script, what it does.
            guard let bytes = FileManager.default.contents(atPath: script.path) else { throw .cannotRead(script.path) }
            let elixir = ChildProcess.which("elixir", environment: environment) ?? "no elixir"
            elixirNodeKey = Array((elixir + "\u{0}").utf8) + [UInt8](bytes)
        }
        let key = VerdictCache.key(
            .init(
                learner: [UInt8](learner), tests: [UInt8](tests), entryPoint: Self.entryPoint, arguments: arguments,
                dependencies: [runtime.library] + runtime.moduleFiles + [URL(fileURLWithPath: swiftc)], limits: request.limits,
                elixirNode: elixirNodeKey))
        if useCache, var cached = cache.load(key) {
            cached.cached = true
            return cached
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try tests.write(to: testsCopy)
            try Data(Self.entryPoint.utf8).write(to: mainFile)
        } catch {
            throw .cannotWrite(folder.path, error.localizedDescription)
        }
        var interrupts = InterruptGuard.begin()
        defer { interrupts.end() }
        // Launched before the compile, which its boot overlaps; stopped however the check ends.
        let elixirNode = request.elixirNodeScript.map { ElixirNodeProcess.launch(script: $0, folder: folder, environment: environment) }
        defer { elixirNode?.stop() }
        let compiled = try compiler.compile(
            sources: sources, output: program, log: folder.appendingPathComponent("compile.txt"),
            environment: environment, interrupt: { interrupts.interrupted })
        if compiled.interrupted {
            return CheckResult(
                status: .error, summary: "The check was stopped by Ctrl-C.", tests: [], diagnostics: [], crash: nil,
                notes: [], compileSeconds: compiled.seconds, runSeconds: 0, cached: false)
        }
        if !compiled.succeeded {
            let diagnostics = DiagnosticParser.parse(
                compiled.text, learner: request.learnerFile,
                tests: (testsCopy, request.testsFile))
            let errors = diagnostics.filter { $0.severity == "error" }
            var summary = "Your code does not compile: \(errors.count) error\(errors.count == 1 ? "" : "s")."
            if errors.isEmpty {
                summary = "The program could not be built:\n" + compiled.text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let result = CheckResult(
                status: .error, summary: summary, tests: [], diagnostics: diagnostics.filter { $0.severity != "warning" || $0.origin == .learner },
                crash: nil, notes: [], compileSeconds: compiled.seconds, runSeconds: 0, cached: false)
            if !errors.isEmpty { cache.store(result, key: key) }
            return result
        }
        var programEnvironment = childEnvironment()
        var elixirNodeFailed = false
        switch elixirNode {
        case nil:
            break
        case .unavailable(let reason):
            programEnvironment[ElixirNodeVariables.skipped] = reason
        case .failed(let reason):
            programEnvironment[ElixirNodeVariables.failed] = reason
            elixirNodeFailed = true
        case .started(let node):
            let deadline = ContinuousClock.now + .seconds(ElixirNodeProcess.startSeconds)
            if let reason = node.waitUntilUp(deadline: deadline, interrupted: { interrupts.interrupted }) {
                programEnvironment[ElixirNodeVariables.failed] = reason
                elixirNodeFailed = true
            } else {
                programEnvironment.merge(node.programVariables) { _, new in new }
            }
        }
        if interrupts.interrupted {
            return CheckResult(
                status: .error, summary: "The check was stopped by Ctrl-C.", tests: [], diagnostics: [], crash: nil,
                notes: [], compileSeconds: compiled.seconds, runSeconds: 0, cached: false)
        }
        let runner = ProgramRunner(limits: request.limits)
        let output = try runner.run(
            program: program, folder: folder, environment: programEnvironment,
            interrupt: { interrupts.interrupted })
        var result = Grader(learnerFile: request.learnerFile, limits: request.limits).grade(output)
        result.compileSeconds = compiled.seconds
        // A node that failed to start says nothing about the learner's code: that verdict is
        // not kept.
        if !elixirNodeFailed { cache.store(result, key: key) }
        return result
    }

    /// The environment a checked program gets: the tour's, without its own settings.
    func childEnvironment() -> [String: String] {
        environment.filter { !$0.key.hasPrefix("ELIXIRTOUR_") }
    }
}
