import ChildProcesses
import Foundation
import OTP

/// The `ets` and `registry` workloads: the same shapes on the Swift runtime and on the BEAM
/// (`:ets` through `erl`; Elixir's Registry through `elixir`, which runs an .exs script).
///
/// - ets: a `:set, :public` table with read and write concurrency; inserts of `etsObjects`
///   `{i, i}` objects, then `etsLookups` lookups, from one process; then the same split over one
///   process per scheduler (each inserts its share of the keys into a fresh table, each makes
///   `etsLookups` lookups).
/// - registry: a unique registry with one partition per scheduler; `registryCycles` register +
///   unregister pairs from one process; `registryLookups` lookups of `registryKeys` registered
///   keys from one process, then from one process per scheduler.
///
/// Threading: every function may be called from any thread outside the runtime.
enum TableWorkloads {
    struct Done: Sendable {}

    /// Wall time of `body` run in `count` processes at once, from their start to the last one's end.
    ///
    /// The processes are started as from outside the runtime, so that they are placed on the
    /// schedulers in turn: a child starts on its parent's scheduler, and an idle scheduler leaves
    /// a queue of one job alone, so two children that never wait would run one after the other.
    static func parallel(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) async throws -> Duration {
        let me = selfPid()
        let clock = ContinuousClock()
        let t0 = clock.now
        for index in 0..<count {
            Runtime.shared.spawn {
                try body(index)
                send(me, Done())
            }
        }
        for _ in 0..<count { _ = try await receive(Done.self) }
        return clock.now - t0
    }

    static func ets(_ sizes: BenchSizes) async throws -> [BenchResult] {
        let n = sizes.etsObjects
        let lookups = sizes.etsLookups
        let schedulers = Runtime.shared.schedulerCount
        return try await Runtime.shared.run {
            let clock = ContinuousClock()
            func table() throws -> ETS.Table {
                try ETS.new("bench", .set, access: .public, readConcurrency: true, writeConcurrency: true)
            }
            let one = try table()
            var t0 = clock.now
            for i in 0..<n { try ETS.insert(one, .tuple(.int(i), .int(i))) }
            let insertOne = clock.now - t0
            t0 = clock.now
            var found = 0
            for i in 0..<lookups { found += try ETS.lookup(one, .int((i &* 7919) % n)).count }
            let lookupOne = clock.now - t0
            guard found == lookups else { throw BeamWorkloads.Failure.failed("ets: \(found) of \(lookups) lookups found their key") }

            let shared = try table()
            let share = n / schedulers
            let insertMany = try await parallel(schedulers) { w in
                for i in (w * share)..<((w + 1) * share) { try ETS.insert(shared, .tuple(.int(i), .int(i))) }
            }
            let lookupMany = try await parallel(schedulers) { w in
                for i in 0..<lookups { _ = try ETS.lookup(one, .int((i &* 7919 &+ w) % n)) }
            }
            let note = ":set, :public, read_concurrency and write_concurrency (64 lock shards by key hash)"
            return [
                BenchResult(
                    workload: "ets insert x1", runtime: "swift", rate: Double(n) / insertOne.seconds, unit: "inserts/s",
                    note: "\(n) inserts of {i, i} from 1 process; \(note)"),
                BenchResult(
                    workload: "ets lookup x1", runtime: "swift", rate: Double(lookups) / lookupOne.seconds, unit: "lookups/s",
                    note: "\(lookups) lookups from 1 process in \(n) objects"),
                BenchResult(
                    workload: "ets insert x\(schedulers)", runtime: "swift", rate: Double(share * schedulers) / insertMany.seconds,
                    unit: "inserts/s", note: "\(share) inserts from each of \(schedulers) processes (one per scheduler)"),
                BenchResult(
                    workload: "ets lookup x\(schedulers)", runtime: "swift", rate: Double(lookups * schedulers) / lookupMany.seconds,
                    unit: "lookups/s", note: "\(lookups) lookups from each of \(schedulers) processes (one per scheduler)"),
            ]
        }
    }

