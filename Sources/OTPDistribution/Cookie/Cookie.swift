#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The magic cookie two nodes must share. Like Erlang, a node without `--cookie` reads
/// `~/.erlang.cookie`, creating it (20 random capital letters, mode 0400) when it is missing.
///
/// Threading: stateless; call from any thread.
public enum Cookie {
    /// Why the cookie file could not be used.
    public struct FileError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The path Erlang uses: `$HOME/.erlang.cookie`.
    public static var defaultPath: String {
        let home = getenv("HOME").map { String(cString: $0) } ?? "."
        return home + "/.erlang.cookie"
    }

    /// The cookie in `path`, creating the file with a fresh random cookie when it does not exist.
    public static func load(path: String = defaultPath) throws(FileError) -> String {
        if let text = read(path) {
            let cookie = String(text.prefix { $0 != "\n" && $0 != "\r" }).trimmingSpaces
            guard !cookie.isEmpty else { throw FileError(description: "the cookie file \(path) is empty") }
            return cookie
        }
        let cookie = random()
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o400)
        guard fd >= 0 else {
            // Another node may have created it in the meantime.
            if let text = read(path) { return String(text.prefix { $0 != "\n" }).trimmingSpaces }
            throw FileError(description: "cannot create the cookie file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(cookie.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw FileError(description: "cannot write the cookie file \(path)") }
        return cookie
    }

    /// 20 random capital letters, as Erlang makes them.
    public static func random() -> String {
        String((0..<20).map { _ in Character(Unicode.Scalar(UInt8.random(in: 65...90))) })
    }

    private static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while out.count < 4096 {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
