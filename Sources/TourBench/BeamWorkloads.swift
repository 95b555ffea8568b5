import ChildProcesses
import Foundation
import OTP

/// Runs the same workloads on the real BEAM: writes an Erlang module, compiles it with `erlc` and
/// runs it with `erl` (default settings apart from the process limit, `+P`).
public enum BeamWorkloads {
    public enum Failure: Error, CustomStringConvertible {
        case missing(String)
        case failed(String)
        public var description: String {
            switch self {
            case .missing(let tool): "\(tool) is not on the PATH: install Debian's erlang-base to compare with the BEAM"
            case .failed(let why): why
            }
        }
    }

    /// The path of `erl`, if it is installed.
    public static var erlPath: String? { ChildProcess.which("erl") }

    /// The BEAM's figures for `workload`; empty where the BEAM has no counterpart (`terms`), or
    /// where the Swift side already measured it (`dist` measures both).
    public static func run(_ workload: Workload, sizes: BenchSizes = .standard) throws -> [BenchResult] {
        guard let erl = ChildProcess.which("erl") else { throw Failure.missing("erl") }
        guard let erlc = ChildProcess.which("erlc") else { throw Failure.missing("erlc") }
        let args: [String]
        switch workload {
        case .terms, .dist, .floor: return []
        case .call, .callBacklog, .restart: return [try otp(workload, sizes: sizes, erl: erl, erlc: erlc)]
        case .ets: return try TableWorkloads.beamETS(sizes, erl: erl, erlc: erlc)
        case .registry: return try TableWorkloads.beamRegistry(sizes)
        case .spawn: args = ["spawn", "\(sizes.spawnCount)"]
        case .ring: args = ["ring", "\(sizes.ringSize)", "\(sizes.ringRounds)"]
        case .pingpong: args = ["pingpong", "\(sizes.pingPongRoundTrips)"]
        case .selective: args = ["selective", "\(sizes.selectiveBacklog)", "\(sizes.selectiveReceives)"]
        }
        let dir = try compiledModule(erlc: erlc)
        let output = try capture(erl, ["+P", "4000000", "-noshell", "-pa", dir, "-run", "tourbench", "main"] + args + ["-s", "init", "stop"])
        // The module prints one line: "<rate> <bytes per process or -1>".
        let fields = output.split(whereSeparator: \.isWhitespace)
        guard fields.count >= 2, let rate = Double(fields[0]), let bytes = Double(fields[1]) else {
            throw Failure.failed("erl printed something unexpected: \(output)")
        }
        return [result(workload, rate: rate, bytes: bytes, sizes: sizes)]
    }

    static func result(_ workload: Workload, rate: Double, bytes: Double, sizes: BenchSizes) -> BenchResult {
        switch workload {
        case .spawn:
            return BenchResult(
                workload: "spawn", runtime: "beam", rate: rate, unit: "proc/s", bytesPerProcess: bytes,
                note: "spawn \(sizes.spawnCount); bytes = erlang:memory(processes) growth per process")
        case .ring:
            return BenchResult(workload: "ring", runtime: "beam", rate: rate, unit: "msg/s", note: "\(sizes.ringSize) processes, \(sizes.ringRounds) rounds")
        case .pingpong:
            return BenchResult(workload: "pingpong", runtime: "beam", rate: rate, unit: "round trips/s", note: "\(sizes.pingPongRoundTrips) round trips")
        case .selective:
            return BenchResult(
                workload: "selective", runtime: "beam", rate: rate, unit: "receives/s",
                note: "each receive skips \(sizes.selectiveBacklog) messages that do not match")
        case .call, .callBacklog, .restart, .terms, .dist, .floor, .ets, .registry:
            preconditionFailure("measured elsewhere")
        }
    }