    static func registry(_ sizes: BenchSizes) async throws -> [BenchResult] {
        let keys = sizes.registryKeys
        let lookups = sizes.registryLookups
        let cycles = sizes.registryCycles
        let schedulers = Runtime.shared.schedulerCount
        return try await Runtime.shared.run {
            let clock = ContinuousClock()
            let name: Atom = "bench_registry"
            try await Registry.startLink(keys: .unique, name: name, partitions: schedulers)
            var t0 = clock.now
            for i in 0..<cycles {
                _ = try Registry.register(name, .int(i), value: .int(i))
                try Registry.unregister(name, .int(i))
            }
            let cycleOne = clock.now - t0
            for i in 0..<keys { _ = try Registry.register(name, .int(i), value: .int(i)) }
            t0 = clock.now
            var found = 0
            for i in 0..<lookups { found += try Registry.lookup(name, .int((i &* 7919) % keys)).count }
            let lookupOne = clock.now - t0
            guard found == lookups else { throw BeamWorkloads.Failure.failed("registry: \(found) of \(lookups) lookups found their key") }
            let lookupMany = try await parallel(schedulers) { w in
                for i in 0..<lookups { _ = try Registry.lookup(name, .int((i &* 7919 &+ w) % keys)) }
            }
            let note = "unique keys, \(schedulers) partitions"
            return [
                BenchResult(
                    workload: "registry register+unregister", runtime: "swift", rate: Double(cycles) / cycleOne.seconds,
                    unit: "pairs/s", note: "\(cycles) register + unregister pairs from 1 process; \(note)"),
                BenchResult(
                    workload: "registry lookup x1", runtime: "swift", rate: Double(lookups) / lookupOne.seconds,
                    unit: "lookups/s", note: "\(lookups) lookups of \(keys) keys from 1 process"),
                BenchResult(
                    workload: "registry lookup x\(schedulers)", runtime: "swift", rate: Double(lookups * schedulers) / lookupMany.seconds,
                    unit: "lookups/s", note: "\(lookups) lookups from each of \(schedulers) processes (one per scheduler)"),
            ]
        }
    }

    // MARK: the BEAM

