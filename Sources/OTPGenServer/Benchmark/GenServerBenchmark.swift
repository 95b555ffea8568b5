import OTPCore

/// `elixirtour bench call`: GenServer.call round trips per second on one server, the workload
/// the BEAM's `gen_server:call` runs in `OTPBeamBenchmark.erlangSource` (0.87 M calls/s measured
/// on the project's 2-core machine).
///
/// Threading: `calls` may be called from any task outside a process; it runs its own processes on
/// the given runtime.
package enum GenServerBenchmark {
    /// A message the client never receives.
    struct Unrelated: Sendable { let number: Int }

    /// An echo server: replies with the request.
    struct Echo: GenServer {
        typealias State = Int
        typealias Call = Int
        typealias Reply = Int
        static func initialize(_: Void) async throws -> InitResult<Self> { .ok(0) }
        static func handleCall(_ request: Int, from: From, state: Int) async throws -> CallResult<Self> {
            .reply(request, state)
        }
    }

    /// Makes `count` calls from one client to one server (after 1,000 warm-up calls) and returns
    /// the calls per second. With `backlog`, that many unrelated messages wait in the client's
    /// mailbox the whole time (`bench call-backlog`): the reply's receive starts at the mark the
    /// call's monitor set, as on the BEAM, so they are not scanned.
    public static func calls(count: Int, backlog: Int = 0, runtime: Runtime = .shared) async throws -> Double {
        try await runtime.run {
            let me = selfPid()
            for i in 0..<backlog { send(me, Unrelated(number: i)) }
            let server = try await Echo.startLink().get()
            for i in 0..<1000 { _ = try await Echo.call(server, i) }
            let clock = ContinuousClock()
            let start = clock.now
            for i in 0..<count {
                let reply = try await Echo.call(server, i)
                if reply != i { throw RuntimeUsageError("the echo server answered \(reply) to \(i)") }
            }
            let elapsed = clock.now - start
            try await Echo.stop(server)
            return Double(count) / elapsed.seconds
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
