import OTPCore

/// The GenServer behind every `Agent`: its state is the agent's value, its requests are the
/// functions clients send. Public to the package so the supervision layer can start agents
/// under supervisors.
///
/// Threading: the callbacks run only in the agent's process.
package struct AgentServer<Value: Sendable>: GenServer {
    package typealias State = Value

    /// The function that computes the first value (Elixir's `fn -> 0 end`).
    package struct Initial: Sendable {
        let make: nonisolated(nonsending) @Sendable () async throws -> Value
        package init(_ make: nonisolated(nonsending) @escaping @Sendable () async throws -> Value) { self.make = make }
    }

    package enum Request: Sendable {
        case get(@Sendable (Value) async throws -> any Sendable)
        case update(@Sendable (Value) async throws -> Value)
        case getAndUpdate(@Sendable (Value) async throws -> (any Sendable, Value))
    }

    /// A reply of any type; `Agent.get` casts it back to the type its function returned.
    package struct Answer: Sendable { let value: any Sendable }

    package typealias Call = Request
    package typealias Reply = Answer
    package typealias Cast = Request

    package static func initialize(_ initial: Initial) async throws -> InitResult<Self> {
        .ok(try await initial.make())
    }

    package static func handleCall(_ request: Request, from: From, state: Value) async throws -> CallResult<Self> {
        switch request {
        case .get(let f): return .reply(Answer(value: try await f(state)), state)
        case .update(let f): return .reply(Answer(value: Term.ok), try await f(state))
        case .getAndUpdate(let f):
            let (answer, next) = try await f(state)
            return .reply(Answer(value: answer), next)
        }
    }

    package static func handleCast(_ request: Request, state: Value) async throws -> NoReplyResult<Self> {
        switch request {
        case .update(let f): return .noreply(try await f(state))
        case .get, .getAndUpdate: return .noreply(state)
        }
    }
}
