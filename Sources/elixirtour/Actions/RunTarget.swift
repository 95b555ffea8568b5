import Checker
import Foundation
import TourEngine

/// What `run`, `observe` and `run --trace` compile and run: one of the lessons' examples, or a
/// Swift file of the learner's own (`run scratch/hello.swift`): a word ending in `.swift`, or
/// naming an existing file, is a file; anything else is an example's name.
///
/// A learner's file runs under the checker's limits (its wall-clock budget and resident-memory
/// limit, `RunLimits`); its compile errors point at the file and line.
///
/// Threading: an immutable value.
struct RunTarget {
    /// What the learner calls it: the example's name, or the path as typed.
    let title: String
    /// Names its build folder.
    let buildName: String
    let source: URL
    /// Compiled with `source`: the exercise solution an example uses (`Example.companionFiles`).
    let companions: [URL]
    /// The example, when it is one.
    let example: Example?
    /// The limits of a learner's own program; nil for an example.
    let limits: RunLimits?

    /// The budget of a learner's own program.
    static let fileLimits = RunLimits(timeoutSeconds: 30)

    var isFile: Bool { example == nil }

    /// Whether the word names a file rather than an example.
    static func namesFile(_ word: String, context: TourContext) -> Bool {
        if word.hasSuffix(".swift") { return true }
        var isDirectory: ObjCBool = false
        let url = URL(fileURLWithPath: word, relativeTo: context.currentDirectory)
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    static func resolve(_ word: String, context: TourContext) throws -> RunTarget {
        guard namesFile(word, context: context) else {
            let catalog = try context.catalogWithLessons()
            guard let example = catalog.example(named: word) else {
                throw TourError.unknown("example", word, among: catalog.examples.map(\.name), listCommand: "examples")
            }
            return RunTarget(
                title: example.name, buildName: example.name, source: example.swiftFile, companions: example.companionFiles, example: example,
                limits: nil)
        }
        let file = try locate(word, context: context)
        return RunTarget(title: word, buildName: buildName(for: file), source: file, companions: [], example: nil, limits: fileLimits)
    }

    /// The file: from the current folder, else from the workspace's root (so `run
    /// scratch/hello.swift` works from the folder holding the workspace too). An older workspace
    /// gets its `scratch` folder here, the first time a file is run.
    static func locate(_ word: String, context: TourContext) throws -> URL {
        let workspace = try context.findWorkspace()
        if let workspace, let made = try workspace.ensureScratch() {
            Console.print(
                Console.styled(
                    "Made \(workspace.scratchFolder.path) for your own programs, with \(made.lastPathComponent) to start from.", "2", context.terminal))
        }
        var candidates = [URL(fileURLWithPath: word, relativeTo: context.currentDirectory).standardizedFileURL]
        if let workspace, !word.hasPrefix("/") {
            candidates.append(URL(fileURLWithPath: word, relativeTo: workspace.root).standardizedFileURL)
        }
        for candidate in candidates where FileManager.default.isReadableFile(atPath: candidate.path) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return URL(fileURLWithPath: candidate.path)
            }
        }
        var message = "No file \(word) in \(context.currentDirectory.path)"
        if let workspace { message += " or in your workspace \(workspace.root.path)" }
        message += "."
        if let workspace {
            message += " Your own programs go in \(workspace.scratchFolder.path) (try: run \(Workspace.scratchFolderName)/\(Workspace.scratchStarterName))."
        }
        throw TourError.usage(message)
    }

    /// A build folder per file: its name and a digest of its full path, so two `hello.swift`s in
    /// different folders do not share one.
    static func buildName(for file: URL) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in file.path.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let stem = file.deletingPathExtension().lastPathComponent.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return "file-\(stem.prefix(40))-\(String(hash, radix: 16))"
    }
}
