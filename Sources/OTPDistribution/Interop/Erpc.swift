import OTPCore
import OTPGenServer

/// Erlang's `:erpc`: run `module.function(arguments)` on another node (BEAM or Swift) and get
/// the term it returns, by the wire protocol OTP 25's erpc uses: a spawn request for
/// `erpc:execute_call(Tag, M, F, A)` with a monitor, whose process exits with
/// `{Tag, :return, Result}` (or `{Tag, :throw, T}`, `{Tag, :exit, R}`, `{Tag, :error, R, Stack}`),
/// so the result comes back as the monitor's exit reason.
///
/// Failures are thrown as `ErpcError`s carrying the class and the term the BEAM raises:
/// `error {:erpc, :noconnection}` when the node cannot be reached, `error {:erpc, :timeout}`
/// when no answer comes in time, `error {:exception, reason, stack}` when the function raised,
/// `exit {:exception, reason}` when it exited, `throw value` when it threw, and
/// `error {:erpc, reason}` when the node refused the spawn.
///
/// Threading: `call` and `multicall` must run inside a process of a runtime that is a
/// distributed node (`cast` may run in any process of one).
public enum Erpc {
    /// `:erpc.call/5`: the term `module.function(arguments)` returns on `node`.
    public static func call(
        _ node: Atom, _ module: Atom, _ function: Atom, _ arguments: [Term] = [],
        timeout: Timeout = .infinity
    ) async throws -> Term {
        let clock = ContinuousClock()
        let deadline = timeout.duration.map { clock.now + $0 }
        let request = try send(node, module, function, arguments)
        return try await result(of: request, deadline: deadline).get()
    }

    /// `:erpc.cast/4`: starts `module.function(arguments)` on `node` and does not wait (nor learn
    /// whether it ran).
    public static func cast(_ node: Atom, _ module: Atom, _ function: Atom, _ arguments: [Term] = []) {
        guard let runtime = Runtime.current, let local = NodeRegistry.node(for: runtime) else { return }
        if node == local.name {
            runtime.spawn { _ = await execute(local.spawnService.lookup(module: module, function: function), tag: .nil, module, function, arguments) }
            return
        }
        guard let me = Process.current, let connection = local.connection(to: node) else { return }
        let request = ControlMessage.spawnRequest(
            id: Ref.make(), from: me, groupLeader: me, module: "erpc", function: "execute_cast", arity: 3,
            options: .list([]))  // {reply, no} stays on the requesting node: the reply is ignored here
        local.write(request, message: .list([.atom(module), .atom(function), .list(arguments)]), to: connection)
    }

    /// `:erpc.multicall/5`: calls every node at once and returns, in the order of `nodes`, each
    /// result (Elixir's `{:ok, value}`) or failure (`{class, reason}`, as `ErpcError.term`).
    public static func multicall(
        _ nodes: [Atom], _ module: Atom, _ function: Atom, _ arguments: [Term] = [],
        timeout: Timeout = .infinity
    ) async throws -> [Result<Term, ErpcError>] {
        let clock = ContinuousClock()
        let deadline = timeout.duration.map { clock.now + $0 }
        var requests: [Result<Request, ErpcError>] = []
        for node in nodes {
            do { requests.append(.success(try send(node, module, function, arguments))) } catch let error as ErpcError {
                requests.append(.failure(error))
            }
        }
        var results: [Result<Term, ErpcError>] = []
        for request in requests {
            switch request {
            case .success(let request): results.append(try await result(of: request, deadline: deadline))
            case .failure(let error): results.append(.failure(error))
            }
        }
        return results
    }

    // MARK: the wire

    /// A call on its way: the spawn request's id and the tag its exit reason will carry, or the
    /// outcome at once for a call on this node.
    struct Request {
        let id: Ref
        let tag: Term
        let node: Atom
        let local: DistributedNode?
        let done: Term?
    }

