import OTPCore
import OTPGenServer
import Testing

@testable import OTPDistribution

/// Two Swift nodes in one OS process (two runtimes), for what needs no second OS process:
/// remote spawn of a registered function, exit signals and links across nodes, and messages to
/// pids and names of a node that cannot be reached.
@Suite(.serialized) struct InProcessNodeTests {
    func twoNodes(_ a: String, _ b: String) async throws -> (DistributedNode, DistributedNode) {
        let options = NodeOptions.forTests(epmdPort: ErlangPeer.freePort())
        let cookie = Cookie.random()
        let first = try await DistributedNode.start(name: a, cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let second = try await DistributedNode.start(name: b, cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        return (first, second)
    }

    @Test func spawnARegisteredFunctionOnAnotherNodeAndLinkToIt() async throws {
        let (a, b) = try await twoNodes("inproca1", "inprocb1")
        b.register(function: "doubler") { argument in
            let (from, value): (Pid, Int) = try await receive(Term.self) { term in
                guard case .tuple(let items) = term, case .pid(let from) = items[0], case .int(let n) = items[1] else { return nil }
                return (from, n)
            }
            send(from, Term.int(value * 2))
            if argument == .atom("crash") { try Process.exit(.atom("asked_to_crash")) }
        }
        let outcome = try await a.runtime.run { () -> (Term?, Term?, Bool, Term?) in
            let worker = try await Node.spawn(on: b.name, "doubler", .atom("crash"))
            Process.trapExit(true)
            try Process.link(worker)
            send(worker, Term.tuple([.pid(selfPid()), .int(21)]))
            let doubled = try await receive(Term.self, after: .seconds(60)) { $0 }
            let exit = try await receive(ExitMessage.self, after: .seconds(60)) { $0.pid == worker ? $0.reason : nil }
            // An unknown function starts a process that exits with :undef, as on the BEAM (a
            // link made by the spawn itself, so the exit cannot come before it).
            let missing = try await Node.spawn(on: b.name, module: "elixirtour", function: "nothing_here", arguments: [.int(1)], link: true)
            let undef = try await receive(ExitMessage.self, after: .seconds(60)) { $0.pid == missing ? $0.reason : nil }
            let nodes = Node.list()
            return (doubled, exit, nodes == [b.name], undef)
        }
        #expect(outcome.0 == .int(42))
        #expect(outcome.1 == .atom("asked_to_crash"))
        #expect(outcome.2)
        #expect(outcome.3 == .tuple([.atom("undef"), .list([.tuple([.atom("elixirtour"), .atom("nothing_here"), .list([.int(1)]), .list([])])])]))
        await a.stop()
        await b.stop()
    }

    @Test func bigAndSmallMessagesArriveWholeAndInOrderWhateverWayTheReadsSplitThem() async throws {
        let (a, b) = try await twoNodes("inproca5", "inprocb5")
        // Sizes that put fragment boundaries anywhere in the 256 KiB reads, small messages between.
        let sizes = (0..<60).map { i in i % 3 == 2 ? 5 + i : 65_000 + (i * 37_813) % 400_000 }
        let payload: @Sendable (Int, Int) -> [UInt8] = { index, size in (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ index) } }
        let collector = b.runtime.spawn {
            let (from, count): (Pid, Int) = try await receive(Term.self) { term in
                guard case .tuple(let items) = term, case .pid(let from) = items[0], case .int(let n) = items[1] else { return nil }
                return (from, n)
            }
            var intact = 0
            for index in 0..<count {
                let ok: Bool = try await receive(Term.self) { term in
                    guard case .tuple(let items) = term, items.count == 2, case .int(let i) = items[0], case .binary(let bytes) = items[1] else { return false }
                    return i == index && bytes == payload(i, sizes[i])
                }
                if ok { intact += 1 }
            }
            send(from, Term.int(intact))
        }
        try await b.runtime.run { try Process.register(collector, as: "collector") }
        let intact = try await a.runtime.run { () -> Term? in
            // Connected first: frames queued while connecting go whole, never in fragments.
            guard await Node.connect(b.name) else { return nil }
            send("collector", node: b.name, Term.tuple([.pid(selfPid()), .int(sizes.count)]))
            for (index, size) in sizes.enumerated() {
                send("collector", node: b.name, Term.tuple([.int(index), .binary(payload(index, size))]))
            }
            return try await receive(Term.self, after: .seconds(300)) { $0 }
        }
        #expect(intact == .int(sizes.count))
        let incoming = try #require(b.existingConnection(a.name))
        let outgoing = try #require(a.existingConnection(b.name))
        // Every binary over 64 KiB went in fragments, and was joined from them.
        let big = sizes.filter { $0 > 70_000 }.count
        #expect(outgoing.fragmentedMessagesSent == big)
        #expect(incoming.joinedMessagesReceived.load(ordering: .relaxed) == big)
        await a.stop()
        await b.stop()
    }

    @Test func exitSignalsCrossNodesAndUnreachableNodesAnswerAtOnce() async throws {
        let (a, b) = try await twoNodes("inproca2", "inprocb2")
        b.register(function: "trapper") { argument in
            Process.trapExit(true)
            // Says when it traps exits: an exit signal sent before that would simply kill it.
            if case .pid(let starter) = argument { send(starter, Term.atom("trapping")) }
            let exit = try await receive(ExitMessage.self)
            send(exit.pid, Term.tuple([.atom("got"), exit.reason]))
        }
        let result = try await a.runtime.run { () -> (Term?, Bool, Term?) in
            let worker = try await Node.spawn(on: b.name, "trapper", .pid(selfPid()))
            _ = try await receive(Term.self, after: .seconds(60)) { $0 == .atom("trapping") ? () : nil }
            Process.exit(worker, .atom("please_stop"))
            let got = try await receive(Term.self, after: .seconds(60)) { $0 }
            let ghost: Atom = "ghost@localhost"
            Node.monitor(ghost)
            let nodeDown = try await receive(NodeDown.self, after: .seconds(10)) { $0.node == ghost ? true : nil } ?? false
            let ref = Node.monitor(name: "anyone", on: ghost)
            let nameDown = try await receive(Down.self, after: .seconds(10)) { $0.ref == ref ? $0.reason : nil }
            return (got, nodeDown, nameDown)
        }
        #expect(result.0 == .tuple([.atom("got"), .atom("please_stop")]))
        #expect(result.1)
        #expect(result.2 == .noconnection)
        await a.stop()
        await b.stop()
    }
}

/// `Erpc` between two Swift nodes in one OS process, and on the calling node itself: results,
/// the classes and terms of failures, a timeout, and a multicall over all three kinds of node.
@Suite(.serialized) struct InProcessErpcTests {
    struct Refused: Error, CustomStringConvertible { let description = "refused" }

