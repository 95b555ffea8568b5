import OTPCore

/// Elixir's `Agent`: a process that holds one value, read and changed by functions that run
/// inside it, one at a time.
///
/// ```swift
/// let counter = try await Agent.startLink { 0 }
/// try await Agent.update(counter) { $0 + 1 }     // Agent.update(counter, &(&1 + 1))
/// let n = try await Agent.get(counter) { $0 }    // 1
/// ```
///
/// The client functions are called on the type with the agent first, as Elixir's `Agent.get(agent,
/// fun)` and a GenServer's `Counter.call(pid, .get)` are.
///
/// `Agent<Value>` is a handle (a pid or a registered name) typed by the value it holds. The
/// functions you pass run in the agent's process, so a slow one blocks every other client: keep
/// expensive work on the client side (`get` the value, compute, then `update`).
///
/// Threading: a value type; safe to send to other processes. Its functions must run inside a process.
/// - Elixir: `Agent`
public struct Agent<Value: Sendable>: Sendable {
    let address: AgentAddress

    enum AgentAddress: Sendable {
        case pid(Pid)
        case name(Atom)
        case via(Via)
    }

    /// A handle on the agent with this pid.
    public init(_ pid: Pid) { address = .pid(pid) }
    /// A handle on the agent registered as `name`.
    public init(named name: Atom) { address = .name(name) }
    /// A handle on the agent registered under `{:via, module, name}`.
    public init(via name: Via) { address = .via(name) }

    /// The agent's pid, if it is alive (registered names are looked up now).
    public var pid: Pid? {
        switch address {
        case .pid(let pid): return Process.isAlive(pid) ? pid : nil
        case .name(let name): return Process.whereis(name)
        case .via(let name): return name.whereis()
        }
    }

    private func call(_ request: AgentServer<Value>.Request, timeout: Timeout, _ function: String) async throws -> any Sendable {
        let answer: any Sendable
        switch address {
        case .pid(let pid): answer = try await GenCallProtocol.call(pid, request, timeout: timeout, function: function)
        case .name(let name): answer = try await GenCallProtocol.call(name, request, timeout: timeout, function: function)
        case .via(let name): answer = try await GenCallProtocol.call(name, request, timeout: timeout, function: function)
        }
        guard let answer = answer as? AgentServer<Value>.Answer else {
            throw ProcessExit(reason: .tuple([.atom("bad_reply"), termOf(answer)]))
        }
        return answer.value
    }

    // MARK: starting

    /// `Agent.start_link/2`: starts an agent linked to the caller whose value is what `initial`
    /// returns. Throws `StartError` if `initial` throws or `name` is taken.
    /// - Elixir: `{:ok, agent} = Agent.start_link(fn -> 0 end)`
    ///
    /// ```swift
    /// import OTP
    ///
    /// try await Runtime.run {
    ///     let counter = try await Agent<Int>.startLink { 0 }
    ///     try await Agent.update(counter) { $0 + 1 }
    ///     print(try await Agent.get(counter) { $0 })
    /// }
    /// ```
    public static func startLink(
        name: Atom? = nil, timeout: Timeout = GenServerDefaults.startTimeout,
        _ initial: nonisolated(nonsending) @escaping @Sendable () async throws -> Value
    ) async throws -> Agent<Value> {
        let pid = try await AgentServer<Value>.startLink(.init(initial), name: name, timeout: timeout).get()
        return name.map { Agent(named: $0) } ?? Agent(pid)
    }

    /// `Agent.start/2`: like `startLink`, without the link.
    /// - Elixir: `Agent.start(fn -> 0 end)`
    public static func start(
        name: Atom? = nil, timeout: Timeout = GenServerDefaults.startTimeout,
        _ initial: nonisolated(nonsending) @escaping @Sendable () async throws -> Value
    ) async throws -> Agent<Value> {
        let pid = try await AgentServer<Value>.start(.init(initial), name: name, timeout: timeout).get()
        return name.map { Agent(named: $0) } ?? Agent(pid)
    }

    // MARK: using

    /// `Agent.get/3`: the result of `f` applied to the value, computed in the agent.
    func requestGet<R: Sendable>(
        timeout: Timeout = GenServerDefaults.callTimeout, _ f: nonisolated(nonsending) @escaping @Sendable (Value) async throws -> R
    ) async throws -> R {
        let value = try await call(.get { try await f($0) }, timeout: timeout, "get")
        return value as! R  // the agent returns exactly what `f` made
    }

