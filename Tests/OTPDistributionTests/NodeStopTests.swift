import OTPCore
import OTPDistribution
import Testing

/// Stopping a node twice (a test's cleanup after the test stopped it itself) returns, instead of
/// waiting forever on the channels of event loops the first stop shut down.
///
/// The time limit catches a stop that waits forever, not a slow one: in a full `swift test` on a
/// loaded two-core machine this test has taken 280 s (a fresh-clone run under two CPU hogs, load
/// average 53), its awaits queued behind other suites' work on the two threads of Swift's
/// cooperative pool, and a one-minute limit failed it.
@Suite struct NodeStopTests {
    @Test(.timeLimit(.minutes(10))) func aNodeStoppedTwiceReturns() async throws {
        var options = NodeOptions.forTests(epmdPort: ErlangPeer.freePort())
        options.hidden = true
        let cookie = Cookie.random()
        let a = try await DistributedNode.start(name: "stopa1", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let b = try await DistributedNode.start(name: "stopb1", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let connected = try await a.runtime.run { await Node.connect(b.name) }
        #expect(connected)
        await b.stop()
        await b.stop()
        await a.stop()
        await a.stop()
    }
}
