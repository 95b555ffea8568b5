import Foundation
import OTPCore
import OTPDistribution
import Testing

/// A Swift node and a real `erl -sname` node on loopback. Reported as skipped when `erl` is not
/// installed (outside CI: see `RequiredTools`).
@Suite(.serialized, .enabled(if: RequiredTools.erlTestsRun, "erl is not installed (apt-get install erlang-base)"))
struct ErlangInteropTests {

    func startSwiftNode(_ alive: String, port epmd: Int, cookie: String, runtime: Runtime) async throws -> DistributedNode {
        let options = NodeOptions.forTests(epmdPort: epmd)
        return try await DistributedNode.start(name: alive, cookie: cookie, runtime: runtime, options: options)
    }

    @Test func messagesPingAndEchoBothWays() async throws {
        let epmd = ErlangPeer.freePort()
        let cookie = Cookie.random()
        let runtime = Runtime(schedulers: 2)
        let node = try await startSwiftNode("swifti1", port: epmd, cookie: cookie, runtime: runtime)
        // An echo process: {pid, msg} -> {:echo, msg}.
        let ready = AsyncStream<Void>.makeStream()
        runtime.spawn {
            try Process.register(selfPid(), as: "echo")
            ready.continuation.yield()
            while true {
                let message = try await receive(Term.self)
                if case .tuple(let items) = message, items.count == 2, case .pid(let from) = items[0] {
                    send(from, Term.tuple([.atom("echo"), items[1]]))
                }
            }
        }
        for await _ in ready.stream { break }
        let swift = node.name.name
        let output = try await ErlangPeer.run(
            sname: "beami1", cookie: cookie, epmdPort: epmd,
            eval: """
                S = '\(swift)',
                io:format("ping ~p~n", [net_adm:ping(S)]),
                {echo, S} ! {self(), [1, 2.5, <<"hi">>, #{a => b}]},
                receive {echo, M} -> io:format("echo ~p~n", [M]) after 30000 -> io:format("no echo~n") end,
                halt().
                """)
        #expect(output.contains("ping pong"), "\(output)")
        #expect(output.contains("echo [1,2.5,<<\"hi\">>,#{a => b}]"), "\(output)")
        await node.stop()
    }
}

extension ErlangInteropTests {
    /// Waits until `count` processes have signalled through `stream`.
    func waitReady(_ stream: AsyncStream<Void>, count: Int) async {
        var seen = 0
        for await _ in stream {
            seen += 1
            if seen == count { return }
        }
    }

    @Test func linksAndMonitorsBothWays() async throws {
        let epmd = ErlangPeer.freePort()
        let cookie = Cookie.random()
        let runtime = Runtime(schedulers: 2)
        let node = try await startSwiftNode("swifti2", port: epmd, cookie: cookie, runtime: runtime)
        let ready = AsyncStream<Void>.makeStream()
        // victim: exits with :stopped when asked; monitored by name from erl.
        runtime.spawn {
            try Process.register(selfPid(), as: "victim")
            ready.continuation.yield()
            _ = try await receive(Term.self)
            try Process.exit(.atom("stopped"))
        }
        // linker: tells its pid, then exits with :boom; erl links to it and traps exits.
        runtime.spawn {
            try Process.register(selfPid(), as: "linker")
            ready.continuation.yield()
            let ask = try await receive(Term.self)
            guard case .tuple(let items) = ask, case .pid(let from) = items[0] else { return }
            send(from, Term.tuple([.atom("pid"), .pid(selfPid())]))
            _ = try await receive(Term.self) { $0 == .atom("crash") ? () : nil }
            try Process.exit(.atom("boom"))
        }
        // watcher: monitors and links (trapping exits) an erl pid it is given; reports both.
        runtime.spawn {
            try Process.register(selfPid(), as: "watcher")
            Process.trapExit(true)
            ready.continuation.yield()
            let ask = try await receive(Term.self)
            guard case .tuple(let items) = ask, case .pid(let from) = items[0], case .pid(let target) = items[1] else { return }
            let ref = Process.monitor(target)
            try Process.link(target)
            send(from, Term.atom("watching"))
            let down = try await receive(Down.self) { $0.ref == ref ? $0 : nil }
            let exit = try await receive(ExitMessage.self) { $0.pid == target ? $0 : nil }
            send(from, Term.tuple([.atom("watcher_saw"), down.reason, exit.reason]))
        }
        await waitReady(ready.stream, count: 3)
        let output = try await ErlangPeer.run(
            sname: "beami2", cookie: cookie, epmdPort: epmd,
            eval: """
                S = '\(node.name.name)',
                true = net_kernel:connect_node(S),
                Ref = erlang:monitor(process, {victim, S}),
                {victim, S} ! {self(), stop},
                receive {'DOWN', Ref, process, _, R1} -> io:format("down ~p~n", [R1]) after 30000 -> io:format("no down~n") end,
                R0 = erlang:monitor(process, {nobody_here, S}),
                receive {'DOWN', R0, process, _, R0r} -> io:format("unknown ~p~n", [R0r]) after 30000 -> io:format("no unknown~n") end,
                process_flag(trap_exit, true),
                {linker, S} ! {self(), whoami},
                P = receive {pid, X} -> X after 30000 -> none end,
                link(P),
                P ! crash,
                receive {'EXIT', P, R2} -> io:format("exit ~p~n", [R2]) after 30000 -> io:format("no exit~n") end,
                W = spawn(fun() -> receive go -> exit(bye) end end),
                {watcher, S} ! {self(), W},
                receive watching -> ok after 30000 -> ok end,
                W ! go,
                receive {watcher_saw, R3, R4} -> io:format("swift saw ~p ~p~n", [R3, R4]) after 30000 -> io:format("swift saw nothing~n") end,
                halt().
                """)
        #expect(output.contains("down stopped"), "\(output)")
        #expect(output.contains("unknown noproc"), "\(output)")
        #expect(output.contains("exit boom"), "\(output)")
        #expect(output.contains("swift saw bye bye"), "\(output)")
        await node.stop()
    }