    private static func send(_ node: Atom, _ module: Atom, _ function: Atom, _ arguments: [Term]) throws -> Request {
        guard let me = Process.current, let runtime = Runtime.current else {
            throw RuntimeUsageError("Erpc.call must be called inside a process")
        }
        let id = Ref.make()
        let tag = Term.ref(Ref.make())
        guard let local = NodeRegistry.node(for: runtime) else { throw ErpcError(.error, .erpc("noconnection")) }
        if node == local.name {
            return Request(
                id: id, tag: tag, node: node, local: nil,
                done: .tuple([.atom("local"), .atom(module), .atom(function), .list(arguments)]))
        }
        guard let connection = local.connection(to: node), local.record(connection, { $0.spawnRequests[id] = me }) else {
            throw ErpcError(.error, .erpc("noconnection"))
        }
        let request = ControlMessage.spawnRequest(
            id: id, from: me, groupLeader: me, module: "erpc", function: "execute_call", arity: 4,
            options: .list([.atom("monitor")]))  // the reply option stays on the requesting node
        guard local.write(request, message: .list([tag, .atom(module), .atom(function), .list(arguments)]), to: connection) else {
            _ = local.record(connection) { _ = $0.spawnRequests.removeValue(forKey: id) }
            throw ErpcError(.error, .erpc("badarg"))
        }
        return Request(id: id, tag: tag, node: node, local: local, done: nil)
    }

    private static func result(of request: Request, deadline: ContinuousClock.Instant?) async throws -> Result<Term, ErpcError> {
        if let done = request.done, case .tuple(let items) = done, case .atom(let m) = items[1], case .atom(let f) = items[2],
            case .list(let a) = items[3], let runtime = Runtime.current, let local = NodeRegistry.node(for: runtime)
        {
            return outcome(await execute(local.spawnService.lookup(module: m, function: f), tag: request.tag, m, f, a), tag: request.tag)
        }
        let id = request.id
        enum Answer { case spawned, refused(Term), down(Term) }
        while true {
            let match: (any Sendable) -> Answer? = { message in
                if let reply = message as? SpawnReplyMessage, reply.id == id {
                    switch reply.result {
                    case .success: return .spawned
                    case .failure(let failure): return .refused(failure.reason)
                    }
                }
                if let down = message as? SpawnDownMessage, down.id == id { return .down(down.reason) }
                return nil
            }
            let answer: Answer?
            if let deadline {
                let left = deadline - ContinuousClock.now
                answer = try await receive((any Sendable).self, after: left > .zero ? left : .zero, match)
            } else {
                answer = try await receive((any Sendable).self, match)
            }
            switch answer {
            case .spawned?: continue
            case .refused(let reason)?: return .failure(ErpcError(.error, .tuple([.atom("erpc"), reason])))
            case .down(let reason)?: return outcome(reason, tag: request.tag)
            case nil:
                abandon(request)
                // An answer that came in between the timeout and the abandon is dropped too.
                for _ in 0..<2 {
                    _ = try await receive((any Sendable).self, after: .zero) { message in
                        (message as? SpawnDownMessage)?.id == id || (message as? SpawnReplyMessage)?.id == id ? () : nil
                    }
                }
                return .failure(ErpcError(.error, .erpc("timeout")))
            }
        }
    }

    /// Gives up a call that timed out: the reply and the monitor are dropped (the process on the
    /// other node, if it started, runs on, as with the BEAM's erpc).
    private static func abandon(_ request: Request) {
        guard let local = request.local, let connection = local.existingConnection(request.node) else { return }
        var monitored: Pid?
        var requester: Pid?
        _ = local.record(connection) { book in
            _ = book.spawnRequests.removeValue(forKey: request.id)
            if let monitor = book.spawnMonitors.removeValue(forKey: request.id) {
                monitored = monitor.pid
                requester = monitor.requester
            }
        }
        if let monitored, let requester {
            local.write(.demonitor(from: requester, target: .pid(monitored), ref: request.id), to: connection)
        }
    }

