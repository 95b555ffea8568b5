import OTPCore
import Testing

@testable import OTPDistribution

/// A node stopped while one of its dials is still under way (an EPMD lookup or a TCP connect
/// started by a send, a monitor or global's mesh) stops cleanly: the dial ends before the
/// node's event loops shut down, instead of handing NIO a connect on a loop that is gone (which
/// NIO answers with a fatal "leaking promise").
@Suite(.serialized) struct StopWhileDialingTests {
    @Test func stoppingANodeWithADialUnderWayDoesNotCrash() async throws {
        let options = NodeOptions.forTests(epmdPort: ErlangPeer.freePort())
        let cookie = Cookie.random()
        let target = try await DistributedNode.start(name: "dialtarget", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        for round in 0..<40 {
            let node = try await DistributedNode.start(name: "dialer\(round)", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
            // Starts a dial and does not wait for it.
            #expect(node.connection(to: target.name) != nil)
            await node.stop()
            #expect(node.connectedNodes().isEmpty)
        }
        await target.stop()
    }
}
