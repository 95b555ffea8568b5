import CEditLine
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads lines on a terminal with libedit: editing keys, a history kept in a file, and tab
/// completion from `complete`.
///
/// Threading: main thread only. libedit calls the completion hooks on the same thread, inside
/// `readline`; the hooks reach the shell's completion function through `EditLineCompletion`.
final class EditLineReader: LineReader {
    private let historyFile: URL?

    init(historyFile: URL?, complete: @escaping (_ lineBeforeWord: String, _ word: String) -> [String]) {
        self.historyFile = historyFile
        EditLineCompletion.source = complete
        elixirtour_rl_setup(EditLineCompletion.programName, EditLineCompletion.attempt)
        using_history()
        stifle_history(1000)
        if let historyFile {
            try? FileManager.default.createDirectory(at: historyFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            _ = read_history(historyFile.path)
        }
    }

    func read(prompt: String) -> LineInput {
        _ = Interrupts.take()
        errno = 0
        guard let raw = readline(prompt) else {
            if Interrupts.take() || errno == EINTR {
                print("^C")
                return .interrupted
            }
            return .end
        }
        defer { free(raw) }
        if Interrupts.take() { return .interrupted }
        return .line(String(cString: raw))
    }

    func remember(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return }
        add_history(trimmed)
        if let historyFile { _ = write_history(historyFile.path) }
    }
}

/// The C hooks libedit calls for tab completion, and the state they share.
///
/// Threading: main thread only (libedit calls these inside `readline` on the same thread), so
/// the `nonisolated(unsafe)` statics are never touched concurrently.
enum EditLineCompletion {
    nonisolated(unsafe) static let programName: UnsafePointer<CChar> = UnsafePointer(strdup("elixirtour")!)
    nonisolated(unsafe) static var source: ((String, String) -> [String])?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var next = 0

    static let attempt: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, _ in
        elixirtour_rl_no_default_completion()
        let word = text.map { String(cString: $0) } ?? ""
        var before = ""
        if let buffer = elixirtour_rl_line_buffer() {
            let bytes = Array(
                UnsafeBufferPointer(
                    start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                    count: Int(strlen(buffer))))
            before = String(decoding: bytes.prefix(Int(start)), as: UTF8.self)
        }
        EditLineCompletion.matches = (EditLineCompletion.source?(before, word) ?? []).filter { $0.hasPrefix(word) }
        EditLineCompletion.next = 0
        guard !EditLineCompletion.matches.isEmpty else { return nil }
        // A lone folder (`scratch/`) is completed without a space, so Tab can go on into it.
        let folder = EditLineCompletion.matches.count == 1 && EditLineCompletion.matches[0].hasSuffix("/")
        elixirtour_rl_append_character(folder ? 0 : 32)
        return rl_completion_matches(text, EditLineCompletion.generate)
    }

    static let generate: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        if state == 0 { EditLineCompletion.next = 0 }
        guard EditLineCompletion.next < EditLineCompletion.matches.count else { return nil }
        defer { EditLineCompletion.next += 1 }
        return strdup(EditLineCompletion.matches[EditLineCompletion.next])
    }
}
