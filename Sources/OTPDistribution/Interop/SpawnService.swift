import OTPCore
import Synchronization

/// Functions registered by name that other nodes may start on this node.
///
/// Another node asks by sending `{:spawn, reply_to, ref, function_name, argument}` to the name
/// `:elixirtour_spawn` on this node; the answer `{ref, {:ok, pid}}` (or
/// `{ref, {:error, :undefined_function}}`) goes to `reply_to`. From Elixir:
/// `send({:elixirtour_spawn, :"swift@host"}, {:spawn, self(), make_ref(), :greeter, "hi"})`.
///
/// Threading: the table is guarded by its mutex; `handle` runs on the node's network thread.
final class SpawnService: Sendable {
    static let name: Atom = "elixirtour_spawn"
    typealias Function = @Sendable (Term) async throws -> Void
    private let functions = Mutex<[Atom: Function]>([:])

    func register(_ name: Atom, _ function: @escaping Function) {
        functions.withLock { $0[name] = function }
    }

    func lookup(_ name: Atom) -> Function? { functions.withLock { $0[name] } }

    func handle(_ message: Term, from: Pid, node: DistributedNode) {
        guard case .tuple(let items) = message, items.count == 5, items[0] == .atom("spawn"),
              case .pid(let replyTo) = items[1], case .atom(let functionName) = items[3] else { return }
        let tag = items[2]
        let answer: Term
        if let function = lookup(functionName) {
            let argument = items[4]
            let pid = node.runtime.spawn { try await function(argument) }
            answer = .tuple([.atom("ok"), .pid(pid)])
        } else {
            answer = .tuple([.atom("error"), .atom("undefined_function")])
        }
        let reply: Term = .tuple([tag, answer])
        if replyTo.isLocal {
            node.runtime.deliverRemote(reply, to: replyTo, from: nil)
        } else {
            node.send(reply, to: replyTo, from: nil)
        }
    }
}

extension DistributedNode {
    /// Lets other nodes start `function` here under `name` (see `Node.spawn(on:_:_:)`).
    public func register(function name: Atom, _ function: @escaping @Sendable (Term) async throws -> Void) {
        spawnService.register(name, function)
    }

    /// Starts the function registered as `function` on `peer` with `argument` and returns its
    /// pid. Must run inside a process. Waits for the peer's answer for as long as the connection
    /// lives (`timeout`, when given, bounds it). Throws `RemoteSpawnError` when the peer has no
    /// such function, cannot be reached, or does not answer within `timeout`.
    public func spawn(on peer: Atom, _ function: Atom, _ argument: Term, timeout: Duration? = nil) async throws -> Pid {
        guard let me = Process.current else { throw RuntimeUsageError("spawn(on:) must be called inside a process") }
        // A monitor of the peer's spawn service: it fires only when the connection is lost.
        let watch = monitor(name: SpawnService.name, node: peer, watcher: me)
        defer { _ = demonitor(name: watch, watcher: me) }
        let ref = Ref.make()
        send(Term.tuple([.atom("spawn"), .pid(me), .ref(ref), .atom(function), argument]),
             toName: SpawnService.name, node: peer, from: me)
        enum Answer: Sendable {
            case answered(Term)
            case lost(Term)
        }
        let match = { (message: any Sendable) -> Answer? in
            if let down = message as? NameDown, down.ref == watch { return .lost(down.reason) }
            guard let term = message as? Term, case .tuple(let items) = term, items.count == 2, items[0] == .ref(ref) else { return nil }
            return .answered(items[1])
        }
        let answer: Answer?
        if let timeout {
            answer = try await receive((any Sendable).self, after: timeout, match)
        } else {
            answer = try await receive((any Sendable).self, match)
        }
        switch answer {
        case nil:
            throw RemoteSpawnError(description: "\(peer.name) did not answer the spawn of :\(function.name)")
        case .lost(let reason)?:
            throw RemoteSpawnError(description: "cannot spawn :\(function.name) on \(peer.name): \(reason == .noconnection ? "the node cannot be reached" : "\(reason)")")
        case .answered(let result)?:
            guard case .tuple(let items) = result, items.count == 2, items[0] == .atom("ok"), case .pid(let pid) = items[1] else {
                throw RemoteSpawnError(description: "\(peer.name) has no function registered as :\(function.name)")
            }
            return pid
        }
    }
}

/// Why a remote spawn failed.
public struct RemoteSpawnError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