    @Test func erpcBetweenSwiftNodesAndOnTheCallersOwnNode() async throws {
        let options = NodeOptions.forTests(epmdPort: ErlangPeer.freePort())
        let cookie = Cookie.random()
        let a = try await DistributedNode.start(name: "erpca1", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let b = try await DistributedNode.start(name: "erpcb1", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        for node in [a, b] {
            let here = node.name
            node.register(module: "info", function: "whoami") { arguments in .tuple([.atom(here), .list(arguments)]) }
            node.register(module: "info", function: "refuse") { _ in throw Refused() }
            node.register(module: "info", function: "wait") { _ in
                _ = try await receive(Term.self)  // nothing comes: the caller's timeout ends the call
                return .atom("never")
            }
        }
        let nowhere = Atom("nowhere@\(NodeOptions.shortHostName)")
        let (remote, local, failures, multi) = try await a.runtime.run {
            let remote = try await Erpc.call(b.name, "info", "whoami", [.int(1)])
            let local = try await Erpc.call(a.name, "info", "whoami", [])
            var failures: [ErpcError] = []
            for (node, function, timeout) in [
                (b.name, Atom("refuse"), Timeout.infinity), (b.name, "nothing", .infinity),
                (b.name, "wait", .milliseconds(100)), (a.name, "refuse", .infinity),
            ] {
                do { _ = try await Erpc.call(node, "info", function, [], timeout: timeout) } catch let error as ErpcError { failures.append(error) }
            }
            let multi = try await Erpc.multicall([b.name, a.name, nowhere], "info", "whoami", [.atom("x")])
            return (remote, local, failures, multi)
        }
        await a.stop()
        await b.stop()
        #expect(remote == .tuple([.atom(b.name), .list([.int(1)])]))
        #expect(local == .tuple([.atom(a.name), .list([])]))
        let stack: Term = .list([.tuple([.atom("info"), .atom("refuse"), .int(0), .list([])])])
        #expect(
            failures == [
                ErpcError(.error, .tuple([.atom("exception"), ErpcError.runtimeError("refused"), stack])),
                ErpcError(.error, .tuple([.atom("exception"), .atom("undef"), .list([.tuple([.atom("info"), .atom("nothing"), .list([]), .list([])])])])),
                ErpcError(.error, .tuple([.atom("erpc"), .atom("timeout")])),
                ErpcError(.error, .tuple([.atom("exception"), ErpcError.runtimeError("refused"), stack])),
            ])
        #expect(
            multi == [
                .success(.tuple([.atom(b.name), .list([.atom("x")])])),
                .success(.tuple([.atom(a.name), .list([.atom("x")])])),
                .failure(ErpcError(.error, .tuple([.atom("erpc"), .atom("noconnection")]))),
            ])
    }
}

/// Three visible Swift nodes mesh as BEAM nodes do: X connects to Y, Z connects to Y, and X and
/// Z connect to each other through global's protocol (`Node.monitorNodes()` on X and Z get each
/// other's `{:nodeup, node}`, and X gets `{:nodedown, z}` when Z stops).
@Suite(.serialized) struct SwiftMeshTests {
    /// A process on `runtime` that monitors nodes and hands each NodeUp and NodeDown over.
    static func watchNodes(on runtime: Runtime) async -> AsyncStream<Term> {
        let seen = AsyncStream<Term>.makeStream()
        let ready = AsyncStream<Void>.makeStream()
        runtime.spawn {
            Node.monitorNodes()
            ready.continuation.yield()
            while let message = try await receive((any Sendable).self, after: .seconds(180), { $0 }) {
                if let up = message as? NodeUp { seen.continuation.yield(up.term) }
                if let down = message as? NodeDown { seen.continuation.yield(down.term) }
            }
            seen.continuation.finish()
        }
        for await _ in ready.stream { break }
        return seen.stream
    }

