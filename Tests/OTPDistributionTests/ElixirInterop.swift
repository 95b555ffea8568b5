import OTPCore
import OTPDistribution

/// What a test that runs real `elixir` nodes beside a Swift node starts with: the `elixir`
/// program (a test enabled without it fails saying so, under CI), a free EPMD port of its own, a
/// fresh cookie, and a visible Swift node on a runtime of its own with two schedulers.
///
/// Threading: stateless; call from the test's task.
enum ElixirInterop {
    static func swiftNode(
        _ name: String
    ) async throws -> (elixir: String, epmd: Int, cookie: String, runtime: Runtime, node: DistributedNode) {
        let elixir = try RequiredTools.require(RequiredTools.elixir, "elixir")
        let epmd = ErlangPeer.freePort()
        let cookie = Cookie.random()
        var options = NodeOptions()
        options.epmdPort = epmd
        let runtime = Runtime(schedulers: 2)
        let node = try await DistributedNode.start(name: name, cookie: cookie, runtime: runtime, options: options)
        return (elixir, epmd, cookie, runtime, node)
    }
}
