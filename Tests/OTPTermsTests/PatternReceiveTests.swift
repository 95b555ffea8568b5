import OTPCore
import Testing

@testable import OTPTerms

@Suite struct PatternReceiveTests {
    @Test func selectiveReceiveByPatternLeavesOthersInOrder() async throws {
        let rt = Runtime.deterministic()
        let (value, rest) = try await rt.run { () async throws -> (Term, [String]) in
            let me = selfPid()
            send(me, Term.tuple([.atom("noise"), 1]))
            send(me, "a Swift string, never a pattern match")
            send(me, Term.tuple([.ok, 42]))
            send(me, Term.tuple([.ok, 43]))
            let value = try await receive("{:ok, x}") { $0["x"]! }
            return (value, flush().map { messageTerm($0)?.description ?? "\($0)" })
        }
        #expect(value == 42)
        #expect(rest == ["{:noise, 1}", "a Swift string, never a pattern match", "{:ok, 43}"])
    }

    @Test func guardsPinsAndClausesInElixirOrder() async throws {
        let rt = Runtime.deterministic()
        let results = try await rt.run { () async throws -> [String] in
            let me = selfPid()
            let ref = makeRef()
            send(me, Term.tuple([.atom("reply"), .ref(makeRef()), "stale"]))
            send(me, Term.tuple([.atom("reply"), .ref(ref), "fresh"]))
            send(me, Term.tuple([.atom("n"), -3]))
            send(me, Term.tuple([.atom("n"), 5]))
            var out: [String] = []
            out.append(try await receive("{:reply, ^ref, text}", pinning: ["ref": .ref(ref)]) { "\($0["text"]!)" })
            out.append(try await receive("{:n, n} when n > 0") { "\($0["n"]!)" })
            // Several clauses: the oldest message that matches any clause wins.
            send(me, Term.atom("second"))
            out.append(
                try await receive([
                    ReceiveClause("{:reply, _, _}") { _ in "first clause" },
                    ReceiveClause("{:n, n}") { "second clause \($0["n"]!)" },
                ]))
            out.append(try await receive([ReceiveClause(":second") { _ in "atom" }], after: .zero) ?? "timeout")
            out.append(try await receive("{:never}", after: .milliseconds(10)) { _ in "?" } ?? "timeout")
            return out
        }
        #expect(results == ["\"fresh\"", "5", "first clause", "atom", "timeout"])
    }

    @Test func downAndExitMessagesMatchTheirElixirShapes() async throws {
        let rt = Runtime.deterministic()
        let reason = try await rt.run { () async throws -> Term in
            let (pid, ref) = spawnMonitor { throw ProcessExit(reason: .atom("boom")) }
            return try await receive("{:DOWN, ^ref, :process, ^pid, reason}", pinning: ["ref": .ref(ref), "pid": .pid(pid)]) {
                $0["reason"]!
            }
        }
        #expect(reason == .atom("boom"))
    }

    @Test func aBadPatternThrowsBeforeReceiving() async throws {
        let rt = Runtime.deterministic()
        await #expect(throws: SyntaxError.self) {
            try await rt.run { try await receive("{:ok, ") { _ in 0 } }
        }
    }
}