    @Test func threeSwiftNodesMeshTransitively() async throws {
        let options = NodeOptions.forTests(epmdPort: ErlangPeer.freePort())
        let cookie = Cookie.random()
        let x = try await DistributedNode.start(name: "meshx1", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let y = try await DistributedNode.start(name: "meshy1", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let z = try await DistributedNode.start(name: "meshz1", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        var onX = await Self.watchNodes(on: x.runtime).makeAsyncIterator()
        var onZ = await Self.watchNodes(on: z.runtime).makeAsyncIterator()
        #expect(await x.connect(y.name))
        let xFirst = await onX.next()
        #expect(await z.connect(y.name))
        let zFirst = await onZ.next()
        let xSecond = await onX.next()
        let zSecond = await onZ.next()
        let lists = (x.connectedNodes(.visible), y.connectedNodes(.visible), z.connectedNodes(.visible))
        await z.stop()
        let xThird = await onX.next()
        await y.stop()
        await x.stop()
        #expect(xFirst == .tuple([.atom("nodeup"), .atom(y.name)]))
        #expect(zFirst == .tuple([.atom("nodeup"), .atom(y.name)]))
        #expect(xSecond == .tuple([.atom("nodeup"), .atom(z.name)]))
        #expect(zSecond == .tuple([.atom("nodeup"), .atom(x.name)]))
        #expect(lists.0 == [y.name, z.name])
        #expect(lists.1 == [x.name, z.name])
        #expect(lists.2 == [x.name, y.name])
        #expect(xThird == .tuple([.atom("nodedown"), .atom(z.name)]))
    }
}