    /// What erpc's caller makes of the exit reason of an `execute_call` process.
    static func outcome(_ reason: Term, tag: Term) -> Result<Term, ErpcError> {
        if reason == .noconnection { return .failure(ErpcError(.error, .erpc("noconnection"))) }
        if case .tuple(let items) = reason, items.count >= 3, items[0] == tag {
            switch (items[1], items.count) {
            case (.atom("return"), 3): return .success(items[2])
            case (.atom("throw"), 3): return .failure(ErpcError(.throw, items[2]))
            case (.atom("exit"), 3): return .failure(ErpcError(.exit, .tuple([.atom("exception"), items[2]])))
            case (.atom("error"), 4): return .failure(ErpcError(.error, .tuple([.atom("exception"), items[2], items[3]])))
            case (.atom("error"), 3): return .failure(ErpcError(.error, items[2]))
            default: break
            }
        }
        return .failure(ErpcError(.exit, .tuple([.atom("signal"), reason])))
    }

    /// Runs a registered function for erpc's `execute_call`, and returns the exit reason its
    /// process ends with: `{tag, :return, result}`, or how it failed.
    static func execute(_ body: SpawnService.Function?, tag: Term, _ module: Atom, _ function: Atom, _ arguments: [Term]) async -> Term {
        let stack: Term = .list([.tuple([.atom(module), .atom(function), .int(arguments.count), .list([])])])
        guard let body else {
            return .tuple([
                tag, .atom("error"), .atom("undef"),
                .list([.tuple([.atom(module), .atom(function), .list(arguments), .list([])])]),
            ])
        }
        do {
            return .tuple([tag, .atom("return"), try await body(arguments)])
        } catch let error as ErpcError {
            switch error.kind {
            case .throw: return .tuple([tag, .atom("throw"), error.reason])
            case .exit: return .tuple([tag, .atom("exit"), error.reason])
            case .error: return .tuple([tag, .atom("error"), error.reason, stack])
            }
        } catch let exit as ProcessExit {
            return .tuple([tag, .atom("exit"), exit.reason])
        } catch {
            return .tuple([tag, .atom("error"), ErpcError.runtimeError(String(describing: error)), stack])
        }
    }
}

/// How an erpc call failed: the class (`:error`, `:exit` or `:throw`) and the reason the BEAM
/// raises with it, for example `.error` with `{:erpc, :noconnection}`, `{:erpc, :timeout}` or
/// `{:exception, reason, stack}`.
///
/// Threading: a value type; safe to share.
public struct ErpcError: Error, Sendable, Hashable, CustomStringConvertible, ExitReasonConvertible {
    public enum Kind: String, Sendable, Hashable { case error, exit, `throw` }

    public let kind: Kind
    public let reason: Term

    public init(_ kind: Kind, _ reason: Term) {
        self.kind = kind
        self.reason = reason
    }

    /// `{class, reason}`, as `:erpc.multicall` reports a failure.
    public var term: Term { .tuple([.atom(Atom(kind.rawValue)), reason]) }

    /// The reason a process that does not catch this error exits with, as on the BEAM:
    /// `{reason, stack}` for an error, the reason for an exit, `{{:nocatch, value}, stack}` for a throw.
    public var exitReason: Term {
        switch kind {
        case .error: .tuple([reason, .list([])])
        case .exit: reason
        case .throw: .tuple([.tuple([.atom("nocatch"), reason]), .list([])])
        }
    }

    public var description: String { "erpc \(kind.rawValue): \(reason)" }

    /// Elixir's `%RuntimeError{message: message}`, what a Swift error raises on the calling node.
    static func runtimeError(_ message: String) -> Term {
        .map([.atom("__struct__"): .atom("Elixir.RuntimeError"), .atom("__exception__"): .true, .atom("message"): .string(message)])
    }
}

/// A monitor set up by a spawn request fired: the spawned process exited with `reason`
/// (delivered to the requester; never seen by user code).
struct SpawnDownMessage: Sendable {
    let id: Ref
    let reason: Term
}

extension Term {
    /// `{:erpc, reason}`.
    static func erpc(_ reason: Atom) -> Term { .tuple([.atom("erpc"), .atom(reason)]) }
}
