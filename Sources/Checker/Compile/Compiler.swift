import ChildProcesses
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Compiles a learner's file, an exercise's tests and the generated entry point into one
/// program with `swiftc`, against the prebuilt runtime module and library.
///
/// The driver's jobs are run directly after the first compile (`CompilePlan`); setting
/// `ELIXIRTOUR_NO_COMPILE_PLAN` runs `swiftc` every time instead.
///
/// One frontend job (`-wmo`) with line tables only (so a trap's backtrace names the learner's line, at less cost than full debug info);
/// no package build.
///
/// Threading: an immutable value; `compile` may run on any thread, one call per build folder.
struct Compiler: Sendable {
    static let moduleName = "ExerciseProgram"

    let swiftc: String
    let runtime: RuntimeLocation
    /// `-Xcc -fmodule-map-file=…` for each C module the runtime's modules import.
    let moduleMapFlags: [String]

    init(swiftc: String, runtime: RuntimeLocation) {
        self.swiftc = swiftc
        self.runtime = runtime
        self.moduleMapFlags = runtime.clangModuleMaps.flatMap { ["-Xcc", "-fmodule-map-file=\($0.path)"] }
    }

    struct Output {
        let succeeded: Bool
        let text: String
        let interrupted: Bool
        let seconds: Double
    }

    func arguments(sources: [URL], output: URL) -> [String] {
        [
            // lld links the program against libOTP.so faster than the default gold.
            "-wmo", "-gline-tables-only", "-Onone", "-swift-version", "6", "-use-ld=lld",
            "-module-name", Self.moduleName,
            "-diagnostic-style", "llvm", "-no-color-diagnostics",
            "-I", runtime.modules.path, "-L", runtime.folder.path, "-lOTP",
            "-Xlinker", "-rpath", "-Xlinker", runtime.folder.path,
            "-o", output.path,
        ] + moduleMapFlags + sources.map(\.path)
    }

    func compile(
        sources: [URL], output: URL, log: URL, environment: [String: String],
        interrupt: () -> Bool
    ) throws(CheckerError) -> Output {
        let start = ContinuousClock.now
        let arguments = arguments(sources: sources, output: output)
        if environment["ELIXIRTOUR_NO_COMPILE_PLAN"] == nil,
            let plan = plan(arguments: arguments, sources: sources, output: output, environment: environment)
        {
            let scratch = output.deletingLastPathComponent().appendingPathComponent("jobs")
            mkdir(scratch.path, 0o755)
            let outcome = try run(
                plan.jobs(sources: sources, output: output, scratch: scratch), log: log,
                environment: environment, interrupt: interrupt)
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let seconds = start.elapsedSeconds
            switch outcome {
            case .succeeded: return Output(succeeded: true, text: text, interrupted: false, seconds: seconds)
            case .interrupted: return Output(succeeded: false, text: text, interrupted: true, seconds: seconds)
            case .failed(let job) where job == 0 && text.contains(": error: "):
                // The learner's code did not compile: the frontend said why, as swiftc would.
                return Output(succeeded: false, text: text, interrupted: false, seconds: seconds)
            case .failed:
                break  // anything else: let swiftc itself say what is wrong
            }
        }
        let outcome = try run([[swiftc] + arguments], log: log, environment: environment, interrupt: interrupt)
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let seconds = start.elapsedSeconds
        switch outcome {
        case .succeeded: return Output(succeeded: true, text: text, interrupted: false, seconds: seconds)
        case .interrupted: return Output(succeeded: false, text: text, interrupted: true, seconds: seconds)
        case .failed: return Output(succeeded: false, text: text, interrupted: false, seconds: seconds)
        }
    }

    enum JobsOutcome { case succeeded, interrupted, failed(job: Int) }

    /// Runs `jobs` one after the other, all writing to `log`, stopping at the first that fails.
    private func run(
        _ jobs: [[String]], log: URL, environment: [String: String],
        interrupt: () -> Bool
    ) throws(CheckerError) -> JobsOutcome {
        let fd = open(log.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CheckerError.cannotWrite(log.path, String(cString: strerror(errno))) }
        defer { close(fd) }
        for (index, job) in jobs.enumerated() {
            let pid: pid_t
            do {
                pid = try ChildProcess.spawn(
                    executable: job[0], arguments: Array(job.dropFirst()),
                    environment: environment, stdout: fd, stderr: fd)
            } catch {
                throw .toolFailed("\(error)")
            }
            var unused: [UInt8] = []
            let end = ChildProcess.wait(pid, deadline: .now + .seconds(120), received: &unused, interrupted: interrupt)
            switch end {
            case .exited(0): continue
            case .interrupted: return .interrupted
            case .timedOut: throw CheckerError.toolFailed("\((job[0] as NSString).lastPathComponent) did not finish within 120 s")
            default: return .failed(job: index)
            }
        }
        return .succeeded
    }

    /// The driver's jobs for this kind of compile: kept beside the build folders, asked of the
    /// driver when missing or made for another toolchain or runtime.
    private func plan(arguments: [String], sources: [URL], output: URL, environment: [String: String]) -> CompilePlan? {
        var stamp = stat()
        guard stat(swiftc, &stamp) == 0 else { return nil }
        let generic = arguments.map { word in
            if let index = sources.firstIndex(where: { $0.path == word }) { return "source \(index)" }
            return word == output.path ? "program" : word
        }
        let key = ([swiftc, "\(stamp.st_mtim.tv_sec).\(stamp.st_mtim.tv_nsec)", "\(sources.count)"] + generic).joined(separator: "\u{0}")
        let file = output.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("compile-plan.json")
        if let kept = CompilePlan.load(from: file, key: key) { return kept }
        guard
            let made = CompilePlan.make(
                swiftc: swiftc, arguments: arguments, sources: sources, output: output, key: key,
                environment: environment)
        else { return nil }
        made.save(to: file)
        return made
    }
}
