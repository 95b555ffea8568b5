import Foundation
import OTPCore
import OTPDistribution
import OTPGenServer
import Testing

/// Two Swift nodes in separate OS processes on loopback: this test process is one node, a child
/// running `elixirtour node start` the other. Reported as skipped when the binary is not built
/// (outside CI: see `RequiredTools`); a node that does not start fails the test.
@Suite(
    .serialized,
    .enabled(
        if: RequiredTools.tourBinaryTestsRun,
        "the elixirtour binary is not built beside the tests (swift build --build-tests)"))
struct TwoNodeTests {
    struct Report: Sendable, Equatable {
        var echo: Term?
        var put: Term?
        var got: Term?
        var pong: Atom?
        var greeting: Term?
        var nodeDown: Bool = false
        var downReason: Term?
        /// From the fault to the `NodeDown` message.
        var faultToDown: Duration?
    }

    func startLocal(_ alive: String, epmd: Int, cookie: String, tickTime: Int = 60) async throws -> (DistributedNode, Runtime) {
        var options = NodeOptions.forTests(epmdPort: epmd)
        options.tickTime = .seconds(tickTime)
        let runtime = Runtime(schedulers: 2)
        return (try await DistributedNode.start(name: alive, cookie: cookie, runtime: runtime, options: options), runtime)
    }

    @Test func talkToAnotherSwiftNodeThenSeeItKilled() async throws {
        let epmd = ErlangPeer.freePort()
        let cookie = Cookie.random()
        let child = try await TourNodeProcess.start(name: "swiftchild1", cookie: cookie, epmdPort: epmd)
        defer { child.stop() }
        let (node, runtime) = try await startLocal("swiftparent1", epmd: epmd, cookie: cookie)
        let peer = Atom("swiftchild1@\(NodeOptions.shortHostName)")
        let report = try await exercise(peer: peer, runtime: runtime) { [pid = child.process.processIdentifier] in _ = kill(pid, SIGKILL) }
        #expect(report.echo == .string("hi"))
        #expect(report.put == .ok)
        #expect(report.got == .int(42))
        #expect(report.pong == "pong")
        #expect(report.greeting != nil, "the tour node's greet function did not answer")
        #expect(report.nodeDown)
        #expect(report.downReason == .noconnection)
        // A killed node's socket closes at once, so the node is down well before its tick
        // time (60 s here) could have run out: the close itself was noticed.
        #expect(report.faultToDown.map { $0 < .seconds(45) } == true, "down after \(String(describing: report.faultToDown))")
        await node.stop()
    }

    @Test func aSilentNodeIsDownAfterTheTickTime() async throws {
        let epmd = ErlangPeer.freePort()
        let cookie = Cookie.random()
        let child = try await TourNodeProcess.start(name: "swiftchild2", cookie: cookie, epmdPort: epmd, tickTime: 4)
        defer { child.stop() }
        let (node, runtime) = try await startLocal("swiftparent2", epmd: epmd, cookie: cookie, tickTime: 4)
        let peer = Atom("swiftchild2@\(NodeOptions.shortHostName)")
        // SIGSTOP: the process stays, its socket stays open, but it sends nothing (not even ticks).
        let report = try await exercise(peer: peer, runtime: runtime) { [pid = child.process.processIdentifier] in _ = kill(pid, SIGSTOP) }
        #expect(report.nodeDown)
        #expect(report.downReason == .noconnection)
        // Nothing closed: only the missing ticks can tell, and not before the tick time
        // (4 s) has mostly passed. How late it comes depends on the machine's load, so no
        // upper bound beyond the 60 s the exercise waits.
        #expect(report.faultToDown.map { $0 >= .seconds(3) } == true, "down after \(String(describing: report.faultToDown))")
        await node.stop()
    }

    /// Talks to the child's echo and kv, pings it, monitors its node and its echo process by
    /// name, runs `fault` on the child, and reports what arrived.
    func exercise(peer: Atom, runtime: Runtime, fault: @escaping @Sendable () -> Void) async throws -> Report {
        try await runtime.run { () -> Report in
            var report = Report()
            let me = selfPid()
            send("echo", node: peer, Term.tuple([.pid(me), .string("hi")]))
            report.echo = try await receive(Term.self, after: .seconds(60)) { term in
                if case .tuple(let items) = term, items.first == .atom("echo") { return items[1] }
                return nil
            }
            // Generous timeouts: they only bound a failure, and a loaded machine can be slow.
            report.put = try await RemoteGenServer.call(.name("kv", node: peer), .tuple([.atom("put"), .atom("k"), .int(42)]), timeout: .seconds(60))
            report.got = try await RemoteGenServer.call(.name("kv", node: peer), .tuple([.atom("get"), .atom("k")]), timeout: .seconds(60))
            report.pong = try await Node.ping(peer, timeout: .seconds(60))
            let greeter = try await Node.spawn(on: peer, "greet", .pid(me))
            report.greeting = try await receive(Term.self, after: .seconds(60)) { term in
                term == .tuple([.atom("hello_from"), .atom(peer), .pid(greeter)]) ? term : nil
            }
            let echoRef = Node.monitor(name: "echo", on: peer)
            Node.monitor(peer)
            let faultAt = ContinuousClock.now
            fault()
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline, !(report.nodeDown && report.downReason != nil) {
                guard let message = try await receive((any Sendable).self, after: .seconds(1), { $0 }) else { continue }
                if let down = message as? NodeDown, down.node == peer {
                    report.nodeDown = true
                    report.faultToDown = ContinuousClock.now - faultAt
                }
                if let down = message as? Down, down.ref == echoRef { report.downReason = down.reason }
            }
            return report
        }
    }
}
