import ChildProcesses
import Foundation
import TourEngine

#if canImport(Glibc)
import Glibc
#endif

/// What running an example gave.
///
/// Threading: an immutable value; safe to share between threads.
public enum ExampleOutcome: Sendable {
    /// The example did not compile; the diagnostics point into it.
    case compileFailed([Diagnostic], output: String)
    /// It ran. With streaming, `stdout` and `stderr` are empty (they went to the terminal).
    case ran(Termination, stdout: String, stderr: String, seconds: Double)
}

extension Checker {
    /// Compiles an example program (a `.swift` file with top-level code that imports OTP) against
    /// the prebuilt runtime and runs it in its own process group with a wall-clock timeout. With
    /// `stream`, its output goes straight to the terminal; otherwise it is captured (up to 1 MiB
    /// each). The compiled program is reused while the source and the runtime are unchanged.
    /// With `limits` (a learner's own program, `run FILE.swift`), the wall-clock budget is theirs
    /// and the program is stopped once its resident memory is over theirs. `companions` are
    /// compiled with it (an exercise's solution, whose declarations its top-level code uses).
    public func runExample(
        source: URL, companions: [URL] = [], name: String, timeoutSeconds: Double = 30, limits: RunLimits? = nil,
        stream: Bool
    ) throws(CheckerError) -> ExampleOutcome {
        var interrupts = InterruptGuard.begin()
        defer { interrupts.end() }
        switch try compileExample(source: source, companions: companions, name: name, interrupts: interrupts) {
        case .failed(let outcome):
            return outcome
        case .program(let program, let folder):
            return try withRunFolder(in: folder) { (outputs) throws(CheckerError) in
                try runProgram(
                    program.path, arguments: [], folder: outputs, timeoutSeconds: limits?.timeoutSeconds ?? timeoutSeconds,
                    stream: stream, environment: exampleEnvironment(), residentLimit: limits?.residentBytes,
                    interrupted: { interrupts.interrupted }
                ).outcome
            }
        }
    }

    /// The environment an example or a learner's own program runs with: the tour's, without its
    /// own settings, and, unless the learner set `SWIFT_BACKTRACE` themselves, Swift's crash report
    /// cut to what a learner reads (the failed check's message and the crashed thread's frames,
    /// without registers and loaded images).
    func exampleEnvironment() -> [String: String] {
        var environment = childEnvironment()
        if environment["SWIFT_BACKTRACE"] == nil {
            environment["SWIFT_BACKTRACE"] = Self.learnerBacktrace
        }
        return environment
    }

    /// `SWIFT_BACKTRACE` for programs whose crash a learner reads.
    static let learnerBacktrace = "enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none,limit=16"

    /// Runs `body` with a new folder of its own inside `folder`, removed afterwards: two runs of
    /// the same example at once (two terminals, parallel tests) write their output to different
    /// files.
    func withRunFolder<T>(in folder: URL, _ body: (URL) throws(CheckerError) -> T) throws(CheckerError) -> T {
        let run = try makeRunFolder(in: folder)
        defer { try? FileManager.default.removeItem(at: run) }
        return try body(run)
    }

    /// A new, empty folder inside `folder` for one run's output files.
    func makeRunFolder(in folder: URL) throws(CheckerError) -> URL {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var template = Array(folder.appendingPathComponent("run-XXXXXX").path.utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw .cannotWrite(folder.path, String(cString: strerror(errno)))
        }
        return URL(fileURLWithPath: String(cString: made))
    }

    enum CompiledExample {
        case program(URL, folder: URL)
        /// It did not compile, or the compile was interrupted.
        case failed(ExampleOutcome)
    }

