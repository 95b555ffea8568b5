import OTPCore
import OTPGenServer

/// The task supervisor's functions for a supervisor registered by name, so that the name is
/// written as a string literal, as everywhere else a name is expected:
/// `TaskSupervisor.asyncNolink("tasks") { … }` (the generic `some ServerAddress` versions do not
/// take a literal).
///
/// Threading: as the functions they forward to: call them inside a process.
extension TaskSupervisor {
    /// `Task.Supervisor.async_nolink/2` under the supervisor registered as `name`.
    /// - Elixir: `Task.Supervisor.async_nolink(MyApp.Tasks, fn -> … end)`
    public static func asyncNolink<Value: Sendable>(
        _ name: Atom, _ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Value
    ) async throws -> OTPTask<Value> {
        try await Generic.asyncNolink(name, body)
    }

    /// `Task.Supervisor.async/2` under the supervisor registered as `name`.
    /// - Elixir: `Task.Supervisor.async(MyApp.Tasks, fn -> … end)`
    public static func async<Value: Sendable>(
        _ name: Atom, _ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Value
    ) async throws -> OTPTask<Value> {
        try await Generic.async(name, body)
    }

    /// `Task.Supervisor.start_child/2` under the supervisor registered as `name`.
    /// - Elixir: `Task.Supervisor.start_child(MyApp.Tasks, fn -> … end)`
    public static func startChild(
        _ name: Atom, _ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Void
    ) async throws -> StartResult {
        try await Generic.startChild(name, body)
    }

    /// `Task.Supervisor.children/1` of the supervisor registered as `name`.
    /// - Elixir: `Task.Supervisor.children(MyApp.Tasks)`
    public static func children(_ name: Atom) async throws -> [Pid] {
        try await Generic.children(name)
    }

    /// The generic versions, called with the name as a generic address (inside a generic function
    /// the name is not an `Atom`, so the call cannot come back to the overloads above).
    private enum Generic {
        static func asyncNolink<A: ServerAddress, Value: Sendable>(
            _ address: A, _ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Value
        ) async throws -> OTPTask<Value> {
            try await TaskSupervisor.asyncNolink(address, body)
        }
        static func async<A: ServerAddress, Value: Sendable>(
            _ address: A, _ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Value
        ) async throws -> OTPTask<Value> {
            try await TaskSupervisor.async(address, body)
        }
        static func startChild<A: ServerAddress>(
            _ address: A, _ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Void
        ) async throws -> StartResult {
            try await TaskSupervisor.startChild(address, body)
        }
        static func children<A: ServerAddress>(_ address: A) async throws -> [Pid] {
            try await TaskSupervisor.children(address)
        }
    }
}
