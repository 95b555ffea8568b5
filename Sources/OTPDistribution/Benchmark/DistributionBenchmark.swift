internal import ChildProcesses
import OTPCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Messages per second from one node to another on loopback (issue 8, item 8): Swift↔Swift and
/// BEAM↔BEAM in the same run, and Swift→BEAM and BEAM→Swift.
///
/// Every pair runs the same protocol, so any sender works with any sink: the sender sends
/// `{:start, self, n}` to the process registered as `dist_sink` on the other node, which answers
/// `{:ready, pid}`; the sender then sends `n` messages `{:msg, i}` to that pid as fast as it can,
/// and the sink answers `:done` after the last one. The rate is `n` over the time from the first
/// send to `:done`. With a payload size, each message is `{:msg, binary}` with a binary of that
/// many bytes instead (the 1 MiB workload: fragmented on the wire by both runtimes when the
/// connection agreed on `DFLAG_FRAGMENTS`). The Swift↔Swift pair runs two nodes (two runtimes of one scheduler each, as
/// the machine's two cores are shared by the two nodes; real TCP on loopback) in this OS process; the BEAM pairs run `erl` from the PATH (`erlang-base`).
///
/// Command: `elixirtour bench dist` (Swift↔Swift only) and `elixirtour bench dist --beam` (every
/// pair).
///
/// Threading: every function must be called outside any process (it starts its own), from a
/// thread that may block (the BEAM runs wait for `erl`).
package enum DistributionBenchmark {
    /// One measured pair.
    public struct Result: Sendable, CustomStringConvertible {
        /// "swift->swift", "beam->beam", "swift->beam", "beam->swift", or "loopback floor" (the
        /// same bytes through a plain TCP connection, `LoopbackFloor`).
        public let pair: String
        public let messages: Int
        public let messagesPerSecond: Double
        /// The size of each message's binary; 0 for the small `{:msg, i}` messages.
        public var payloadBytes = 0
        public var description: String {
            let size = payloadBytes == 0 ? "" : " of \(payloadBytes) bytes"
            return "\(pair): \(messages) messages\(size), \(Int(messagesPerSecond.rounded())) msg/s"
        }
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The Erlang side: `dist_bench:sink/0` (register and serve), `dist_bench:blast/2` (send and
    /// return the rate), `dist_bench:beam_to_beam/1` (both, with a peer node it starts itself).
    public static let erlangSource = """
        -module(dist_bench).
        -export([sink/0, serve/1, blast/2, blast/3, beam_to_beam/1, beam_to_beam/2]).

        %% The sink: answers {start, From, N} with {ready, self()}, counts N {msg, _} messages,
        %% then sends done.
        sink() ->
            register(dist_sink, self()),
            sink_loop().
        sink_loop() ->
            receive
                {start, From, N} ->
                    From ! {ready, self()},
                    count(N),
                    From ! done,
                    sink_loop();
                stop -> ok
            end.
        count(0) -> ok;
        count(N) -> receive {msg, _} -> count(N - 1) end.

        %% Serves as the sink for Seconds, then halts (for a Swift sender).
        serve(Seconds) ->
            spawn(fun sink/0),
            io:format("ready~n"),
            timer:sleep(Seconds * 1000),
            halt().

        %% Sends N messages to the sink on Node; returns messages per second. With Size > 0 each
        %% message carries a binary of Size bytes.
        blast(Node, N) -> blast(Node, N, 0).
        blast(Node, N, Size) ->
            wait_for(Node, 1200),
            {dist_sink, Node} ! {start, self(), N},
            Sink = receive {ready, P} -> P after 10000 -> exit(no_sink) end,
            T0 = erlang:monotonic_time(microsecond),
            case Size of
                0 -> send_n(Sink, N);
                _ -> send_bin(Sink, N, binary:copy(<<7>>, Size))
            end,
            receive done -> ok after 60000 -> exit(no_done) end,
            T1 = erlang:monotonic_time(microsecond),
            N * 1000000 / max(1, T1 - T0).
        send_n(_, 0) -> ok;
        send_n(Sink, N) -> Sink ! {msg, N}, send_n(Sink, N - 1).
        send_bin(_, 0, _) -> ok;
        send_bin(Sink, N, Bin) -> Sink ! {msg, Bin}, send_bin(Sink, N - 1, Bin).

        wait_for(_, 0) -> exit(no_node);
        wait_for(Node, Tries) ->
            case net_kernel:connect_node(Node) of
                true -> ok;
                _ -> timer:sleep(50), wait_for(Node, Tries - 1)
            end.

        %% BEAM to BEAM: starts a peer node running the sink, blasts it, stops it.
        beam_to_beam(N) -> beam_to_beam(N, 0).
        beam_to_beam(N, Size) ->
            {ok, Peer, Node} = peer:start(#{name => peer:random_name(dist_bench),
                                            args => ["-pa", filename:dirname(code:which(?MODULE)),
                                                     "-setcookie", atom_to_list(erlang:get_cookie())]}),
            erpc:call(Node, erlang, spawn, [?MODULE, sink, []]),
            wait_registered(Node, 200),
            Rate = blast(Node, N, Size),
            peer:stop(Peer),
            Rate.
        wait_registered(_, 0) -> exit(no_sink);
        wait_registered(Node, Tries) ->
            case erpc:call(Node, erlang, whereis, [dist_sink]) of
                undefined -> timer:sleep(10), wait_registered(Node, Tries - 1);
                _ -> ok
            end.
        """

    /// Starts the Swift sink on `runtime`'s node, registered as `dist_sink` before this returns
    /// (a sender's `{:start, …}` must not arrive before the name exists: it would be dropped).
    static func startSink(on runtime: Runtime) async throws {
        let pid = runtime.spawn { try await sink() }
        try await runtime.run { try Process.register(pid, as: "dist_sink") }
    }

    /// The Swift sink, serving forever.
    static func sink() async throws {
        while true {
            let (from, count): (Pid, Int) = try await receive(Term.self) { term in
                guard case .tuple(let items) = term, items.count == 3, items[0] == .atom("start"),
                    case .pid(let from) = items[1], case .int(let n) = items[2]
                else { return nil }
                return (from, n)
            }
            send(from, Term.tuple([.atom("ready"), .pid(selfPid())]))
            var left = count
            while left > 0 {
                _ = try await receive(Term.self)
                left -= 1
            }
            send(from, Term.atom("done"))
        }
    }

    /// The Swift sender: blasts the sink on `node` with `messages` messages (each with a binary
    /// of `payloadBytes` bytes when that is not 0); returns msg/s. Must run inside a process of a
    /// distributed runtime.
    public static func blast(_ node: Atom, messages: Int, payloadBytes: Int = 0) async throws -> Double {
        guard await Node.connect(node) else { throw Failure(description: "cannot connect to \(node.name)") }
        send("dist_sink", node: node, Term.tuple([.atom("start"), .pid(selfPid()), .int(messages)]))
        guard
            let sink = try await receive(
                Term.self, after: .seconds(10),
                { term -> Pid? in
                    guard case .tuple(let items) = term, items.count == 2, items[0] == .atom("ready"), case .pid(let pid) = items[1] else { return nil }
                    return pid
                })
        else { throw Failure(description: "no sink answered on \(node.name)") }
        let clock = ContinuousClock()
        let start = clock.now
        if payloadBytes == 0 {
            for i in 0..<messages { send(sink, Term.tuple([.atom("msg"), .int(i)])) }
        } else {
            let message = Term.tuple([.atom("msg"), .binary([UInt8](repeating: 7, count: payloadBytes))])
            for _ in 0..<messages { send(sink, message) }
        }
        guard try await receive(Term.self, after: .seconds(120), { $0 == .atom("done") ? () : nil }) != nil else {
            throw Failure(description: "the sink on \(node.name) did not finish")
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(messages) / max(seconds, 1e-9)
    }

    /// Two Swift nodes in this OS process, each with its own runtime.
    public static func swiftToSwift(messages: Int, payloadBytes: Int = 0, epmdPort: Int? = nil) async throws -> Result {
        var options = NodeOptions()
        if let epmdPort { options.epmdPort = epmdPort }
        let cookie = Cookie.random()
        let receiver = try await DistributedNode.start(name: uniqueName("bench_sink"), cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let sender = try await DistributedNode.start(name: uniqueName("bench_send"), cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let target = receiver.name
        let rate = try await stopping([sender, receiver]) {
            try await startSink(on: receiver.runtime)
            return try await sender.runtime.run { try await blast(target, messages: messages, payloadBytes: payloadBytes) }
        }
        return Result(pair: "swift->swift", messages: messages, messagesPerSecond: rate, payloadBytes: payloadBytes)
    }

    /// Compiles `erlangSource` into a fresh folder and returns it (for `-pa`).
    static func compiledErlang() throws -> String {
        guard let erlc = ChildProcess.which("erlc") else { throw Failure(description: "erlc is not installed (apt-get install erlang-base)") }
        let folder = "/tmp/elixirtour-dist-bench-\(getpid())"
        mkdir(folder, 0o700)
        let source = folder + "/dist_bench.erl"
        let fd = open(source, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot write \(source)") }
        let bytes = Array(erlangSource.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let output = try run(erlc, ["-o", folder, source])
        guard access(folder + "/dist_bench.beam", R_OK) == 0 else { throw Failure(description: "erlc failed: \(output)") }
        return folder
    }

    /// Runs `program` (this process's environment plus `extra`) to its end and returns what it
    /// printed; throws when it fails or outlives the limit (it is killed with its group then).
    static func run(
        _ program: String, _ arguments: [String], environment extra: [String: String] = [:],
        timeoutSeconds: Int = 120
    ) throws -> String {
        try ChildProcess.output(
            of: program, arguments, environment: ChildProcess.environment(adding: extra),
            timeout: .seconds(timeoutSeconds))
    }

    static func erl() throws -> String {
        guard let erl = ChildProcess.which("erl") else { throw Failure(description: "erl is not installed (apt-get install erlang-base)") }
        return erl
    }

    static func rate(in output: String) throws -> Double {
        for line in output.split(separator: "\n").reversed() {
            if let value = Double(String(line).trimmed(of: " \r")) { return value }
        }
        throw Failure(description: "erl printed no rate: \(output.suffix(400))")
    }

    /// Two BEAM nodes: `erl` starts a peer node and blasts it.
    public static func beamToBeam(messages: Int, payloadBytes: Int = 0, epmdPort: Int? = nil) throws -> Result {
        let folder = try compiledErlang()
        var environment: [String: String] = [:]
        if let epmdPort { environment["ERL_EPMD_PORT"] = String(epmdPort) }
        let output = try run(
            try erl(),
            [
                "-sname", uniqueName("bench_beam"), "-setcookie", Cookie.random(), "-noshell", "-pa", folder,
                "-eval", "io:format(\"~n~p~n\", [dist_bench:beam_to_beam(\(messages), \(payloadBytes))]), halt().",
            ], environment: environment)
        if epmdPort != nil, let epmd = ChildProcess.which("epmd") {
            // erl started an epmd daemon on this private port for the two BEAM nodes; it would
            // outlive the benchmark. (The default port's epmd may serve others: it stays.)
            _ = try? run(epmd, ["-kill"], environment: environment)
        }
        return Result(pair: "beam->beam", messages: messages, messagesPerSecond: try rate(in: output), payloadBytes: payloadBytes)
    }

    /// A BEAM node blasts a Swift node's sink.
    public static func beamToSwift(messages: Int, payloadBytes: Int = 0, epmdPort: Int? = nil) async throws -> Result {
        var options = NodeOptions()
        if let epmdPort { options.epmdPort = epmdPort }
        let cookie = Cookie.random()
        let node = try await DistributedNode.start(name: uniqueName("bench_swift"), cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let output = try await stopping([node]) {
            try await startSink(on: node.runtime)
            let folder = try compiledErlang()
            return try run(
                try erl(),
                [
                    "-sname", uniqueName("bench_beam"), "-setcookie", cookie, "-noshell", "-pa", folder,
                    "-eval", "io:format(\"~n~p~n\", [dist_bench:blast('\(node.name.name)', \(messages), \(payloadBytes))]), halt().",
                ], environment: ["ERL_EPMD_PORT": String(options.epmdPort)])
        }
        return Result(pair: "beam->swift", messages: messages, messagesPerSecond: try rate(in: output), payloadBytes: payloadBytes)
    }

    /// A Swift node blasts a BEAM node's sink (the BEAM node serves for up to 150 s, then halts;
    /// it is killed if it outlives that).
    public static func swiftToBeam(messages: Int, payloadBytes: Int = 0, epmdPort: Int? = nil) async throws -> Result {
        var options = NodeOptions()
        if let epmdPort { options.epmdPort = epmdPort }
        let cookie = Cookie.random()
        let node = try await DistributedNode.start(name: uniqueName("bench_swift"), cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        return try await stopping([node]) { try await blastBeamSink(from: node, messages: messages, payloadBytes: payloadBytes, cookie: cookie) }
    }

    static func blastBeamSink(from node: DistributedNode, messages: Int, payloadBytes: Int = 0, cookie: String) async throws -> Result {
        let options = node.options
        let folder = try compiledErlang()
        let beamName = uniqueName("bench_beam")
        let erl = try erl()
        let port = options.epmdPort
        // The BEAM sink runs in its own thread while this task blasts it.
        let beamRun = Task.detached {
            try DistributionBenchmark.run(
                erl,
                [
                    "-sname", beamName, "-setcookie", cookie, "-noshell", "-pa", folder,
                    "-eval", "dist_bench:serve(150).",
                ],
                environment: ["ERL_EPMD_PORT": String(port)], timeoutSeconds: 180)
        }
        let peer = Atom("\(beamName)@\(NodeOptions.shortHostName)")
        let rate = try await node.runtime.run { () -> Double in
            // erl may take many seconds to start on a loaded machine: wait up to a minute for
            // its sink to be registered.
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                if await Node.connect(peer) {
                    let ref = Node.monitor(name: "dist_sink", on: peer)
                    let down = try await receive(Down.self, after: .milliseconds(500)) { $0.ref == ref ? $0 : nil }
                    Node.demonitor(name: ref)
                    if down == nil { break }
                }
                try await Process.sleep(.milliseconds(50))
            }
            let rate = try await blast(peer, messages: messages, payloadBytes: payloadBytes)
            send("init", node: peer, Term.tuple([.atom("stop"), .atom("stop")]))
            return rate
        }
        _ = try? await beamRun.value
        return Result(pair: "swift->beam", messages: messages, messagesPerSecond: rate, payloadBytes: payloadBytes)
    }

    /// Runs `body`, then stops `nodes` (and their embedded epmd, if one of them runs it) before
    /// returning or throwing, so the next pair starts from a quiet port.
    static func stopping<T>(_ nodes: [DistributedNode], _ body: () async throws -> T) async throws -> T {
        do {
            let value = try await body()
            for node in nodes { await node.stop() }
            return value
        } catch {
            for node in nodes { await node.stop() }
            throw error
        }
    }

    private static let names = Atomic<Int>(0)

    /// A node name no earlier pair of this run used: a pair that reused the name just stopped
    /// could find epmd still holding it (epmd drops a name when it sees the registration's
    /// connection close, and on a loaded machine that can come after the next start).
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(getpid())_\(names.add(1, ordering: .relaxed).newValue)"
    }

    /// The size of the large-message workload's binaries: 1 MiB.
    public static let largePayload = 1 << 20

    /// Every pair, Swift↔Swift first, with `messages` small messages and then, when
    /// `largeMessages` is not 0, with that many 1 MiB messages, after the loopback floor for
    /// them (`LoopbackFloor`). With `beam` false only the
    /// Swift↔Swift pair runs; BEAM pairs are left out (with the reason in `skipped`) when `erl`
    /// is not installed.
    public static func all(messages: Int, largeMessages: Int = 0, beam: Bool = true) async throws -> (results: [Result], skipped: String?) {
        var results: [Result] = []
        let hasErl = ChildProcess.which("erl") != nil && ChildProcess.which("erlc") != nil
        for (count, size) in [(messages, 0), (largeMessages, largePayload)] where count > 0 {
            if size > 0 {
                let rate = try LoopbackFloor.rate(messages: count, payloadBytes: size)
                results.append(Result(pair: "loopback floor", messages: count, messagesPerSecond: rate, payloadBytes: size))
            }
            results.append(try await swiftToSwift(messages: count, payloadBytes: size))
            guard beam, hasErl else { continue }
            results.append(try beamToBeam(messages: count, payloadBytes: size))
            results.append(try await swiftToBeam(messages: count, payloadBytes: size))
            results.append(try await beamToSwift(messages: count, payloadBytes: size))
        }
        return (results, hasErl ? nil : "erl and erlc are not installed: the BEAM pairs were skipped")
    }
}

extension String {
    func trimmed(of set: String) -> String {
        var s = Substring(self)
        while let first = s.first, set.contains(first) { s.removeFirst() }
        while let last = s.last, set.contains(last) { s.removeLast() }
        return String(s)
    }
}
