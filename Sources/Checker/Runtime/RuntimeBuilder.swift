import ChildProcesses
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Builds the prebuilt runtime (`swift build --product OTP`) when it is missing, once, with the
/// build's own progress shown on the terminal.
///
/// Threading: called from one thread at a time.
enum RuntimeBuilder {
    /// Makes sure `location` is complete, building it if it can. `say` tells the learner what is
    /// happening.
    static func ensure(_ location: RuntimeLocation, environment: [String: String], say: (String) -> Void) throws(CheckerError) {
        if location.isComplete { return }
        guard let root = location.packageRoot else {
            throw .runtimeMissing("\(location.library.path) is missing, and there is no Package.swift above it to build it from")
        }
        guard let swift = ChildProcess.which(environment["ELIXIRTOUR_SWIFT"] ?? "swift", environment: environment) else {
            throw .runtimeMissing("swift was not found on PATH")
        }
        let scratch = location.folder.deletingLastPathComponent()
        let arguments = [
            "build", "-c", location.configuration, "--product", "OTP", "--package-path", root.path,
            "--scratch-path", scratch.path,
        ]
        say("The runtime library is not built yet; building it once (swift \(arguments.joined(separator: " "))). This takes a few minutes...")
        let pid: pid_t
        do {
            pid = try ChildProcess.spawn(
                executable: swift, arguments: arguments, environment: environment,
                stdout: STDERR_FILENO, stderr: STDERR_FILENO)
        } catch {
            throw .runtimeMissing("\(error)")
        }
        var guardState = InterruptGuard.begin()
        defer { guardState.end() }
        var unused: [UInt8] = []
        let end = ChildProcess.wait(pid, deadline: nil, received: &unused, interrupted: { guardState.interrupted })
        guard end == .exited(0), location.isComplete else {
            throw .runtimeMissing(
                end == .interrupted
                    ? "the build was stopped by Ctrl-C"
                    : "swift build --product OTP failed (its output is above)")
        }
        say("The runtime library is built.")
    }
}
