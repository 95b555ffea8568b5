import Foundation

/// Finds the tour's `Lessons` folder wherever the binary is run from.
///
/// In order: the folder named by `ELIXIRTOUR_LESSONS`; then `Lessons` beside the executable and
/// in each of its parent folders (the binary lives in `<repo>/.build/<config>/elixirtour`).
/// Threading: stateless; safe to call from any thread.
public enum LessonsLocator {
    public static let environmentKey = "ELIXIRTOUR_LESSONS"

    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL? = executableURL()
    ) throws(CatalogError) -> URL {
        if let override = environment[environmentKey], !override.isEmpty {
            let url = URL(fileURLWithPath: override).standardizedFileURL
            guard isDirectory(url) else { throw .overrideMissing(url) }
            return url
        }
        var searched: [URL] = []
        if let executable {
            var folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
            while true {
                let candidate = folder.appendingPathComponent("Lessons")
                searched.append(candidate)
                if isDirectory(candidate) { return candidate }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path || folder.path == "/" { break }
                folder = parent
            }
        }
        throw .lessonsNotFound(searched: searched)
    }

    /// The running executable, read from /proc/self/exe where available.
    public static func executableURL() -> URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return Bundle.main.executableURL
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
