import Checker
import Foundation
import TourEngine
import TourObserver

#if canImport(Glibc)
import Glibc
#endif

/// `run EXAMPLE --observe` and the shell's `observe [EXAMPLE]`: compiles the example, starts it
/// with its runtime reporting live, and draws its processes full-screen (`ObserverScreen`) until
/// the learner presses q or Ctrl-C, or the program ends; then the terminal is restored and the
/// last picture (the tree, what happened lately, what the program printed) is printed.
///
/// Keys go to `LiveObserver`; a kill goes to the program as a command. The screen is redrawn
/// when something changed, at most every `frameMilliseconds`, and at least once a second (so a
/// resized terminal is fitted).
struct ObserveAction {
    let context: TourContext
    static let frameMilliseconds: UInt64 = 100

    func run(exampleName: String) throws {
        try run(RunTarget.resolve(exampleName, context: context))
    }

    func run(_ target: RunTarget) throws {
        guard FullScreenTerminal.isAvailable else {
            throw TourError.usage("The observer draws on a terminal, and this is not one; try 'run \(target.title) --trace' for a diagram you can save.")
        }
        let checker = try RunAction.checker(context: context)
        let terminal = context.terminal
        Console.print(Console.styled("Compiling \(target.title) for the observer…", "2", terminal))
        let running: RunningExample
        switch try checker.launchExample(source: target.source, companions: target.companions, name: target.buildName, limits: target.limits) {
        case .failed(let outcome):
            return try RunAction(context: context).report(outcome, target: target)
        case .running(let started):
            running = started
        }
        var observer = LiveObserver(title: target.title)
        let quitByLearner = watch(running, observer: &observer)
        if quitByLearner { running.stop() }
        summarise(observer, running: running, stopped: quitByLearner, title: target.title)
    }

    /// Draws until the learner leaves (returns true) or the program ends (false).
    private func watch(_ running: RunningExample, observer: inout LiveObserver) -> Bool {
        let screen = FullScreenTerminal()
        defer { screen.restore() }
        var dirty = true
        var lastFrame: ContinuousClock.Instant?  // nil: draw at the next turn
        var lastSize = screen.size
        while true {
            if FullScreenTerminal.signalled != 0 { return true }
            let now = ContinuousClock.now
            let sinceFrame = lastFrame.map { Self.milliseconds($0.duration(to: now)) } ?? .max
            let size = screen.size
            if size != lastSize { dirty = true }
            if dirty && sinceFrame >= Self.frameMilliseconds || sinceFrame >= 1000 {
                lastSize = size
                screen.draw(ObserverScreen.render(observer, width: size.width, height: size.height, color: context.terminal.color))
                lastFrame = now
                dirty = false
            }
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: running.isChannelOpen ? running.channel : -1, events: Int16(POLLIN), revents: 0),
            ]
            let wait = dirty ? max(1, Int32(Self.frameMilliseconds) - Int32(min(sinceFrame, Self.frameMilliseconds))) : 100
            _ = poll(&fds, 2, wait)
            // The terminal has gone (hung up): leave as for q.
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return true }
            if fds[0].revents != 0 {
                guard let typed = screen.readInput() else { return true }  // the terminal has gone
                let keys = ObserverKeyDecoder.keys(typed)
                for key in keys {
                    switch observer.press(key, pageSize: max(1, size.height - 12)) {
                    case .quit?: return true
                    case .send(let line)?:
                        if !running.send(line) { observer.apply(.reply(command: line, ok: false, detail: "the program is not listening")) }
                    case nil: break
                    }
                }
                if !keys.isEmpty {
                    dirty = true
                    lastFrame = nil  // a key is answered at once
                }
            }
            if fds[1].revents != 0 {
                // Read a bounded amount per turn, so a flooding program cannot starve the keys.
                for _ in 0..<16 {
                    let bytes = running.read()
                    if bytes.isEmpty { break }
                    if observer.receive(bytes) { dirty = true }
                }
            }
            if let end = running.termination() {
                var rest = running.read()
                while !rest.isEmpty {
                    observer.receive(rest)
                    rest = running.read()
                }
                observer.programEnded(Self.describe(end))
                return false
            }
        }
    }

    private func summarise(_ observer: LiveObserver, running: RunningExample, stopped: Bool, title: String) {
        let terminal = context.terminal
        let style = DiagramStyle(width: terminal.width, color: terminal.color)
        if observer.pictures > 0 {
            // When every process has gone (the program ended), the last picture of it running.
            let gone = observer.processes.isEmpty
            Console.print(Console.styled("The processes of \(title) as last seen\(gone ? " running" : ""):", "1", terminal))
            Console.print(ProcessTreeLayout.render(observer.tree(lastPicture: gone), style: style))
        }
        let happenings = observer.recent.suffix(8)
        if !happenings.isEmpty {
            Console.print(Console.styled("What happened last:", "1", terminal))
            Console.print(happenings.map { "  " + $0 }.joined(separator: "\n"))
        }
        let output = running.output()
        // A crash's backtrace says nothing to a learner here: keep what came before it.
        var errors = output.stderr
        if let backtrace = errors.range(of: "💣") ?? errors.range(of: "*** Signal") { errors = String(errors[..<backtrace.lowerBound]) }
        let printed = output.stdout + errors
        if !printed.isEmpty {
            Console.print(Console.styled("It printed:", "1", terminal))
            Console.print(
                printed.split(separator: "\n", omittingEmptySubsequences: false)
                    .dropLast(printed.hasSuffix("\n") ? 1 : 0).suffix(20).map { "  │ " + $0 }.joined(separator: "\n"))
        }
        if stopped {
            Console.print(Console.styled("(you left the observer; \(title) was stopped)", "2", terminal))
        } else if let end = running.termination() {
            Console.print(Console.styled("(\(title) \(Self.describe(end)))", "2", terminal))
        }
    }

    static func describe(_ end: Termination) -> String {
        switch end {
        case .exited(let code): "exited with status \(code)"
        case .signaled(let signal): "crashed (signal \(signal))"
        case .timedOut: "ran out of time"
        case .interrupted: "was stopped"
        case .exceededMemory: "ran out of memory"
        }
    }

    static func milliseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds)) * 1000 + UInt64(max(0, attoseconds)) / 1_000_000_000_000_000
    }
}
