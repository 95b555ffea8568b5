import OTPCore

/// Elixir's `Node` module for the runtime of the calling process (or `Runtime.shared` outside
/// any process): start a node, connect, list, ping, monitor nodes and remote names.
///
/// Threading: every function may be called from any process; those that act for the caller
/// (`monitor`) must run inside one.
public enum Node {
    /// `Node.start/2`: makes the runtime a distributed node called `name` (`alive` or
    /// `alive@host`), with `cookie` or the one in `~/.erlang.cookie`. The node is a normal
    /// (visible) one, as `iex --sname` starts; `hidden: true` (or `options.hidden`) starts a
    /// hidden one, as `iex --hidden` does (Elixir's `Node.start(name, hidden: true)`).
    @discardableResult
    public static func start(
        _ name: String, cookie: String? = nil, hidden: Bool = false, runtime: Runtime? = nil, options: NodeOptions = NodeOptions()
    ) async throws -> DistributedNode {
        var options = options
        if hidden { options.hidden = true }
        return try await DistributedNode.start(name: name, cookie: cookie, runtime: runtime ?? currentRuntime, options: options)
    }

    /// The node of the calling process's runtime, or nil when it is not distributed.
    public static var local: DistributedNode? { NodeRegistry.node(for: currentRuntime) }

    /// `node()`: this node's name, or `:nonode@nohost` when it is not distributed.
    public static var name: Atom { local?.name ?? "nonode@nohost" }

    /// `Node.alive?/0`.
    public static var isAlive: Bool { local != nil }

    /// Which nodes `list(_:)` returns, as Elixir's `Node.list/1` takes them.
    public enum ListKind: Sendable, Hashable {
        /// Nodes connected to this one over normal connections (`Node.list()`).
        case visible
        /// Nodes connected over hidden connections (a hidden node on either side).
        case hidden
        /// Both.
        case connected
        /// This node (`:nonode@nohost` when it is not distributed).
        case this
    }

    /// `Node.list/0`: the visible nodes connected to this one (hidden ones are left out, as in
    /// Elixir; `list(.hidden)` or `list(.connected)` shows them).
    public static func list() -> [Atom] { list(.visible) }

    /// `Node.list/1`: the nodes of one kind.
    public static func list(_ kind: ListKind) -> [Atom] { list([kind]) }

    /// `Node.list/1` with a list of kinds: this node first when asked for, then the connected
    /// nodes of the kinds asked for, each once.
    public static func list(_ kinds: [ListKind]) -> [Atom] {
        var out: [Atom] = kinds.contains(.this) ? [name] : []
        guard let local else { return out }
        let visible = kinds.contains(.visible) || kinds.contains(.connected)
        let hidden = kinds.contains(.hidden) || kinds.contains(.connected)
        switch (visible, hidden) {
        case (true, true): out += local.connectedNodes(.all)
        case (true, false): out += local.connectedNodes(.visible)
        case (false, true): out += local.connectedNodes(.hidden)
        case (false, false): break
        }
        return out
    }

    /// `Node.connect/1`: whether the node is (now) connected.
    public static func connect(_ node: Atom) async -> Bool {
        await local?.connect(node) ?? false
    }

    /// `Node.disconnect/1`.
    @discardableResult
    public static func disconnect(_ node: Atom) async -> Bool {
        await local?.disconnect(node) ?? false
    }

    /// `Node.ping/1`: `:pong` when `node` answers `net_kernel`'s `is_auth` call, else `:pang`.
    /// Must run inside a process.
    public static func ping(_ node: Atom, timeout: Duration = .seconds(7)) async throws -> Atom {
        guard let local else { return "pang" }
        if node == local.name { return "pong" }
        guard await local.connect(node, timeout: timeout) else { return "pang" }
        do {
            let answer = try await RemoteGenServer.call(
                .name("net_kernel", node: node),
                .tuple([.atom("is_auth"), .atom(local.name)]), timeout: timeout)
            return answer == .atom("yes") ? "pong" : "pang"
        } catch is ProcessExit {
            return "pang"
        }
    }

