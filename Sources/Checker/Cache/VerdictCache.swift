import Foundation

/// Verdicts kept on disk, keyed by a SHA-256 of everything a verdict depends on: the learner's
/// file, the exercise's tests, the generated entry point, the runtime library and modules (size
/// and modification time), the swiftc binary (same), the compiler's arguments and the limits,
/// and for an exercise with an Elixir node its script and whether `elixir` is installed.
///
/// Only verdicts that the same inputs would give again are stored: passes, failed tests and
/// compile errors, not timeouts, crashes or interrupted checks (those can depend on the
/// machine's load).
///
/// Threading: an immutable value; reads and writes go to separate files, written atomically.
struct VerdictCache: Sendable {
    let folder: URL

    struct Inputs {
        var learner: [UInt8]
        var tests: [UInt8]
        var entryPoint: String
        var arguments: [String]
        var dependencies: [URL]
        var limits: RunLimits
        /// For an exercise with an Elixir node: the `elixir` found (or that none was) and the
        /// node's script. Empty otherwise.
        var elixirNode: [UInt8] = []
    }

    static func key(_ inputs: Inputs) -> String {
        var digest = FieldDigest()
        digest.field("format", Array("elixirtour-verdict-1".utf8))
        digest.field("learner", inputs.learner)
        digest.field("tests", inputs.tests)
        digest.field("main", Array(inputs.entryPoint.utf8))
        digest.field("arguments", Array(inputs.arguments.joined(separator: "\u{0}").utf8))
        for file in inputs.dependencies {
            digest.field("file", Array((file.path + "|" + stamp(file)).utf8))
        }
        digest.field("limits", Array(inputs.limits.cacheKey.utf8))
        if !inputs.elixirNode.isEmpty { digest.field("elixir-node", inputs.elixirNode) }
        return digest.finish()
    }

    /// Size, modification time and inode: changes whenever the file is rebuilt.
    static func stamp(_ file: URL) -> String {
        var info = stat()
        guard stat(file.resolvingSymlinksInPath().path, &info) == 0 else { return "missing" }
        return "\(info.st_size)|\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)|\(info.st_ino)"
    }

    func load(_ key: String) -> CheckResult? {
        guard let data = FileManager.default.contents(atPath: file(key).path) else { return nil }
        return try? JSONDecoder().decode(CheckResult.self, from: data)
    }

    func store(_ result: CheckResult, key: String) {
        guard Self.isReproducible(result) else { return }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let data = try? JSONEncoder().encode(result) {
            try? data.write(to: file(key), options: .atomic)
        }
    }

    static func isReproducible(_ result: CheckResult) -> Bool {
        result.crash == nil && !result.tests.contains { $0.timedOut || $0.status == .error }
            && (result.status != .error || !result.diagnostics.isEmpty)
    }

    private func file(_ key: String) -> URL { folder.appendingPathComponent("\(key).json") }
}
