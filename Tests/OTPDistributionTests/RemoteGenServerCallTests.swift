import OTPCore
import OTPGenServer
import Testing

@testable import OTPDistribution

/// `RemoteGenServer.call` as Elixir's `GenServer.call({name, node}, request)`: a name on the
/// caller's own node is a local call, a node that cannot be reached exits the caller with
/// `{:nodedown, node}` (gen.erl's reason), and a disconnection in the middle of a stream of calls
/// loses no acknowledged write: the next call connects again, to a node that kept its state.
@Suite(.serialized) struct RemoteGenServerCallTests {
    func twoNodes(_ a: String, _ b: String) async throws -> (DistributedNode, DistributedNode) {
        let options = NodeOptions.forTests(epmdPort: ErlangPeer.freePort())
        let cookie = Cookie.random()
        let first = try await DistributedNode.start(name: a, cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let second = try await DistributedNode.start(name: b, cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        return (first, second)
    }

    /// The exit reason of a call that threw, without the `{GenServer, :call, …}` part.
    static func reason(_ body: () async throws -> Term) async -> Term? {
        do {
            _ = try await body()
            return nil
        } catch let exit as ProcessExit {
            guard case .tuple(let items) = exit.reason, items.count == 2 else { return exit.reason }
            return items[0]
        } catch {
            return .string("\(error)")
        }
    }

    @Test func aNameOnTheCallersOwnNodeIsALocalCall() async throws {
        let (a, b) = try await twoNodes("rgsloca", "rgslocb")
        let (put, got, missing, ghost, connected) = try await a.runtime.run { () -> (Term, Term, Term?, Term?, [Atom]) in
            _ = try await KVServer.start(name: KVServer.name)
            let own = RemoteGenServer.Address.name(KVServer.name, node: a.name)
            let put = try await RemoteGenServer.call(own, .tuple([.atom("put"), .atom("lang"), .string("Swift")]))
            let got = try await RemoteGenServer.call(own, .tuple([.atom("get"), .atom("lang")]))
            let missing = await Self.reason { try await RemoteGenServer.call(.name("nobody", node: a.name), .atom("x")) }
            let nowhere = Atom("nowhere@\(NodeOptions.shortHostName)")
            let ghost = await Self.reason { try await RemoteGenServer.call(.name("kv", node: nowhere), .atom("x"), timeout: .seconds(10)) }
            return (put, got, missing, ghost, Node.list(.connected))
        }
        await a.stop()
        await b.stop()
        #expect(put == .atom("ok"))
        #expect(got == .string("Swift"))
        #expect(missing == .atom("noproc"))
        #expect(ghost == .tuple([.atom("nodedown"), .atom(Atom("nowhere@\(NodeOptions.shortHostName)"))]))
        #expect(connected.isEmpty, "calls on the own node and to a missing node connect nothing: \(connected)")
    }

    @Test func aDisconnectionMidStreamLosesNoAcknowledgedWrite() async throws {
        let (a, b) = try await twoNodes("rgsdisa", "rgsdisb")
        try await b.runtime.run { _ = try await KVServer.start(name: KVServer.name) }
        let kv = RemoteGenServer.Address.name(KVServer.name, node: b.name)
        struct Outcome: Sendable {
            var acknowledged: [Int] = []
            var failures: [Term] = []
            var monitorReason: Term?
            var nodeDown = false
            var held: [Int: Term] = [:]
            var connectedAfter: [Atom] = []
        }
        let outcome = try await a.runtime.run { () -> Outcome in
            var outcome = Outcome()
            let ref = Node.monitor(name: KVServer.name, on: b.name)
            Node.monitor(b.name)
            // A writer on a's runtime keeps calling b's kv; a disconnects b after its 20th write.
            let me = selfPid()
            let writer = spawn {
                var acknowledged: [Int] = []
                var failures: [Term] = []
                for n in 1...60 {
                    if let failure = await Self.reason({ try await RemoteGenServer.call(kv, .tuple([.atom("put"), .int(n), .int(n * n)])) }) {
                        failures.append(failure)
                    } else {
                        acknowledged.append(n)
                    }
                    if n == 20 { send(me, Term.atom("twenty")) }
                }
                send(me, Term.tuple([.list(acknowledged.map { .int($0) }), .list(failures)]))
            }
            _ = try await receive(Term.self) { $0 == .atom("twenty") ? () : nil }
            _ = await Node.disconnect(b.name)
            outcome.monitorReason = try await receive(Down.self, after: .seconds(10)) { $0.ref == ref ? $0.reason : nil }
            outcome.nodeDown = try await receive(NodeDown.self, after: .seconds(10)) { $0.node == b.name ? true : nil } ?? false
            let report = try await receive(Term.self, after: .seconds(30)) { term -> Term? in
                guard case .tuple(let items) = term, items.count == 2 else { return nil }
                return term
            }
            _ = writer
            if case .tuple(let items)? = report, case .list(let acks) = items[0], case .list(let failures) = items[1] {
                outcome.acknowledged = acks.compactMap(\.intValue)
                outcome.failures = failures
            }
            for n in outcome.acknowledged {
                outcome.held[n] = try await RemoteGenServer.call(kv, .tuple([.atom("get"), .int(n)]))
            }
            outcome.connectedAfter = Node.list()
            return outcome
        }
        await a.stop()
        await b.stop()
        #expect(outcome.monitorReason == .noconnection)
        #expect(outcome.nodeDown)
        #expect(outcome.acknowledged.count + outcome.failures.count == 60)
        #expect(outcome.acknowledged.count >= 20, "the 20 writes before the disconnection were acknowledged: \(outcome.acknowledged)")
        #expect(outcome.failures.allSatisfy { $0 == .tuple([.atom("nodedown"), .atom(b.name)]) }, "\(outcome.failures)")
        let lost = outcome.acknowledged.filter { outcome.held[$0] != .int($0 * $0) }
        #expect(lost.isEmpty, "acknowledged writes b does not hold: \(lost)")
        #expect(outcome.acknowledged.contains(60), "the last write, after the disconnection, went through a new connection")
        #expect(outcome.connectedAfter == [b.name])
    }
}