    /// `Node.monitor/2`: the caller gets `NodeDown` (`{:nodedown, node}`) when the connection
    /// to `node` is lost. `false` removes the caller's monitors of `node`.
    public static func monitor(_ node: Atom, _ on: Bool = true) {
        let me = selfPid()
        guard let local else {
            if on { send(me, NodeDown(node: node)) }
            return
        }
        local.monitorNode(node, watcher: me, on: on)
    }

    /// `:net_kernel.monitor_nodes(true)`: the caller gets `NodeUp` (`{:nodeup, node}`) whenever a
    /// visible node connects and `NodeDown` (`{:nodedown, node}`) whenever one goes; `false`
    /// stops that. Must run inside a process.
    public static func monitorNodes(_ on: Bool = true) {
        local?.monitorNodes(watcher: selfPid(), on: on)
    }

    /// `Process.monitor({name, node})`: the caller gets a `Down` whose object is
    /// `.name(name, node: node)` when that process exits.
    @discardableResult
    public static func monitor(name: Atom, on node: Atom) -> Ref {
        let me = selfPid()
        guard let local else {
            let ref = makeRef()
            send(me, Down(ref: ref, object: .name(name, node: node), reason: .noconnection))
            return ref
        }
        if node == local.name {
            return Process.monitor(name)
        }
        return local.monitor(name: name, node: node, watcher: me)
    }

    /// Removes a monitor made by `monitor(name:on:)`.
    @discardableResult
    public static func demonitor(name ref: Ref) -> Bool {
        guard let local else { return false }
        return local.demonitor(name: ref, watcher: selfPid())
    }

    /// Starts the function registered as `function` on `node` (see
    /// `DistributedNode.register(function:_:)`). Must run inside a process.
    public static func spawn(on node: Atom, _ function: Atom, _ argument: Term = .nil) async throws -> Pid {
        guard let local else { throw RemoteSpawnError(description: "this runtime is not a distributed node (Node.start)") }
        return try await local.spawn(on: node, function, argument)
    }

    /// `Node.spawn/4`: starts `module.function(arguments)` on `node`, which may be a BEAM node
    /// (`spawn_link/4` with `link`). Must run inside a process. A node that cannot be reached
    /// (or a runtime that is not a node) still gives a pid, as in Elixir: a local process that
    /// ends at once with `:noconnection`.
    /// - Elixir: `Node.spawn(node, Module, :function, args)`
    public static func spawn(on node: Atom, module: Atom, function: Atom, arguments: [Term], link: Bool = false) async throws -> Pid {
        guard let local else {
            if link { return OTPCore.spawnLink { try Process.exit(.noconnection) } }
            return OTPCore.spawn { try Process.exit(.noconnection) }
        }
        return try await local.spawn(on: node, module: module, function: function, arguments: arguments, link: link)
    }

    /// `Node.spawn_link/4`: starts `module.function(arguments)` on `node`, linked to the caller
    /// from the start. A node that cannot be reached gives a pid whose exit signal
    /// `:noconnection` reaches the caller, as in Elixir. Must run inside a process.
    /// - Elixir: `Node.spawn_link(node, Module, :function, args)`
    public static func spawnLink(on node: Atom, module: Atom, function: Atom, arguments: [Term]) async throws -> Pid {
        try await spawn(on: node, module: module, function: function, arguments: arguments, link: true)
    }

    /// `Node.spawn_monitor/4`: starts `module.function(arguments)` on `node`, monitored by the
    /// caller from the start; its end comes as a `Down` with the returned reference
    /// (`:noconnection` when the node cannot be reached or goes). Must run inside a process.
    /// - Elixir: `{pid, ref} = Node.spawn_monitor(node, Module, :function, args)`
    public static func spawnMonitor(on node: Atom, module: Atom, function: Atom, arguments: [Term]) async throws -> (pid: Pid, ref: Ref) {
        guard let local else {
            let (pid, ref) = OTPCore.spawnMonitor { try Process.exit(.noconnection) }
            return (pid, ref)
        }
        return try await local.spawnMonitor(on: node, module: module, function: function, arguments: arguments)
    }

    private static var currentRuntime: Runtime { Runtime.current ?? Runtime.shared }
}
