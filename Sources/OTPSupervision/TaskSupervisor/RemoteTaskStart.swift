import OTPCore
import OTPGenServer

/// A task another node asks a Swift `Task.Supervisor` to start, as Elixir's `Task.Supervisor`
/// does it on the wire (lib/elixir/lib/task/supervisor.ex and task/supervised.ex, Elixir 1.14):
/// a `GenServer.call` to the supervisor with `{:start_task, args, restart, shutdown}`, answered
/// `{:ok, pid}`, where `args` is
///
/// - `[owner, :monitor]` for `async`/`async_nolink`: the task monitors the owner and waits (at
///   most 5 s) for `{owner_pid, ref, reply_to, callers, {module, function, args}}`, runs the
///   function, and sends `{ref, result}` back; or
/// - `[owner, callers, {module, function, args}]` for `start_child`: it runs the function and
///   nobody hears of the result.
///
/// `owner` is `{node, name_or_pid, pid}`. The function is one the Swift node registered
/// (`DistributedNode.register(module:function:_:)`); an Elixir fun (`{:erlang, :apply, [fun, []]}`)
/// cannot run here and ends the task with `:undef`, as an unknown function does.
///
/// The reply goes to the owner's pid, also when `reply_to` is the alias reference OTP 24+ owners
/// send: this node does not speak aliases, and the owner's `Task.await`/`Task.yield` take
/// `{ref, result}` however it arrives.
///
/// Threading: a value type; read and used inside the supervisor's process.
struct RemoteTaskStart: Sendable {
    let caller: Pid
    let tag: Term
    let owner: Pid
    let restart: RestartType
    let shutdown: Shutdown?
    /// The function of a `start_child`; nil for an `async`, whose function comes later from the owner.
    let function: (module: Atom, name: Atom, arguments: [Term])?
    /// Whether an `async` task watches its owner while it waits for the function.
    let monitorOwner: Bool

    /// Reads the supervisor call `{:"$gen_call", {pid, tag}, {:start_task, args, restart, shutdown}}`;
    /// nil when `message` is something else.
    init?(_ message: any Sendable) {
        guard let term = message as? Term, case .tuple(let call) = term, call.count == 3, call[0] == .atom("$gen_call"),
            case .tuple(let from) = call[1], from.count == 2, case .pid(let caller) = from[0],
            case .tuple(let request) = call[2], request.count == 4, request[0] == .atom("start_task"),
            case .list(let args) = request[1], let first = args.first,
            case .tuple(let ownerInfo) = first, ownerInfo.count == 3, case .pid(let owner) = ownerInfo[2]
        else { return nil }
        switch request[2] {
        case .atom("temporary"), .nil: restart = .temporary
        case .atom("transient"): restart = .transient
        case .atom("permanent"): restart = .permanent
        default: return nil
        }
        switch request[3] {
        case .nil: shutdown = nil
        case .atom("brutal_kill"): shutdown = .brutalKill
        case .atom("infinity"): shutdown = .infinity
        case .int(let millis) where millis >= 0: shutdown = .timeout(.milliseconds(millis))
        default: return nil
        }
        self.caller = caller
        self.tag = from[1]
        self.owner = owner
        if args.count == 2, case .atom(let monitor) = args[1], monitor == "monitor" || monitor == "nomonitor" {
            function = nil
            monitorOwner = monitor == "monitor"
        } else if args.count == 3, let mfa = Self.function(args[2]) {
            function = mfa
            monitorOwner = false
        } else {
            return nil
        }
    }

    static func function(_ term: Term) -> (module: Atom, name: Atom, arguments: [Term])? {
        guard case .tuple(let mfa) = term, mfa.count == 3, case .atom(let module) = mfa[0], case .atom(let name) = mfa[1],
            case .list(let arguments) = mfa[2]
        else { return nil }
        return (module, name, arguments)
    }

    /// The child the supervisor starts: a temporary task by default, as Elixir's.
    var spec: ChildSpec {
        let start = self
        return ChildSpec(id: .atom("Elixir.Task"), restart: restart, shutdown: shutdown, startCall: "Task.Supervised.start_link(…)") {
            .ok(spawnLink { try await start.run() })
        }
    }

    /// Answers the caller: `{tag, {:ok, pid}}` (or `{:error, reason}`, `:ignore`).
    func reply(_ result: StartResult) {
        send(caller, Term.tuple([tag, result.term]))
    }

    /// The task's process.
    private func run() async throws {
        guard let function else {
            try await runForOwner()
            return
        }
        _ = try await Self.call(function.module, function.name, function.arguments)
    }

    /// `Task.Supervised.reply/2`: wait for the owner's function, run it, answer `{ref, result}`.
    private func runForOwner() async throws {
        let owner = self.owner
        let watch = monitorOwner ? Process.monitor(owner) : nil
        enum Order { case run(ref: Term, function: (module: Atom, name: Atom, arguments: [Term])), ownerDown(Term) }
        let match: (any Sendable) -> Order? = { message in
            if let down = message as? Down, let watch, down.ref == watch { return .ownerDown(down.reason) }
            guard let term = message as? Term, case .tuple(let items) = term, items.count == 5, items[0] == .pid(owner),
                let function = Self.function(items[4])
            else { return nil }
            return .run(ref: items[1], function: function)
        }
        let order: Order?
        if watch != nil {
            order = try await receive((any Sendable).self, after: .seconds(5), match)
        } else {
            order = try await receive((any Sendable).self, match)
        }
        switch order {
        case nil:
            try Process.exit(.timeout)
        case .ownerDown(let reason)?:
            try Process.exit(.tuple([.shutdown, reason]))
        case .run(let ref, let function)?:
            if let watch { Process.demonitor(watch, flush: true) }
            let value = try await Self.call(function.module, function.name, function.arguments)
            send(owner, Term.tuple([ref, value]))
        }
    }

    /// Runs a registered function; an unknown one ends the task with `{:undef, …}`, a Swift error
    /// that names no exit reason with `{%RuntimeError{message: …}, []}` (an Elixir task that raises
    /// ends with `{exception, stacktrace}`).
    private static func call(_ module: Atom, _ name: Atom, _ arguments: [Term]) async throws -> Term {
        guard let runtime = Runtime.current, let body = runtime.remoteFunctions.lookup(module: module, function: name) else {
            try Process.exit(RemoteFunctions.undefined(module: module, function: name, arguments: arguments))
        }
        do {
            return try await body(arguments)
        } catch let error as ProcessExit {
            throw error
        } catch let error as ExitReasonConvertible {
            throw error
        } catch {
            let exception: Term = .map([
                .atom("__struct__"): .atom("Elixir.RuntimeError"), .atom("__exception__"): .true,
                .atom("message"): .string(String(describing: error)),
            ])
            try Process.exit(.tuple([exception, .list([])]))
        }
    }
}