    /// Compiles an example (or reuses its program while its sources and the runtime are
    /// unchanged): `source` is the program's top-level code (compiled as `main.swift`), and
    /// `companions` are compiled with it where they are.
    func compileExample(source: URL, companions: [URL] = [], name: String, interrupts: InterruptGuard) throws(CheckerError) -> CompiledExample {
        guard let text = FileManager.default.contents(atPath: source.path) else { throw .cannotRead(source.path) }
        var companionTexts: [Data] = []
        for companion in companions {
            guard let companionText = FileManager.default.contents(atPath: companion.path) else { throw .cannotRead(companion.path) }
            companionTexts.append(companionText)
        }
        try prepare(say: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
        let swiftc = try swiftc()
        let folder = workFolder.appendingPathComponent("examples").appendingPathComponent(name)
        let mainFile = folder.appendingPathComponent("main.swift")
        let program = folder.appendingPathComponent("program")
        let compiler = Compiler(swiftc: swiftc, runtime: runtime)
        let sources = [mainFile] + companions
        let arguments = compiler.arguments(sources: sources, output: program)
        var digest = FieldDigest()
        digest.field("source", [UInt8](text))
        for companionText in companionTexts { digest.field("companion", [UInt8](companionText)) }
        digest.field("arguments", Array(arguments.joined(separator: "\u{0}").utf8))
        for file in [runtime.library] + runtime.moduleFiles + [URL(fileURLWithPath: swiftc)] {
            digest.field("file", Array((file.path + "|" + VerdictCache.stamp(file)).utf8))
        }
        let key = digest.finish()
        let keyFile = folder.appendingPathComponent("program.key")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(folder.path, error.localizedDescription)
        }
        // One compile of an example at a time: another `elixirtour` compiling the same example
        // would write the same main.swift, objects and program (the linker replaces the program
        // by renaming, so a run that already started it is not disturbed).
        return try FileLock.withExclusive(folder.appendingPathComponent(".lock").path) { () throws(CheckerError) -> CompiledExample in
            let upToDate =
                (try? String(contentsOf: keyFile, encoding: .utf8)) == key
                && FileManager.default.isExecutableFile(atPath: program.path)
            if upToDate { return .program(program, folder: folder) }
            do {
                try? FileManager.default.removeItem(at: keyFile)
                try text.write(to: mainFile)
            } catch {
                throw .cannotWrite(folder.path, error.localizedDescription)
            }
            let compiled = try compiler.compile(
                sources: sources, output: program, log: folder.appendingPathComponent("compile.txt"),
                environment: environment, interrupt: { interrupts.interrupted })
            guard compiled.succeeded else {
                if compiled.interrupted { return .failed(.ran(.interrupted, stdout: "", stderr: "", seconds: 0)) }
                let diagnostics = DiagnosticParser.parse(compiled.text, learner: mainFile, tests: (mainFile, mainFile))
                    .map { diagnostic -> Diagnostic in
                        var mapped = diagnostic
                        if mapped.origin == .learner { mapped.file = source.path }
                        return mapped
                    }
                return .failed(.compileFailed(diagnostics, output: compiled.text))
            }
            try? key.write(to: keyFile, atomically: true, encoding: .utf8)
            return .program(program, folder: folder)
        }
    }

    /// Runs the Elixir twin of an example with `elixir`, captured, under the same timeout.
    /// Returns nil when there is no `elixir` on PATH.
    public func runElixir(script: URL, timeoutSeconds: Double = 30) throws(CheckerError) -> ExampleOutcome? {
        guard let elixir = ChildProcess.which("elixir", environment: environment) else { return nil }
        let folder = workFolder.appendingPathComponent("examples").appendingPathComponent("elixir")
        var interrupts = InterruptGuard.begin()
        defer { interrupts.end() }
        return try withRunFolder(in: folder) { (outputs) throws(CheckerError) in
            try runProgram(
                elixir, arguments: [script.path], folder: outputs, timeoutSeconds: timeoutSeconds, stream: false,
                environment: environment, interrupted: { interrupts.interrupted }
            ).outcome
        }
    }

    /// Runs a program; with `channel`, its `program` end becomes the program's descriptor 3 and what
    /// arrives on its `tour` end is returned as `received`.
    func runProgram(
        _ executable: String, arguments: [String], folder: URL, timeoutSeconds: Double, stream: Bool,
        environment: [String: String], channel: (program: Int32, tour: Int32)? = nil,
        residentLimit: UInt64? = nil, interrupted: () -> Bool
    ) throws(CheckerError) -> (outcome: ExampleOutcome, received: [UInt8]) {
        let outURL = folder.appendingPathComponent("stdout.txt")
        let errURL = folder.appendingPathComponent("stderr.txt")
        var out: Int32 = STDOUT_FILENO
        var err: Int32 = STDERR_FILENO
        if !stream {
            out = open(outURL.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            err = open(errURL.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard out >= 0, err >= 0 else { throw .cannotWrite(folder.path, String(cString: strerror(errno))) }
        }
        defer {
            if !stream {
                close(out)
                close(err)
            }
        }
        fflush(nil)
        let start = ContinuousClock.now
        let pid: pid_t
        do {
            pid = try ChildProcess.spawn(
                executable: executable, arguments: arguments, environment: environment,
                stdout: out, stderr: err, channel: channel?.program)
        } catch {
            if let channel { close(channel.program) }
            throw .toolFailed("\(error)")
        }
        var received: [UInt8] = []
        // The program has its copy; without ours the tour sees the stream end when the program does.
        if let channel { close(channel.program) }
        let end = ChildProcess.wait(
            pid, deadline: start + .seconds(timeoutSeconds), channel: channel?.tour,
            received: &received, residentLimit: residentLimit, interrupted: interrupted)
        let seconds = start.elapsedSeconds
        guard !stream else { return (.ran(end, stdout: "", stderr: "", seconds: seconds), received) }
        func read(_ url: URL) -> String {
            let bytes = (try? Data(contentsOf: url)) ?? Data()
            return String(decoding: bytes.prefix(1 << 20), as: UTF8.self)
        }
        return (.ran(end, stdout: read(outURL), stderr: read(errURL), seconds: seconds), received)
    }
}