    /// Parses the lines `name rate` the BEAM printed into results; a name ending in `_xS` is
    /// named for the scheduler count the BEAM printed on its `schedulers N` line.
    static func parse(_ output: String, units: [String: (String, String)]) throws -> [BenchResult] {
        let schedulers = schedulerCount(output)
        var results: [BenchResult] = []
        for line in output.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let rate = Double(fields[1]), let (unit, note) = units[String(fields[0])] else { continue }
            let name = String(fields[0]).replacingOccurrences(of: "_xS", with: "_x\(schedulers)").replacingOccurrences(of: "_", with: " ")
            results.append(BenchResult(workload: name, runtime: "beam", rate: rate, unit: unit, note: note))
        }
        guard !results.isEmpty else { throw BeamWorkloads.Failure.failed("the BEAM printed something unexpected: \(output)") }
        return results
    }

    static func beamETS(_ sizes: BenchSizes, erl: String, erlc: String) throws -> [BenchResult] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("elixirtour-ets-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let source = dir.appendingPathComponent("tourbench_ets.erl")
        try etsSource.write(to: source, atomically: true, encoding: .utf8)
        _ = try BeamWorkloads.capture(erlc, ["-o", dir.path, source.path])
        let output = try BeamWorkloads.capture(
            erl,
            [
                "-noshell", "-pa", dir.path, "-run", "tourbench_ets", "main", "\(sizes.etsObjects)", "\(sizes.etsLookups)",
                "-s", "init", "stop",
            ])
        return try parse(
            output,
            units: [
                "ets_insert_x1": ("inserts/s", "\(sizes.etsObjects) ets:insert of {I, I} from 1 process; set, public, read and write concurrency"),
                "ets_lookup_x1": ("lookups/s", "\(sizes.etsLookups) ets:lookup from 1 process"),
                "ets_insert_xS": ("inserts/s", "the same keys split over one process per scheduler"),
                "ets_lookup_xS": ("lookups/s", "\(sizes.etsLookups) lookups from each of one process per scheduler"),
            ])
    }

    /// The scheduler count the BEAM printed on its `schedulers N` line.
    static func schedulerCount(_ output: String) -> Int {
        for line in output.split(whereSeparator: \.isNewline) where line.hasPrefix("schedulers ") {
            if let n = Int(line.dropFirst("schedulers ".count)) { return n }
        }
        return 1
    }

    static func beamRegistry(_ sizes: BenchSizes) throws -> [BenchResult] {
        guard let elixir = ChildProcess.which("elixir") else { throw BeamWorkloads.Failure.missing("elixir") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("elixirtour-registry-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let script = dir.appendingPathComponent("registry_bench.exs")
        try registrySource.write(to: script, atomically: true, encoding: .utf8)
        let output = try BeamWorkloads.capture(
            elixir,
            [
                script.path, "\(sizes.registryKeys)", "\(sizes.registryLookups)", "\(sizes.registryCycles)",
            ])
        return try parse(
            output,
            units: [
                "registry_register+unregister": (
                    "pairs/s", "\(sizes.registryCycles) Registry.register + unregister pairs from 1 process; unique keys, one partition per scheduler"
                ),
                "registry_lookup_x1": ("lookups/s", "\(sizes.registryLookups) Registry.lookup of \(sizes.registryKeys) keys from 1 process"),
                "registry_lookup_xS": ("lookups/s", "\(sizes.registryLookups) lookups from each of one process per scheduler"),
            ])
    }

    /// The Erlang twin of `ets(_:)`.
    static let etsSource = """
        -module(tourbench_ets).
        -export([main/1]).

        now_ns() -> erlang:monotonic_time(nanosecond).
        rate(Count, T0, T1) -> Count / ((T1 - T0) / 1.0e9).
        table() -> ets:new(bench, [set, public, {read_concurrency, true}, {write_concurrency, true}]).

        parallel(Count, Fun) ->
            Me = self(),
            T0 = now_ns(),
            [spawn(fun() -> Fun(W), Me ! done end) || W <- lists:seq(0, Count - 1)],
            [receive done -> ok end || _ <- lists:seq(1, Count)],
            now_ns() - T0.

        main([NS, LS]) ->
            N = list_to_integer(NS), L = list_to_integer(LS),
            S = erlang:system_info(schedulers_online),
            io:format("schedulers ~b~n", [S]),
            One = table(),
            T0 = now_ns(),
            lists:foreach(fun(I) -> ets:insert(One, {I, I}) end, lists:seq(0, N - 1)),
            T1 = now_ns(),
            lookups(One, N, L, 0, 0),
            T2 = now_ns(),
            io:format("ets_insert_x1 ~.1f~n", [rate(N, T0, T1)]),
            io:format("ets_lookup_x1 ~.1f~n", [rate(L, T1, T2)]),
            Shared = table(),
            Share = N div S,
            DI = parallel(S, fun(W) -> lists:foreach(fun(I) -> ets:insert(Shared, {I, I}) end, lists:seq(W * Share, (W + 1) * Share - 1)) end),
            DL = parallel(S, fun(W) -> lookups(One, N, L, 0, W) end),
            io:format("ets_insert_xS ~.1f~n", [Share * S / (DI / 1.0e9)]),
            io:format("ets_lookup_xS ~.1f~n", [L * S / (DL / 1.0e9)]).

        lookups(_, _, L, L, _) -> ok;
        lookups(T, N, L, I, W) -> [_] = ets:lookup(T, (I * 7919 + W) rem N), lookups(T, N, L, I + 1, W).
        """

    /// The Elixir twin of `registry(_:)`, run by `elixir registry_bench.exs KEYS LOOKUPS CYCLES`.
    static let registrySource = """
        [keys, lookups, cycles] = Enum.map(System.argv(), &String.to_integer/1)
        s = System.schedulers_online()
        IO.puts("schedulers #{s}")
        {:ok, _} = Registry.start_link(keys: :unique, name: BenchRegistry, partitions: s)
        now = fn -> :erlang.monotonic_time(:nanosecond) end
        rate = fn count, t0, t1 -> count / ((t1 - t0) / 1.0e9) end
        t0 = now.()
        for i <- 0..(cycles - 1) do
          {:ok, _} = Registry.register(BenchRegistry, i, i)
          :ok = Registry.unregister(BenchRegistry, i)
        end
        t1 = now.()
        for i <- 0..(keys - 1), do: {:ok, _} = Registry.register(BenchRegistry, i, i)
        look = fn w ->
          Enum.reduce(0..(lookups - 1), 0, fn i, acc -> acc + length(Registry.lookup(BenchRegistry, rem(i * 7919 + w, keys))) end)
        end
        t2 = now.()
        ^lookups = look.(0)
        t3 = now.()
        me = self()
        t4 = now.()
        for w <- 0..(s - 1), do: spawn(fn -> look.(w); send(me, :done) end)
        for _ <- 1..s, do: (receive do :done -> :ok end)
        t5 = now.()
        IO.puts("registry_register+unregister #{Float.round(rate.(cycles, t0, t1), 1)}")
        IO.puts("registry_lookup_x1 #{Float.round(rate.(lookups, t2, t3), 1)}")
        IO.puts("registry_lookup_xS #{Float.round(rate.(lookups * s, t4, t5), 1)}")
        """
}
