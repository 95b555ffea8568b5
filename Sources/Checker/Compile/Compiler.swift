import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Compiles a learner's file, an exercise's tests and the generated entry point into one
/// program with `swiftc`, against the prebuilt runtime module and library.
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

    func compile(sources: [URL], output: URL, log: URL, environment: [String: String],
                 interrupt: () -> Bool) throws(CheckerError) -> Output {
        let start = Clock.now
        let fd = open(log.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CheckerError.cannotWrite(log.path, String(cString: strerror(errno))) }
        let pid: pid_t
        do {
            pid = try ChildProcess.spawn(executable: swiftc, arguments: arguments(sources: sources, output: output),
                                         environment: environment, stdout: fd, stderr: fd)
        } catch {
            close(fd)
            throw .toolFailed("\(error)")
        }
        close(fd)
        var unused: [UInt8] = []
        let end = ChildProcess.wait(pid, deadline: Clock.now + 120_000_000_000, received: &unused, interrupted: interrupt)
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let seconds = Double(Clock.now - start) / 1e9
        switch end {
        case .exited(0): return Output(succeeded: true, text: text, interrupted: false, seconds: seconds)
        case .interrupted: return Output(succeeded: false, text: text, interrupted: true, seconds: seconds)
        case .timedOut: throw CheckerError.toolFailed("swiftc did not finish within 120 s")
        default: return Output(succeeded: false, text: text, interrupted: false, seconds: seconds)
        }
    }
}
