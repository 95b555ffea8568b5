import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Notices that one file was saved: inotify on its folder (creations, writes, renames onto it),
/// or polling its size, modification time and inode where inotify is unavailable.
///
/// Threading: used on one thread.
final class FileWatcher {
    let file: URL
    private var inotify: Int32 = -1
    private var signature: String

    var usesInotify: Bool { inotify >= 0 }

    /// How saves are noticed: `inotify`, or `polling` (asked for with `ELIXIRTOUR_WATCH_POLL`, or
    /// where inotify could not be set up).
    var mechanism: String { usesInotify ? "inotify" : "polling" }

    init(file: URL) {
        self.file = file
        signature = FileWatcher.signature(of: file)
        if ProcessInfo.processInfo.environment["ELIXIRTOUR_WATCH_POLL"] == nil {
            let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            if fd >= 0 {
                let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY | IN_ATTRIB)
                if inotify_add_watch(fd, file.deletingLastPathComponent().path, mask) >= 0 {
                    inotify = fd
                } else {
                    close(fd)
                }
            }
        }
    }

    deinit {
        if inotify >= 0 { close(inotify) }
    }

    /// Whether the file changed since the last call, waiting up to `waitingMilliseconds`.
    func changed(waitingMilliseconds: Int32 = 0) -> Bool {
        if inotify >= 0 {
            var poller = pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, waitingMilliseconds) > 0 else { return false }
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            let n = read(inotify, &buffer, buffer.count)
            guard n > 0 else { return false }
            return events(in: buffer[0..<n]).contains(file.lastPathComponent)
        }
        if waitingMilliseconds > 0 { usleep(UInt32(waitingMilliseconds) * 1000) }
        let now = FileWatcher.signature(of: file)
        defer { signature = now }
        return now != signature
    }

    /// The file names in a buffer of inotify events.
    private func events(in bytes: ArraySlice<UInt8>) -> [String] {
        var names: [String] = []
        var offset = bytes.startIndex
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= bytes.endIndex {
            let length = bytes[(offset + 12)..<(offset + 16)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            let nameStart = offset + header
            let nameEnd = min(bytes.endIndex, nameStart + Int(length))
            let name = String(decoding: bytes[nameStart..<nameEnd].prefix { $0 != 0 }, as: UTF8.self)
            names.append(name)
            offset = nameEnd
        }
        return names
    }

    static func signature(of file: URL) -> String {
        var info = stat()
        guard stat(file.path, &info) == 0 else { return "missing" }
        return "\(info.st_size)|\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)|\(info.st_ino)"
    }
}
