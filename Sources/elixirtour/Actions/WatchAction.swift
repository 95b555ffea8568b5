import Checker
import Foundation
import TourEngine

#if canImport(Glibc)
import Glibc
#endif

/// `watch [EXERCISE]`: checks the exercise again whenever its file is saved.
///
/// Saves are seen with inotify on the file's folder (so editors that save by writing a new file
/// and renaming it over the old one are seen too), or, where inotify is not available, by
/// polling the file's size, time and inode. Changes are debounced: the check starts once the
/// file has been quiet for a moment. Keys: r or Enter checks again, n goes to the next exercise
/// after a pass, q (or Ctrl-C) stops watching. It never moves on by itself.
struct WatchAction {
    let context: TourContext
    static let debounceMilliseconds: Int32 = 150

    func run(exerciseName: String?) throws {
        var exercise = try ExercisesAction(context: context).exercise(named: exerciseName, for: .watch)
        let workspace = try context.requireWorkspace()
        let keys = KeyReader()
        defer { keys.restore() }
        Interrupts.install()
        _ = Interrupts.take()
        // Ctrl-C must reach the tour even when it was started with SIGINT blocked.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        while true {
            let file = workspace.learnerFile(for: exercise)
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw CheckerError.missingLearnerFile(file.path)
            }
            let watcher = FileWatcher(file: file)
            if ProcessInfo.processInfo.environment["ELIXIRTOUR_WATCH_REPORT"] == "1" {
                // For the tool's own tests: which mechanism notices saves, so that a silent fall
                // back to polling where inotify should work is seen.
                FileHandle.standardError.write(Data("watch: saves noticed by \(watcher.mechanism)\n".utf8))
            }
            Console.print(
                Console.styled(
                    "Watching \(file.path) — save it to check again; r: check now, q: stop"
                        + (watcher.usesInotify ? "" : " (polling for changes)"), "2", context.terminal))
            var next: Exercise?
            var checkNow = true
            loop: while true {
                if checkNow {
                    checkNow = false
                    let result = try CheckAction(context: context).run(exercise, json: false, paged: false)
                    next = nil
                    if result.passed {
                        let catalog = try context.catalog()
                        let progress = try context.loadProgress(ProgressStore(workspace: workspace))
                        next = progress.nextExercise(in: catalog)
                        if let next {
                            Console.print(
                                Console.styled("Next up: \(next.name) — \(next.title). Press n to watch it, or keep editing this one.", "32", context.terminal))
                        }
                    }
                    Console.print(Console.styled("[\(Self.clock())] waiting for a save… (r: check now, q: stop)", "2", context.terminal))
                }
                if Interrupts.take() { return }
                switch keys.read(timeoutMilliseconds: 100) {
                case "q", "Q", "\u{04}": return
                case "r", "R", "\n", "\r": checkNow = true
                case "n", "N":
                    if let next {
                        exercise = next
                        try ExercisesAction(context: context).makeCurrent(next)
                        break loop
                    }
                default: break
                }
                if watcher.changed() {
                    // Debounce: wait until the file has been quiet for a moment.
                    while watcher.changed(waitingMilliseconds: Self.debounceMilliseconds) {}
                    checkNow = true
                }
            }
        }
    }

    static func clock() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }
}

/// Single key presses from the terminal (raw mode while watching), or nothing when standard
/// input is not a terminal.
///
/// Threading: used on the main thread only.
final class KeyReader {
    private var saved = termios()
    private let isTerminal = isatty(STDIN_FILENO) != 0

    init() {
        guard isTerminal else { return }
        tcgetattr(STDIN_FILENO, &saved)
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
            bytes[Int(VMIN)] = 0
            bytes[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    }

    func restore() {
        if isTerminal { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
    }

    /// The next key, waiting up to `timeoutMilliseconds`; nil when none was pressed.
    func read(timeoutMilliseconds: Int32) -> Character? {
        guard isTerminal else {
            usleep(UInt32(timeoutMilliseconds) * 1000)
            return nil
        }
        var poller = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) > 0 else { return nil }
        var byte: UInt8 = 0
        guard Glibc.read(STDIN_FILENO, &byte, 1) == 1 else { return nil }
        return Character(Unicode.Scalar(byte))
    }
}
