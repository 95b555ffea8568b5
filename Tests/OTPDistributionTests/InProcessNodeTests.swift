import OTPCore
import OTPDistribution
import Testing

/// Two Swift nodes in one OS process (two runtimes), for what needs no second OS process:
/// remote spawn of a registered function, exit signals and links across nodes, and messages to
/// pids and names of a node that cannot be reached.
@Suite(.serialized) struct InProcessNodeTests {
    func twoNodes(_ a: String, _ b: String) async throws -> (DistributedNode, DistributedNode) {
        var options = NodeOptions()
        options.epmdPort = ErlangPeer.freePort()
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
