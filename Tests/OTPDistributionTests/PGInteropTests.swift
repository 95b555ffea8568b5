import Foundation
import OTPCore
import OTPDistribution
import Testing

/// `:pg` between a Swift node and a real Elixir node, both running the default scope: each
/// side sees the other's members join, leave when they end, and the Swift side drops the
/// Elixir node's members when that node goes down. Every wait is on a message (`:pg.monitor`
/// subscriptions on both sides), never a sleep.
@Suite(.serialized, .enabled(if: RequiredTools.elixirTestsRun, "elixir is not installed (apt-get install elixir)"))
struct PGInteropTests {
    @Test func membershipCrossesBothWays() async throws {
        let (elixir, epmd, cookie, runtime, node) = try await ElixirInterop.swiftNode("swiftpg1")
        let events = AsyncStream<String>.makeStream()
        let ready = AsyncStream<Void>.makeStream()
        let workers = Term.atom("workers")
        let coordinator = runtime.spawn {
            try await PG.start()
            let worker = spawn {
                _ = try await receive { (message: Term) in message == .atom("stop") ? true : nil }
            }
            try await PG.join(workers, worker)
            let (ref, _) = try await PG.monitor(workers)
            try Process.register(selfPid(), as: "coordinator")
            ready.continuation.yield()
            func next(_ verb: String) async throws -> [Pid] {
                try await receive { (message: Term) -> [Pid]? in
                    guard case .tuple(let items) = message, items.count == 4, items[0] == .ref(ref), items[1] == .atom(Atom(verb)),
                        case .list(let pids) = items[3]
                    else { return nil }
                    return pids.compactMap { if case .pid(let pid) = $0 { pid } else { nil } }
                }
            }
            // Elixir's process joins: this side sees it, and says so.
            let joined = try await next("join")
            let elixirPid = joined[0]
            events.continuation.yield("joined remote=\(!elixirPid.isLocal) members=\(PG.getMembers(workers).count) local=\(PG.getLocalMembers(workers).count)")
            let (elixirShell, _) = try await receive { (message: Term) -> (Pid, Bool)? in
                guard case .tuple(let items) = message, items.count == 2, items[0] == .atom("shell"), case .pid(let p) = items[1] else { return nil }
                return (p, true)
            }
            send(elixirShell, Term.tuple([.atom("swift_sees"), .pid(elixirPid)]))
            // Our worker ends: Elixir drops it (it tells us), then its own member ends.
            send(worker, Term.atom("stop"))
            let mine = try await next("leave")
            let left = try await next("leave")
            events.continuation.yield("left mine=\(mine == [worker]) elixir=\(left == [elixirPid]) members=\(PG.getMembers(workers).count)")
            // Only now may Elixir join its second member: the count above reads a table that
            // other nodes keep changing, and nothing else orders Elixir's next join after it.
            send(elixirShell, Term.tuple([.atom("swift_dropped"), .pid(elixirPid)]))
            // A second Elixir member, then the Elixir node goes down.
            let second = try await next("join")
            send(elixirShell, Term.tuple([.atom("swift_sees"), .pid(second[0])]))
            let dropped = try await next("leave")
            events.continuation.yield("nodedown dropped=\(dropped == second) members=\(PG.getMembers(workers).count) groups=\(PG.whichGroups().count)")
        }
        for await _ in ready.stream { break }
        let script = """
            swift = :"\(node.name.name)"
            {:ok, _} = :pg.start_link()
            {ref, members} = :pg.monitor(:workers)
            true = Node.connect(swift)
            members = if members == [] do
              receive do {^ref, :join, :workers, pids} -> pids after 60000 -> [] end
            else members end
            IO.puts("elixir sees #{inspect(Enum.map(members, &node/1))} #{inspect(Enum.map(:pg.get_members(:workers), &node/1))}")
            e = spawn(fn -> receive do :stop -> :ok end end)
            :ok = :pg.join(:workers, e)
            send({:coordinator, swift}, {:shell, self()})
            receive do {:swift_sees, ^e} -> IO.puts("swift sees elixir's member") after 60000 -> IO.puts("swift silent") end
            receive do {^ref, :join, :workers, [^e]} -> :ok after 0 -> :ok end
            receive do
              {^ref, :leave, :workers, [p]} -> IO.puts("elixir dropped #{inspect(node(p))} #{inspect(:pg.get_members(:workers) == [e])}")
            after 60000 -> IO.puts("no leave")
            end
            send(e, :stop)
            receive do {^ref, :leave, :workers, [^e]} -> :ok after 60000 -> :ok end
            receive do {:swift_dropped, ^e} -> :ok after 60000 -> IO.puts("swift never dropped") end
            e2 = spawn(fn -> Process.sleep(:infinity) end)
            :ok = :pg.join(:workers, [e2])
            receive do {:swift_sees, ^e2} -> IO.puts("swift sees the second") after 60000 -> IO.puts("swift silent") end
            """
        func tearDown() async {
            Process.exit(coordinator, .kill)
            await node.stop()
        }
        let output = try await ElixirInterop.runElixir(
            elixir, name: "elixirpg1", cookie: cookie, epmd: epmd, script: script, limit: 180, orElse: tearDown)
        let seen = await ElixirInterop.collect(3, from: events)
        await tearDown()
        let swift = node.name.name
        #expect(output.contains("elixir sees [:\(swift)] [:\(swift)]"), "\(output)")
        #expect(output.contains("swift sees elixir's member"), "\(output)")
        #expect(output.contains("elixir dropped :\(swift) true"), "\(output)")
        #expect(output.contains("swift sees the second"), "\(output)")
        #expect(!output.contains("swift never dropped"), "\(output)")
        #expect(
            seen == ["joined remote=true members=2 local=1", "left mine=true elixir=true members=0", "nodedown dropped=true members=0 groups=0"],
            "\(seen)\n\(output)")
    }

    /// A named scope Elixir started before the Swift node had it: the Elixir scope's discover on
    /// nodeup finds nothing here, and the Swift scope's own discover when it starts brings the
    /// two together. Elixir's `:pg.monitor_scope` hears the Swift member join.
    @Test func aNamedScopeStartedLaterOnTheSwiftNode() async throws {
        let (elixir, epmd, cookie, runtime, node) = try await ElixirInterop.swiftNode("swiftpg2")
        let events = AsyncStream<String>.makeStream()
        let ready = AsyncStream<Void>.makeStream()
        let room = Term.atom("room")
        let coordinator = runtime.spawn {
            try Process.register(selfPid(), as: "coord")
            ready.continuation.yield()
            let shell = try await receive { (message: Term) -> Pid? in
                guard case .tuple(let items) = message, items.count == 2, items[0] == .atom("go"), case .pid(let p) = items[1] else { return nil }
                return p
            }
            let scope = try await PG.start("chat")
            let worker = spawn { _ = try await receive(Term.self) }
            let (ref, before) = try await PG.monitor(room, scope: "chat")
            try await PG.join(room, worker, scope: "chat")
            send(shell, Term.tuple([.atom("swift_joined"), .pid(worker)]))
            func next(_ verb: Atom) async throws -> [Term] {
                try await receive { (message: Term) -> [Term]? in
                    guard case .tuple(let items) = message, items.count == 4, items[0] == .ref(ref), items[1] == .atom(verb),
                        case .list(let pids) = items[3]
                    else { return nil }
                    return pids
                }
            }
            _ = try await next("join")  // our own worker
            let theirs = try await next("join")
            events.continuation.yield(
                "before=\(before.count) theirs=\(theirs.count) members=\(PG.getMembers(room, scope: "chat").count) default=\(PG.getMembers(room).count)")
            send(shell, Term.atom("seen"))
            let gone = try await next("leave")
            events.continuation.yield("gone=\(gone == theirs) members=\(PG.getMembers(room, scope: "chat").count)")
            Process.exit(worker, .kill)
            Process.exit(scope, .kill)
        }
        for await _ in ready.stream { break }
        let script = """
            swift = :"\(node.name.name)"
            {:ok, _} = :pg.start(:chat)
            {ref, %{}} = :pg.monitor_scope(:chat)
            true = Node.connect(swift)
            send({:coord, swift}, {:go, self()})
            p = receive do {^ref, :join, :room, [p]} -> p after 60000 -> nil end
            receive do {:swift_joined, ^p} -> IO.puts("scope join from #{inspect(node(p))}") after 60000 -> IO.puts("no join") end
            e = spawn(fn -> Process.sleep(:infinity) end)
            :ok = :pg.join(:chat, :room, e)
            receive do :seen -> :ok after 60000 -> IO.puts("swift silent") end
            IO.puts("members #{length(:pg.get_members(:chat, :room))} local #{inspect(:pg.get_local_members(:chat, :room) == [e])} groups #{inspect(:pg.which_groups(:chat))}")
            """
        func tearDown() async {
            Process.exit(coordinator, .kill)
            await node.stop()
        }
        let output = try await ElixirInterop.runElixir(
            elixir, name: "elixirpg2", cookie: cookie, epmd: epmd, script: script, limit: 180, orElse: tearDown)
        let seen = await ElixirInterop.collect(2, from: events)
        await tearDown()
        #expect(output.contains("scope join from :\(node.name.name)"), "\(output)")
        #expect(output.contains("members 2 local true groups [:room]"), "\(output)")
        #expect(seen == ["before=0 theirs=1 members=2 default=0", "gone=true members=1"], "\(seen)\n\(output)")
    }
}
