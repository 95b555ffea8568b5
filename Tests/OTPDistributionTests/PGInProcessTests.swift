import OTPCore
import Testing

@testable import OTPDistribution

/// `:pg` between two Swift nodes in one OS process (two runtimes, the same protocol as with a
/// BEAM node): a member of one node is seen on the other, its end drops it there, and a node
/// that stops has its members dropped. Every wait is on a message.
@Suite(.serialized) struct PGInProcessTests {
    @Test func twoSwiftNodesShareTheDefaultScope() async throws {
        let options = NodeOptions.forTests(epmdPort: ErlangPeer.freePort())
        let cookie = Cookie.random()
        let a = try await DistributedNode.start(name: "pginproca1", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let b = try await DistributedNode.start(name: "pginprocb1", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let g = Term.atom("g")
        let changes = AsyncStream<String>.makeStream()
        let subscribed = AsyncStream<Void>.makeStream()
        let (scopeA, workerA) = try await a.runtime.run { () -> (Pid, Pid) in
            let scope = try await PG.start()
            let worker = spawn { _ = try await receive(Term.self) }
            try await PG.join(g, worker)
            return (scope, worker)
        }
        // A subscriber on a reports what it hears of b's members.
        let watcher = a.runtime.spawn {
            let (ref, _) = try await PG.monitor(g)
            subscribed.continuation.yield()
            while true {
                let change = try await receive { (message: Term) -> String? in
                    guard case .tuple(let items) = message, items.count == 4, items[0] == .ref(ref), case .list(let pids) = items[3] else { return nil }
                    let remote = pids.allSatisfy { if case .pid(let p) = $0 { !p.isLocal } else { false } }
                    // The members now (b's scope may already be gone after a join).
                    return items[1] == .atom("leave") ? "\(items[1]) remote=\(remote) members=\(PG.getMembers(g).count)" : "\(items[1]) remote=\(remote)"
                }
                changes.continuation.yield(change)
            }
        }
        for await _ in subscribed.stream { break }
        let (seenOnB, scopeB) = try await b.runtime.run { () -> ([String], Pid) in
            var out: [String] = []
            let scope = try await PG.start()
            let (ref, _) = try await PG.monitor(g)
            func next() async throws -> (Term, [Pid]) {
                try await receive { (message: Term) -> (Term, [Pid])? in
                    guard case .tuple(let items) = message, items.count == 4, items[0] == .ref(ref), let pids = PGProtocol.pids(items[3]) else { return nil }
                    return (items[1], pids)
                }
            }
            _ = await Node.connect(a.name)
            let (verb, pids) = try await next()
            // workerA as this node knows it: a remote pid with a's id.
            out.append(
                "\(verb) \(pids.count == 1 && !pids[0].isLocal && pids[0].id == workerA.id) \(PG.getMembers(g) == pids) local=\(PG.getLocalMembers(g).count)")
            send(pids[0], Term.atom("stop"))
            let (left, gone) = try await next()
            out.append("\(left) \(gone == pids) \(PG.whichGroups())")
            return (out, scope)
        }
        // A deadline, not a wait: if a never hears b's member, the test fails.
        let guardTask = Task {
            try? await Task.sleep(for: .seconds(20))
            changes.continuation.finish()
        }
        var heard = changes.stream.makeAsyncIterator()
        var seenOnA: [String] = []
        // a's own worker's leave: a's watcher counts the members when it hears it, so b joins
        // its member only after that (nothing else orders b's join after a's count).
        if let change = await heard.next() { seenOnA.append(change) }
        let mineB = try await b.runtime.run { () -> Pid in
            let mine = spawn { _ = try await receive(Term.self) }
            try await PG.join(g, mine)
            return mine
        }
        // b's member's join (a message sent just before a node stops may be lost, as on the
        // BEAM: b stops only once a has heard it).
        if let change = await heard.next() { seenOnA.append(change) }
        // b goes down: a drops b's member (its monitor of b's scope fires with :noconnection).
        await b.stop()
        Process.exit(mineB, .kill)
        Process.exit(scopeB, .kill)
        if let change = await heard.next() { seenOnA.append(change) }
        guardTask.cancel()
        Process.exit(watcher, .kill)
        Process.exit(scopeA, .kill)
        await a.stop()
        #expect(seenOnB == [":join true true local=0", ":leave true []"], "\(seenOnB)")
        // a's own worker's leave (local), then b's member joins and goes with b's scope.
        #expect(seenOnA == [":leave remote=false members=0", ":join remote=true", ":leave remote=true members=0"], "\(seenOnA)")
    }
}