    @Test func genServerCallsBothWays() async throws {
        let epmd = ErlangPeer.freePort()
        let cookie = Cookie.random()
        let runtime = Runtime(schedulers: 2)
        let node = try await startSwiftNode("swifti3", port: epmd, cookie: cookie, runtime: runtime)
        let ready = AsyncStream<Void>.makeStream()
        let beam = Atom("beami3@\(NodeOptions.shortHostName)")
        runtime.spawn {
            _ = try await KVServer.start(name: KVServer.name)
            try Process.register(selfPid(), as: "caller")
            ready.continuation.yield()
            let ask = try await receive(Term.self)
            guard case .tuple(let items) = ask, case .pid(let from) = items[0] else { return }
            let put = try await RemoteGenServer.call(.name("kvb", node: beam), .tuple([.atom("put"), .atom("x"), .int(7)]))
            let got = try await RemoteGenServer.call(.name("kvb", node: beam), .tuple([.atom("get"), .atom("x")]))
            let missing: Term
            do {
                missing = try await RemoteGenServer.call(.name("nothing", node: beam), .atom("hi"), timeout: .seconds(2))
            } catch let exit as ProcessExit {
                missing = exit.reason
            }
            send(from, Term.tuple([.atom("swift_called"), put, got, missing]))
        }
        await waitReady(ready.stream, count: 1)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kvb-\(epmd)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("kvb.erl")
        try """
        -module(kvb).
        -behaviour(gen_server).
        -export([start/0, init/1, handle_call/3, handle_cast/2]).
        start() -> gen_server:start({local, kvb}, ?MODULE, #{}, []).
        init(State) -> {ok, State}.
        handle_call({put, K, V}, _From, S) -> {reply, ok, S#{K => V}};
        handle_call({get, K}, _From, S) -> {reply, maps:get(K, S, undefined), S}.
        handle_cast(_, S) -> {noreply, S}.
        """.write(to: source, atomically: true, encoding: .utf8)
        let output = try await ErlangPeer.run(
            sname: "beami3", cookie: cookie, epmdPort: epmd,
            eval: """
                S = '\(node.name.name)',
                {ok, kvb} = compile:file("\(source.path)", [{outdir, "\(directory.path)"}]),
                code:add_patha("\(directory.path)"),
                {ok, _} = kvb:start(),
                io:format("put ~p~n", [gen_server:call({kv, S}, {put, a, 1})]),
                io:format("get ~p~n", [gen_server:call({kv, S}, {get, a})]),
                io:format("get missing ~p~n", [gen_server:call({kv, S}, {get, zzz})]),
                {caller, S} ! {self(), go},
                receive {swift_called, A, B, C} -> io:format("swift ~p ~p ~p~n", [A, B, C]) after 30000 -> io:format("swift silent~n") end,
                halt().
                """)
        #expect(output.contains("put ok"), "\(output)")
        #expect(output.contains("get 1"), "\(output)")
        #expect(output.contains("get missing nil"), "\(output)")
        #expect(output.contains("swift ok 7 {noproc,{'Elixir.GenServer',call,[{nothing,\(beam.name)}"), "\(output)")
        await node.stop()
    }

    @Test func aWrongCookieIsRefused() async throws {
        let epmd = ErlangPeer.freePort()
        let runtime = Runtime(schedulers: 1)
        let node = try await startSwiftNode("swifti4", port: epmd, cookie: "right-cookie", runtime: runtime)
        let output = try await ErlangPeer.run(
            sname: "beami4", cookie: "wrong-cookie", epmdPort: epmd,
            eval: """
                io:format("ping ~p~n", [net_adm:ping('\(node.name.name)')]), halt().
                """)
        #expect(output.contains("ping pang"), "\(output)")
        #expect(node.connectedNodes().isEmpty)
        await node.stop()
    }
}
