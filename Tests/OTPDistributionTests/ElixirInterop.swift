import Foundation
import OTPCore
import OTPDistribution

/// What a test that runs real `elixir` nodes beside a Swift node starts with and goes through:
/// the `elixir` program (a test enabled without it fails saying so, under CI), a free EPMD port
/// of its own, a fresh cookie, and a Swift node on a runtime of its own with two schedulers
/// (`swiftNode`); a process that hands the test what Elixir sends it (`probe`); an Elixir run
/// that stops the test's Swift side when it fails (`runElixir(…, orElse:)`); the events the
/// Swift side reports, gathered up to a deadline (`collect`); and the log lines an Elixir node
/// should not have printed (`unexpectedLogLines`).
///
/// Threading: stateless; call from the test's task.
enum ElixirInterop {
    /// A Swift node named `name`, visible (a normal cluster member) unless `hidden`.
    static func swiftNode(
        _ name: String, hidden: Bool = false
    ) async throws -> (elixir: String, epmd: Int, cookie: String, runtime: Runtime, node: DistributedNode) {
        let elixir = try RequiredTools.require(RequiredTools.elixir, "elixir")
        let epmd = ErlangPeer.freePort()
        let cookie = Cookie.random()
        var options = NodeOptions.forTests(epmdPort: epmd)
        options.hidden = hidden
        let runtime = Runtime(schedulers: 2)
        let node = try await DistributedNode.start(name: name, cookie: cookie, runtime: runtime, options: options)
        return (elixir, epmd, cookie, runtime, node)
    }

    /// What the probe process hands the test: the Elixir nodes' signals, in order.
    typealias Signals = AsyncStream<Term>

    /// Starts a process registered as `probe` on `runtime` that hands every message it receives
    /// to the test, and returns once it is registered. `relay` ends the stream (for a test that
    /// must go on when the Elixir side ends before it signals).
    static func probe(on runtime: Runtime) async -> (signals: Signals, relay: Signals.Continuation) {
        let (signals, relay) = Signals.makeStream()
        let ready = AsyncStream<Void>.makeStream()
        runtime.spawn {
            try Process.register(selfPid(), as: "probe")
            ready.continuation.yield()
            while true { relay.yield(try await receive(Term.self)) }
        }
        for await _ in ready.stream { break }
        return (signals, relay)
    }

    /// Ends `relay`'s stream once `run` (the Elixir node that sends the signals) has ended, so
    /// that a test waiting for a signal an Elixir node that failed early never sends goes on, and
    /// fails on what that node printed, instead of waiting forever.
    static func endSignals(_ relay: Signals.Continuation, whenEnded run: Task<String, any Error>) {
        Task {
            _ = try? await run.value
            relay.finish()
        }
    }

    /// The next signal, or nil once the stream has ended.
    static func next(_ signals: Signals) async -> Term? {
        for await signal in signals { return signal }
        return nil
    }

    /// `elixirtour node start` as the Swift node `name` beside the test's hidden in-process
    /// `probe` node; when it does not start, the probe node is stopped and the error thrown.
    static func tourNode(_ name: String, cookie: String, epmd: Int, beside probe: DistributedNode) async throws -> TourNodeProcess {
        do {
            return try await TourNodeProcess.start(name: name, cookie: cookie, epmdPort: epmd)
        } catch {
            await probe.stop()
            throw error
        }
    }

    /// Runs `script` on the Elixir node `name` (`ElixirInteropTests.runElixir`) and returns what
    /// it printed. When it fails, `tearDown` stops the test's Swift side (kills its coordinating
    /// processes, stops its nodes) before the error is thrown, so that nothing is left running.
    static func runElixir(
        _ elixir: String, name: String, cookie: String, epmd: Int, script: String, limit: TimeInterval,
        orElse tearDown: () async -> Void
    ) async throws -> String {
        do {
            return try await ElixirInteropTests.runElixir(elixir, name: name, cookie: cookie, epmd: epmd, script: script, limit: limit)
        } catch {
            await tearDown()
            throw error
        }
    }

    /// The `[warning]` and `[error]` lines of what an Elixir node printed, but OTP 25's own for a
    /// cluster member that went: a node that hears of the loss from another before its own
    /// connection closes drops that connection itself ("… in order to prevent overlapping
    /// partitions"), as it does when a BEAM node goes.
    static func unexpectedLogLines(in output: String) -> [Substring] {
        output.split(separator: "\n").filter {
            ($0.contains("[warning]") || $0.contains("[error]")) && !$0.contains("in order to prevent overlapping partitions")
        }
    }

    /// The first `count` events the Swift side reports on `events`, or those that came before
    /// `deadline` passed (the stream is finished then): a deadline, not a wait, so a test whose
    /// Swift side never reports them all fails on what it saw instead of hanging.
    static func collect<Event: Sendable>(
        _ count: Int, from events: (stream: AsyncStream<Event>, continuation: AsyncStream<Event>.Continuation),
        within deadline: Duration = .seconds(20)
    ) async -> [Event] {
        let guardTask = Task {
            try? await Task.sleep(for: deadline)
            events.continuation.finish()
        }
        var seen: [Event] = []
        for await event in events.stream {
            seen.append(event)
            if seen.count == count { break }
        }
        guardTask.cancel()
        return seen
    }
}