    /// `gen_server:call` and supervisor restarts, from the OTP module of OTPSupervision.
    static func otp(_ workload: Workload, sizes: BenchSizes, erl: String, erlc: String) throws -> BenchResult {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("elixirtour-otp-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let source = dir.appendingPathComponent("\(OTPBeamBenchmark.moduleName).erl")
        try OTPBeamBenchmark.erlangSource.write(to: source, atomically: true, encoding: .utf8)
        _ = try capture(erlc, ["-o", dir.path, source.path])
        let arguments: [String] =
            switch workload {
            case .call: ["calls", "\(sizes.calls)"]
            case .callBacklog: ["calls_backlog", "\(sizes.calls)", "\(sizes.callBacklog)"]
            default: ["restart", "\(sizes.restarts)"]
            }
        let count = workload == .restart ? sizes.restarts : sizes.calls
        let output = try capture(erl, ["-noshell", "-pa", dir.path, "-s", OTPBeamBenchmark.moduleName, "main"] + arguments)
        guard let value = output.split(whereSeparator: \.isNewline).compactMap({ Double($0.trimmingCharacters(in: .whitespaces)) }).last else {
            throw Failure.failed("erl printed something unexpected: \(output)")
        }
        if workload == .call {
            return BenchResult(
                workload: "call", runtime: "beam", rate: value, unit: "calls/s",
                note: "\(count) gen_server:call round trips, one client, one server")
        }
        if workload == .callBacklog {
            return BenchResult(
                workload: "call-backlog", runtime: "beam", rate: value, unit: "calls/s",
                note: "\(count) gen_server:call round trips, \(sizes.callBacklog) other messages waiting in the client's mailbox")
        }
        return BenchResult(
            workload: "restart", runtime: "beam", rate: 1e6 / value, unit: "restarts/s",
            note: "1 / mean time from kill to the restarted child running, one_for_one")
    }

    static func compiledModule(erlc: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("elixirtour-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let source = dir.appendingPathComponent("tourbench.erl")
        try erlangSource.write(to: source, atomically: true, encoding: .utf8)
        _ = try capture(erlc, ["-o", dir.path, source.path])
        return dir.path
    }

    /// Runs `tool` to its end (at most 10 minutes: the largest workloads take well under one)
    /// and returns what it printed; throws, with its output, when it fails.
    static func capture(_ tool: String, _ arguments: [String]) throws -> String {
        do {
            return try ChildProcess.output(of: tool, arguments, environment: ChildProcess.environment(), timeout: .seconds(600))
        } catch {
            throw Failure.failed("\(error) (ran \(tool) \(arguments.joined(separator: " ")))")
        }
    }

    /// The Erlang twin of `SwiftWorkloads`: the same sizes, the same shapes.
    static let erlangSource = """
        -module(tourbench).
        -export([main/1]).

        now_ns() -> erlang:monotonic_time(nanosecond).
        rate(Count, T0, T1) -> Count / ((T1 - T0) / 1.0e9).
        out(Rate, Bytes) -> io:format("~.1f ~.1f~n", [Rate * 1.0, Bytes * 1.0]).

        main(["spawn", NS]) ->
            N = list_to_integer(NS),
            erlang:garbage_collect(),
            M0 = erlang:memory(processes),
            T0 = now_ns(),
            Pids = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, N)],
            T1 = now_ns(),
            M1 = erlang:memory(processes),
            [P ! stop || P <- Pids],
            out(rate(N, T0, T1), (M1 - M0) / N);
        main(["ring", NS, RS]) ->
            N = list_to_integer(NS), R = list_to_integer(RS),
            First = lists:foldl(fun(_, Next) -> spawn(fun() -> ring_loop(Next) end) end, self(), lists:seq(1, N)),
            T0 = now_ns(),
            lists:foreach(fun(I) -> First ! (R - I + 1), receive _ -> ok end end, lists:seq(1, R)),
            T1 = now_ns(),
            First ! 0, receive _ -> ok end,
            out(rate(N * R, T0, T1), -1);
        main(["pingpong", NS]) ->
            N = list_to_integer(NS),
            Me = self(),
            P = spawn(fun() -> pong_loop(Me) end),
            T0 = now_ns(),
            ping_loop(P, N),
            T1 = now_ns(),
            P ! -1, receive _ -> ok end,
            out(rate(N, T0, T1), -1);
        main(["selective", BS, RS]) ->
            B = list_to_integer(BS), R = list_to_integer(RS),
            [self() ! {junk, I} || I <- lists:seq(1, B)],
            T0 = now_ns(),
            lists:foreach(fun(I) -> self() ! {wanted, I}, receive {wanted, I} -> ok end end, lists:seq(1, R)),
            T1 = now_ns(),
            out(rate(R, T0, T1), -1).

        ring_loop(Next) ->
            receive
                0 -> Next ! 0;
                T -> Next ! T, ring_loop(Next)
            end.

        pong_loop(Me) ->
            receive
                N when N < 0 -> Me ! N;
                N -> Me ! N, pong_loop(Me)
            end.

        ping_loop(_, 0) -> ok;
        ping_loop(P, N) -> P ! N, receive _ -> ok end, ping_loop(P, N - 1).
        """
}
