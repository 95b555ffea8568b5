import Foundation
import OTPCore
import OTPDistribution
import Testing

/// A Swift node and a real `erl -sname` node on loopback. Skipped (with the reason printed)
/// when `erl` is not installed.
@Suite(.serialized) struct ErlangInteropTests {
    static let skipReason: String? = ErlangPeer.erlPath == nil ? "erl is not installed: interop tests skipped" : nil

    func startSwiftNode(_ alive: String, port epmd: Int, cookie: String, runtime: Runtime) async throws -> DistributedNode {
        var options = NodeOptions()
        options.epmdPort = epmd
        return try await DistributedNode.start(name: alive, cookie: cookie, runtime: runtime, options: options)
    }

    @Test func messagesPingAndEchoBothWays() async throws {
        if let reason = Self.skipReason { print(reason); return }
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
        let output = try ErlangPeer.run(sname: "beami1", cookie: cookie, epmdPort: epmd, eval: """
            S = '\(swift)',
            io:format("ping ~p~n", [net_adm:ping(S)]),
            {echo, S} ! {self(), [1, 2.5, <<"hi">>, #{a => b}]},
            receive {echo, M} -> io:format("echo ~p~n", [M]) after 5000 -> io:format("no echo~n") end,
            halt().
            """)
        #expect(output.contains("ping pong"), "\(output)")
        #expect(output.contains("echo [1,2.5,<<\"hi\">>,#{a => b}]"), "\(output)")
        await node.stop()
    }
}
