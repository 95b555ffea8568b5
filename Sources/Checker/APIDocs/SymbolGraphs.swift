import ChildProcesses
import Foundation

extension Checker {
    /// The runtime's modules whose public declarations `h NAME` explains (the umbrella `OTP`
    /// re-exports them); a module that is not built (yet) is left out.
    public static let documentedModules = [
        "OTPCore", "OTPTerms", "OTPGenServer", "OTPSupervision", "OTPDistribution", "OTPApplication", "OTPSockets",
        "OTPRegistry", "OTPETS",
    ]

    /// The folder holding the symbol graphs (`<Module>.symbols.json`, and `<Module>@<Other>` for
    /// extensions of another module's types) of the runtime's modules: what `swift
    /// symbolgraph-extract` reads from the built modules, with their documentation comments.
    ///
    /// Made on first use and kept beside the build (`<runtime folder>/elixirtour-api/`), keyed by
    /// the library's modification time and size: a rebuilt runtime gets new graphs. Two tours
    /// making them at once each write a folder of their own and the first rename wins.
    public func symbolGraphs(say: (String) -> Void) throws(CheckerError) -> URL {
        try prepare(say: say)
        let stamp = VerdictCache.stamp(runtime.library)
        let cache = runtime.folder.appendingPathComponent("elixirtour-api")
        let current = cache.appendingPathComponent("graphs")
        let stampFile = current.appendingPathComponent("stamp")
        if (try? String(contentsOf: stampFile, encoding: .utf8)) == stamp { return current }
        guard let extractor = symbolGraphExtractor() else {
            throw .toolFailed("swift-symbolgraph-extract was not found beside swiftc (it comes with the Swift toolchain)")
        }
        let files = FileManager.default
        do {
            try files.createDirectory(at: cache, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(cache.path, error.localizedDescription)
        }
        say("Reading the runtime's documentation comments (once per build of the runtime; a few seconds)…")
        let fresh = try makeRunFolder(in: cache)
        defer { try? files.removeItem(at: fresh) }
        let moduleMaps = runtime.clangModuleMaps.flatMap { ["-Xcc", "-fmodule-map-file=\($0.path)"] }
        var made = 0
        var failures: [String] = []
        for module in Self.documentedModules
        where files.fileExists(atPath: runtime.modules.appendingPathComponent("\(module).swiftmodule").path) {
            let arguments =
                [
                    "-module-name", module, "-I", runtime.modules.path, "-target", Self.targetTriple,
                    "-minimum-access-level", "public", "-skip-synthesized-members", "-output-dir", fresh.path,
                ] + moduleMaps
            do {
                let output = try ChildProcess.run(
                    executable: extractor, arguments: arguments, environment: environment,
                    timeout: .seconds(120))
                if output.termination == .exited(0) { made += 1 } else { failures.append("\(module): \(output.text.prefix(400))") }
            } catch {
                failures.append("\(module): \(error)")
            }
        }
        guard made > 0 else { throw .toolFailed("swift-symbolgraph-extract failed:\n" + failures.joined(separator: "\n")) }
        do {
            try stamp.write(to: fresh.appendingPathComponent("stamp"), atomically: true, encoding: .utf8)
            try? files.removeItem(at: current)
            try files.moveItem(at: fresh, to: current)
        } catch {
            // Another tour put its graphs there first: use them.
            if (try? String(contentsOf: stampFile, encoding: .utf8)) == stamp { return current }
            throw .cannotWrite(current.path, error.localizedDescription)
        }
        return current
    }

    /// `swift-symbolgraph-extract` beside the `swiftc` the checker compiles with.
    func symbolGraphExtractor() -> String? {
        guard let swiftc = try? swiftc() else { return nil }
        let resolved = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath()
        for folder in [URL(fileURLWithPath: swiftc).deletingLastPathComponent(), resolved.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("swift-symbolgraph-extract").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return ChildProcess.which("swift-symbolgraph-extract", environment: environment)
    }

    /// The target the runtime was built for (symbolgraph-extract needs it named).
    static var targetTriple: String {
        #if os(macOS)
        #if arch(arm64)
        "arm64-apple-macosx15.0"
        #else
        "x86_64-apple-macosx15.0"
        #endif
        #else
        #if arch(arm64)
        "aarch64-unknown-linux-gnu"
        #else
        "x86_64-unknown-linux-gnu"
        #endif
        #endif
    }
}
