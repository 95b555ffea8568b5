import ChildProcesses
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The jobs `swiftc` runs for one check (the frontend, `swift-autolink-extract`, the linker),
/// asked of the driver once with `-###` and then run directly. The driver's own planning costs
/// about 100 ms per call, a fifth of a check; the plan is the same for every check with the same
/// toolchain, runtime and number of sources, so it is kept on disk beside the build folders.
///
/// The plan stores its jobs with the paths that change from check to check (the sources, the
/// program, the driver's temporary folder) replaced by markers, and puts them back for each
/// check. Anything unexpected in the driver's answer (an unknown job, a quoting it cannot read)
/// means no plan: the caller then runs `swiftc` as before.
///
/// Threading: an immutable value; safe to share between threads.
struct CompilePlan: Codable, Sendable, Equatable {
    /// What the plan was made for: the compiler, the runtime, the flags, how many sources.
    let key: String
    /// Each job: the executable first, then its arguments, with markers for the paths.
    let jobs: [[String]]

    static let sourceMarker = "\u{1}source:"
    static let outputMarker = "\u{1}output"
    static let scratchMarker = "\u{1}scratch"
    static let directoryMarker = "\u{1}cwd"

    /// Asks `swiftc` for its jobs (`-###`, nothing is compiled). Nil when the answer is not
    /// three jobs of the expected tools or cannot be read.
    static func make(
        swiftc: String, arguments: [String], sources: [URL], output: URL, key: String,
        environment: [String: String]
    ) -> CompilePlan? {
        guard let text = try? ChildProcess.capture(executable: swiftc, arguments: arguments + ["-###"], environment: environment)
        else { return nil }
        var jobs: [[String]] = []
        for line in text.split(separator: "\n") where !line.isEmpty {
            // The driver quotes each word for a POSIX shell.
            guard let words = ShellWords.split(String(line)), !words.isEmpty else { return nil }
            jobs.append(words)
        }
        let tools = jobs.map { ($0.first as NSString?)?.lastPathComponent ?? "" }
        guard tools == ["swift-frontend", "swift-autolink-extract", "clang"], jobs[0].dropFirst().first == "-frontend",
            jobs[0].contains("-c")
        else { return nil }
        // The driver's temporary folder: where the frontend's object goes.
        guard let objectIndex = jobs[0].lastIndex(of: "-o"), objectIndex + 1 < jobs[0].count else { return nil }
        let scratch = (jobs[0][objectIndex + 1] as NSString).deletingLastPathComponent
        guard scratch.count > 1 else { return nil }
        var marked: [[String]] = []
        for job in jobs {
            var out: [String] = []
            var skipNext = false
            var directoryNext = false
            for word in job {
                if skipNext {
                    skipNext = false
                    continue
                }
                if directoryNext {
                    // The driver's working directory, for debug information: the one of each check.
                    out.append(directoryMarker)
                    directoryNext = false
                    continue
                }
                if word == "-file-compilation-dir" {
                    directoryNext = true
                    out.append(word)
                    continue
                }
                // A file of supplementary outputs the driver would write: none is wanted here.
                if word == "-supplementary-output-file-map" {
                    skipNext = true
                    continue
                }
                if let index = sources.firstIndex(where: { $0.path == word }) {
                    out.append(sourceMarker + String(index))
                } else if word == output.path {
                    out.append(outputMarker)
                } else if word.contains(scratch) {
                    out.append(word.replacingOccurrences(of: scratch, with: scratchMarker))
                } else {
                    out.append(word)
                }
            }
            marked.append(out)
        }
        // Every source and the program must appear, or the plan would compile something else.
        let flat = marked.joined()
        guard flat.contains(outputMarker), (0..<sources.count).allSatisfy({ flat.contains(sourceMarker + String($0)) }) else { return nil }
        return CompilePlan(key: key, jobs: marked)
    }

    /// The jobs for these sources and program, with `scratch` for the driver's temporary files.
    func jobs(sources: [URL], output: URL, scratch: URL) -> [[String]] {
        jobs.map { job in
            job.map { word in
                if word.hasPrefix(Self.sourceMarker), let index = Int(word.dropFirst(Self.sourceMarker.count)), index < sources.count {
                    return sources[index].path
                }
                if word == Self.outputMarker { return output.path }
                if word == Self.directoryMarker { return FileManager.default.currentDirectoryPath }
                return word.replacingOccurrences(of: Self.scratchMarker, with: scratch.path)
            }
        }
    }

    /// The plan kept in `file` for `key`, if there is one.
    static func load(from file: URL, key: String) -> CompilePlan? {
        guard let data = try? Data(contentsOf: file), let plan = try? JSONDecoder().decode(CompilePlan.self, from: data),
            plan.key == key
        else { return nil }
        return plan
    }

    /// Keeps the plan in `file` (written whole, then renamed, so a reader never sees half).
    func save(to file: URL) {
        guard let data = try? JSONEncoder().encode(self) else { return }
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).\(getpid())")
        guard (try? data.write(to: temporary)) != nil else { return }
        if rename(temporary.path, file.path) != 0 { unlink(temporary.path) }
    }
}
