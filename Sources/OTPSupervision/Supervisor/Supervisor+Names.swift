import OTPCore
import OTPGenServer

/// The supervisor functions for a supervisor registered by name, so that the name is written as
/// a string literal, as at its start (`name: "sessions"`):
/// `DynamicSupervisor.startChild("sessions", spec)`.
///
/// Threading: as the functions they forward to: call them inside a process.
extension Supervisor {
    /// `Supervisor.which_children/1` of the supervisor registered as `name`.
    /// - Elixir: `Supervisor.which_children(:name)`
    public static func whichChildren(_ name: Atom) async throws -> [ChildInfo] {
        try await whichChildren(named(name))
    }

    /// `Supervisor.count_children/1` of the supervisor registered as `name`.
    /// - Elixir: `Supervisor.count_children(:name)`
    public static func countChildren(_ name: Atom) async throws -> ChildCounts {
        try await countChildren(named(name))
    }

    /// `Supervisor.start_child/2` on the supervisor registered as `name`.
    /// - Elixir: `Supervisor.start_child(:name, spec)`
    public static func startChild(_ name: Atom, _ spec: ChildSpec) async throws -> StartResult {
        try await startChild(named(name), spec)
    }

    /// `Supervisor.terminate_child/2` on the supervisor registered as `name`.
    /// - Elixir: `Supervisor.terminate_child(:name, id)`
    public static func terminateChild(_ name: Atom, id: Term) async throws {
        try await terminateChild(named(name), id: id)
    }

    /// `Supervisor.restart_child/2` on the supervisor registered as `name`.
    /// - Elixir: `Supervisor.restart_child(:name, id)`
    public static func restartChild(_ name: Atom, id: Term) async throws -> StartResult {
        try await restartChild(named(name), id: id)
    }

    /// `Supervisor.delete_child/2` on the supervisor registered as `name`.
    /// - Elixir: `Supervisor.delete_child(:name, id)`
    public static func deleteChild(_ name: Atom, id: Term) async throws {
        try await deleteChild(named(name), id: id)
    }

    /// `Supervisor.stop/3` of the supervisor registered as `name`.
    /// - Elixir: `Supervisor.stop(:name)`
    public static func stop(_ name: Atom, reason: Term = .normal, timeout: Timeout = .infinity) async throws {
        try await stop(named(name), reason: reason, timeout: timeout)
    }
}

extension DynamicSupervisor {
    /// `DynamicSupervisor.start_child/2` on the supervisor registered as `name`.
    /// - Elixir: `DynamicSupervisor.start_child(:name, spec)`
    public static func startChild(_ name: Atom, _ spec: ChildSpec) async throws -> StartResult {
        try await startChild(named(name), spec)
    }

    /// `DynamicSupervisor.terminate_child/2` on the supervisor registered as `name`.
    /// - Elixir: `DynamicSupervisor.terminate_child(:name, pid)`
    public static func terminateChild(_ name: Atom, pid: Pid) async throws {
        try await terminateChild(named(name), pid: pid)
    }

    /// `DynamicSupervisor.which_children/1` of the supervisor registered as `name`.
    /// - Elixir: `DynamicSupervisor.which_children(:name)`
    public static func whichChildren(_ name: Atom) async throws -> [ChildInfo] {
        try await whichChildren(named(name))
    }

    /// `DynamicSupervisor.count_children/1` of the supervisor registered as `name`.
    /// - Elixir: `DynamicSupervisor.count_children(:name)`
    public static func countChildren(_ name: Atom) async throws -> ChildCounts {
        try await countChildren(named(name))
    }
}

extension SupervisionTree {
    /// The tree under the supervisor registered as `name`, drawn.
    public static func render(_ name: Atom, showPids: Bool = true) async throws -> String {
        try await render(named(name), showPids: showPids)
    }
}

/// A name as an existential address, so that passing it opens it into the generic function.
private func named(_ name: Atom) -> any ServerAddress { name }
