import OTPCore

/// Calls a GenServer on another node, BEAM or Swift, by the OTP call protocol: monitor the
/// server, send `{:"$gen_call", {self, ref}, request}`, wait for `{ref, reply}` or the monitor's
/// `:DOWN`, then remove the monitor. The tag is a plain reference (a reply to an alias would be
/// dropped by a node that does not speak aliases).
///
/// Threading: `call` must run inside a process of a runtime that is a distributed node.
public enum RemoteGenServer {
    /// Where the server is: a pid, or a name registered on a node.
    public enum Address: Sendable, Hashable {
        case pid(Pid)
        case name(Atom, node: Atom)

        var term: Term {
            switch self {
            case .pid(let pid): .pid(pid)
            case .name(let name, let node): .tuple([.atom(name), .atom(node)])
            }
        }
    }

    /// Elixir's `GenServer.call/3` to `server`. Exits the caller (throws `ProcessExit`) with
    /// `{reason, {GenServer, :call, [server, request, timeout]}}` when the server is down or
    /// unknown (`:noproc`), the node cannot be reached or the connection goes during the call
    /// (`{:nodedown, node}`, as on the BEAM), or no reply comes in time (`:timeout`). A name on
    /// this node itself (`.name(name, node: Node.name)`) is called locally, as Elixir's
    /// `GenServer.call({name, node()}, request)` is.
    public static func call(_ server: Address, _ request: Term, timeout: Duration = .seconds(5)) async throws -> Term {
        try await call(server, request, limit: timeout)
    }

    /// `call` with `limit` nil for Elixir's `:infinity` (as `Task.Supervisor` calls a supervisor).
    static func call(_ server: Address, _ request: Term, limit timeout: Duration?) async throws -> Term {
        guard let me = Process.current, let runtime = Runtime.current else {
            throw RuntimeUsageError("RemoteGenServer.call must be called inside a process")
        }
        func failure(_ reason: Term) -> ProcessExit {
            let shown: Term
            if let timeout {
                shown = .int(Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
            } else {
                shown = .atom("infinity")
            }
            return ProcessExit(
                reason: .tuple([
                    reason,
                    .tuple([.atom("Elixir.GenServer"), .atom("call"), .list([server.term, request, shown])]),
                ]))
        }
        let ref: Ref
        switch server {
        case .pid(let pid):
            ref = Process.monitor(pid)
            send(pid, Term.tuple([.atom("$gen_call"), .tuple([.pid(me), .ref(ref)]), request]))
        case .name(let name, let nodeName):
            guard let node = NodeRegistry.node(for: runtime) else {
                throw RuntimeUsageError("RemoteGenServer.call to a name on a node needs this runtime to be a node (Node.start)")
            }
            // `{name, node()}` names a process of this node, as `GenServer.call({name, node()}, …)`
            // does in Elixir: monitored and sent to here, with no connection involved.
            ref = nodeName == node.name ? Process.monitor(name) : node.monitor(name: name, node: nodeName, watcher: me)
            node.send(
                Term.tuple([.atom("$gen_call"), .tuple([.pid(me), .ref(ref)]), request]),
                toName: name, node: nodeName, from: me)
        }
        enum Outcome { case reply(Term), down(Term) }
        let match: (any Sendable) -> Outcome? = { message in
            if let term = message as? Term, case .tuple(let items) = term, items.count == 2, items[0] == .ref(ref) {
                return .reply(items[1])
            }
            if let down = message as? Down, down.ref == ref { return .down(down.reason) }
            return nil
        }
        let outcome: Outcome?
        if let timeout {
            outcome = try await receive((any Sendable).self, after: timeout, match)
        } else {
            outcome = try await receive((any Sendable).self, match)
        }
        switch server {
        case .pid: Process.demonitor(ref, flush: true)
        case .name(_, let nodeName):
            if let node = NodeRegistry.node(for: runtime) {
                if nodeName == node.name { Process.demonitor(ref) } else { node.demonitor(name: ref, watcher: me) }
            }
            _ = try await receive((any Sendable).self, after: .zero) { ($0 as? Down)?.ref == ref ? () : nil }
        }
        switch outcome {
        case .reply(let value)?: return value
        case .down(let reason)?:
            // As gen.erl does: a call whose connection went (or never came) exits with
            // {:nodedown, node}, the monitor's :noconnection turned into the node it was about.
            guard reason == .noconnection, let node = nodeOf(server, runtime) else { throw failure(reason) }
            throw failure(.tuple([.atom("nodedown"), .atom(node)]))
        case nil: throw failure(.timeout)
        }
    }

    /// The node `server` is on, by name.
    private static func nodeOf(_ server: Address, _ runtime: Runtime) -> Atom? {
        switch server {
        case .name(_, let node): node
        case .pid(let pid): NodeRegistry.node(for: runtime)?.nodeName(ofIndex: pid.nodeIndex)
        }
    }
}