    /// `Agent.update/3`: replaces the value with `f(value)` and waits until it is done.
    func requestUpdate(
        timeout: Timeout = GenServerDefaults.callTimeout, _ f: nonisolated(nonsending) @escaping @Sendable (Value) async throws -> Value
    ) async throws {
        _ = try await call(.update(f), timeout: timeout, "update")
    }

    /// `Agent.get_and_update/3`: `f` returns what to give back and the new value.
    func requestGetAndUpdate<R: Sendable>(
        timeout: Timeout = GenServerDefaults.callTimeout, _ f: nonisolated(nonsending) @escaping @Sendable (Value) async throws -> (R, Value)
    ) async throws -> R {
        let value = try await call(
            .getAndUpdate { state in
                let (answer, next) = try await f(state)
                return (answer as any Sendable, next)
            }, timeout: timeout, "get_and_update")
        return value as! R  // the agent returns exactly what `f` made
    }

    /// `Agent.cast/2`: replaces the value with `f(value)` without waiting.
    func sendCast(_ f: nonisolated(nonsending) @escaping @Sendable (Value) async throws -> Value) {
        switch address {
        case .pid(let pid): GenCallProtocol.cast(pid, AgentServer<Value>.Request.update(f))
        case .name(let name): GenCallProtocol.cast(name, AgentServer<Value>.Request.update(f))
        case .via(let name): GenCallProtocol.cast(name, AgentServer<Value>.Request.update(f))
        }
    }

    /// `Agent.stop/3`.
    func requestStop(reason: Term = .normal, timeout: Timeout = GenServerDefaults.stopTimeout) async throws {
        switch address {
        case .pid(let pid): try await GenCallProtocol.stop(pid, reason: reason, timeout: timeout)
        case .name(let name): try await GenCallProtocol.stop(name, reason: reason, timeout: timeout)
        case .via(let name): try await GenCallProtocol.stop(name, reason: reason, timeout: timeout)
        }
    }
}

/// The client API: `Agent.update(counter) { $0 + 1 }`, the agent first, as in Elixir.
extension Agent {
    /// `Agent.get/3`: the result of `f` applied to the agent's value, computed in the agent.
    /// - Elixir: `Agent.get(agent, fn value -> value end)`
    public static func get<R: Sendable>(
        _ agent: Agent<Value>, timeout: Timeout = GenServerDefaults.callTimeout,
        _ f: nonisolated(nonsending) @escaping @Sendable (Value) async throws -> R
    ) async throws -> R {
        try await agent.requestGet(timeout: timeout, f)
    }

    /// `Agent.update/3`: replaces the agent's value with `f(value)` and waits until it is done.
    /// - Elixir: `Agent.update(agent, fn value -> value + 1 end)`
    public static func update(
        _ agent: Agent<Value>, timeout: Timeout = GenServerDefaults.callTimeout,
        _ f: nonisolated(nonsending) @escaping @Sendable (Value) async throws -> Value
    ) async throws {
        try await agent.requestUpdate(timeout: timeout, f)
    }

    /// `Agent.get_and_update/3`: `f` returns what to give back and the new value.
    /// - Elixir: `Agent.get_and_update(agent, fn value -> {value, value + 1} end)`
    public static func getAndUpdate<R: Sendable>(
        _ agent: Agent<Value>, timeout: Timeout = GenServerDefaults.callTimeout,
        _ f: nonisolated(nonsending) @escaping @Sendable (Value) async throws -> (R, Value)
    ) async throws -> R {
        try await agent.requestGetAndUpdate(timeout: timeout, f)
    }

    /// `Agent.cast/2`: replaces the agent's value with `f(value)` without waiting.
    /// - Elixir: `Agent.cast(agent, fn value -> value + 1 end)`
    public static func cast(_ agent: Agent<Value>, _ f: nonisolated(nonsending) @escaping @Sendable (Value) async throws -> Value) {
        agent.sendCast(f)
    }

    /// `Agent.stop/3`.
    /// - Elixir: `Agent.stop(agent)`
    public static func stop(
        _ agent: Agent<Value>, reason: Term = .normal, timeout: Timeout = GenServerDefaults.stopTimeout
    ) async throws {
        try await agent.requestStop(reason: reason, timeout: timeout)
    }
}
