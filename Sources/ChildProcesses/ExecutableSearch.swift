#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ChildProcess {
    /// The full path of the program `name` as a shell would find it: `name` itself when it
    /// contains a slash, else the first executable regular file called `name` in a folder of
    /// `PATH` (from `environment`, or from this process's environment when nil; `/usr/bin:/bin`
    /// when unset). Nil when there is none.
    ///
    /// Threading: stateless; safe from any thread.
    package static func which(_ name: String, environment: [String: String]? = nil) -> String? {
        guard !name.isEmpty else { return nil }
        if name.contains("/") { return isExecutableFile(name) ? name : nil }
        let path = environment.map { $0["PATH"] } ?? getenv("PATH").map { String(cString: $0) }
        for folder in (path ?? "/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = folder.hasSuffix("/") ? "\(folder)\(name)" : "\(folder)/\(name)"
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    /// Whether `path` is a regular file this process may execute (a folder with its search bit
    /// set is not).
    package static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}
