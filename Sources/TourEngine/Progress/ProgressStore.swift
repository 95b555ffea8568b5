import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads and writes a workspace's `progress.json`.
///
/// Every change is a read-modify-write under a lock, saved atomically (written to a temporary
/// file in the same folder, flushed, then renamed over the old one), so a crash never leaves a
/// half-written file. A file that cannot be read as progress is moved aside and reported with
/// `ProgressError.corrupt`, never silently replaced.
///
/// Threading: safe to use from several threads (`lock` serialises them) and from several
/// processes on the same workspace (an advisory `flock` on `.elixirtour/lock`).
public final class ProgressStore: @unchecked Sendable {  // `lock` guards every access to the file.
    public let file: URL
    private let lock = NSLock()

    public init(file: URL) {
        self.file = file
    }

    public convenience init(workspace: Workspace) {
        self.init(file: workspace.progressFile)
    }

    private var folder: URL { file.deletingLastPathComponent() }

    /// The current progress; empty when the file does not exist yet.
    public func load() throws(ProgressError) -> LearnerProgress {
        try locked { () throws(ProgressError) in try read() }
    }

    /// Applies `change` to the stored progress and saves it; returns what `change` returns.
    @discardableResult
    public func update<T>(_ change: (inout LearnerProgress) -> T) throws(ProgressError) -> T {
        try locked { () throws(ProgressError) -> T in
            var progress = try read()
            let result = change(&progress)
            try write(progress)
            return result
        }
    }

    /// Records one check of an exercise. A passed exercise stays passed.
    @discardableResult
    public func recordAttempt(exercise: String, passed: Bool) throws(ProgressError) -> LearnerProgress.ExerciseRecord {
        try update { progress in
            var record = progress.record(for: exercise)
            record.attempts += 1
            if passed { record.status = .passed } else if record.status != .passed { record.status = .attempted }
            progress.exercises[exercise] = record
            return record
        }
    }

    /// Marks the next hint of an exercise as used and returns how many are used now (at most
    /// `available`): the caller shows hints 1 through that number.
    @discardableResult
    public func useHint(exercise: String, available: Int) throws(ProgressError) -> Int {
        try update { progress in
            var record = progress.record(for: exercise)
            record.hintsUsed = min(available, record.hintsUsed + 1)
            progress.exercises[exercise] = record
            return record.hintsUsed
        }
    }

    /// Remembers the exercise in hand.
    public func setCurrentExercise(_ name: String) throws(ProgressError) {
        try update { $0.currentExercise = name }
    }

    /// Remembers where the learner is reading.
    public func setPosition(_ position: LearnerProgress.Position) throws(ProgressError) {
        try update { $0.position = position }
    }

    /// Replaces the stored progress as a whole (used to undo a reset).
    public func replace(with progress: LearnerProgress) throws(ProgressError) {
        try locked { () throws(ProgressError) in try write(progress) }
    }

    // MARK: - File access (callers hold `lock`)

    private func locked<T>(_ body: () throws(ProgressError) -> T) throws(ProgressError) -> T {
        lock.lock()
        defer { lock.unlock() }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try FileLock.withExclusive(folder.appendingPathComponent("lock").path, body)
    }

    private func read() throws(ProgressError) -> LearnerProgress {
        guard FileManager.default.fileExists(atPath: file.path) else { return LearnerProgress() }
        guard let data = FileManager.default.contents(atPath: file.path) else { throw .unreadable(file) }
        let progress: LearnerProgress
        do {
            progress = try JSONDecoder().decode(LearnerProgress.self, from: data)
        } catch {
            if let format = Self.declaredFormat(data), format > LearnerProgress.currentFormat {
                throw .tooNew(file, format: format)
            }
            throw moveAside(reason: Self.describe(error))
        }
        if progress.format > LearnerProgress.currentFormat { throw .tooNew(file, format: progress.format) }
        if let bad = progress.exercises.first(where: { $0.value.attempts < 0 || $0.value.hintsUsed < 0 }) {
            throw moveAside(reason: "exercise \"\(bad.key)\" has a negative count")
        }
        return progress
    }

    private static func declaredFormat(_ data: Data) -> Int? {
        (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["format"] as? Int
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted: return "it is not valid JSON"
        case DecodingError.keyNotFound(let key, _): return "it has no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\"\(path)\" has the wrong type"
        default: return "it cannot be read as progress"
        }
    }

    private func moveAside(reason: String) -> ProgressError {
        let stamp = Self.timestamp()
        let aside = folder.appendingPathComponent("progress.corrupt-\(stamp).json")
        do {
            try FileManager.default.moveItem(at: file, to: aside)
        } catch {
            return .unreadable(file)
        }
        return .corrupt(file, movedTo: aside, reason: reason)
    }

    static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss-SSS"
        return formatter.string(from: Date())
    }

    private func write(_ progress: LearnerProgress) throws(ProgressError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(progress) } catch { throw .cannotWrite(file, reason: "\(error)") }
        let temporary = folder.appendingPathComponent(".progress.json.tmp-\(getpid())")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotWrite(file, reason: String(cString: strerror(errno))) }
        var written = 0
        let ok: Bool = data.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return fsync(descriptor) == 0
        }
        close(descriptor)
        guard ok, rename(temporary.path, file.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw .cannotWrite(file, reason: reason)
        }
    }
}

/// Why progress could not be read or saved.
///
/// Threading: an immutable value; safe to share between threads.
public enum ProgressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file was not valid progress; it was moved to `movedTo` and the tour starts afresh.
    case corrupt(URL, movedTo: URL, reason: String)
    /// The file was written by a newer elixirtour; it is left untouched.
    case tooNew(URL, format: Int)
    case unreadable(URL)
    case cannotWrite(URL, reason: String)

    public var description: String {
        switch self {
        case .corrupt(let file, let aside, let reason):
            return "Your progress file \(file.path) could not be read (\(reason)). It was moved to \(aside.path) "
                + "so nothing is lost; the tour starts a new progress file. To go back, fix that file and move it back."
        case .tooNew(let file, let format):
            return "\(file.path) was written by a newer elixirtour (progress format \(format)); update elixirtour to use it."
        case .unreadable(let file):
            return "Cannot read \(file.path)."
        case .cannotWrite(let file, let reason):
            return "Cannot save \(file.path): \(reason)"
        }
    }
}
