/// Elixir's via-module contract: a module that registers process names of its own kind
/// (`register_name/2`, `unregister_name/1`, `whereis_name/1`), so that `{:via, module, name}`
/// can name a process wherever an atom can. `Registry` is one.
///
/// Threading: conforming types must allow every method from any process on any scheduler.
public protocol NameRegistry: Sendable {
    /// Registers the calling process, `pid`, under `name`; false if the name is taken (`:no`).
    func registerName(_ name: Term, _ pid: Pid) -> Bool
    /// Removes `name`'s registration.
    func unregisterName(_ name: Term)
    /// The process registered under `name`, or nil (`:undefined`).
    func whereisName(_ name: Term) -> Pid?
    /// The module as Elixir shows it in `{:via, module, name}` (`Registry`).
    var moduleTerm: Term { get }
    /// Registers `pid` from inside the process that starts under the name (GenServer, Agent and
    /// supervisor starts call this one). A registry whose names are shared with other nodes
    /// (`:global`) asks them here; the default is `registerName`.
    func registerNameInProcess(_ name: Term, _ pid: Pid) async throws -> Bool
    /// The name as Elixir writes it: `{:via, module, name}` by default (`:global` names are
    /// `{:global, name}`).
    func nameTerm(_ name: Term) -> Term
}

extension NameRegistry {
    public func registerNameInProcess(_ name: Term, _ pid: Pid) async throws -> Bool { registerName(name, pid) }
    public func nameTerm(_ name: Term) -> Term { .tuple([.atom("via"), moduleTerm, name]) }
}

/// `{:via, module, name}`: a process name kept by a `NameRegistry` (for `Registry`:
/// `Registry.via("my_registry", key)`). GenServer and Agent starts, calls and casts, supervisors,
/// `Process.whereis` and `send` take it where they take an atom.
///
/// Threading: a value; safe to share.
public struct Via: Sendable, CustomStringConvertible {
    public let registry: any NameRegistry
    public let name: Term

    public init(_ registry: any NameRegistry, _ name: Term) {
        self.registry = registry
        self.name = name
    }

    /// `{:via, module, name}` (or the registry's own spelling, `{:global, name}`).
    public var term: Term { registry.nameTerm(name) }
    public var description: String { term.description }

    /// `GenServer.whereis/1` of a via name: the registered process, or nil.
    public func whereis() -> Pid? { registry.whereisName(name) }
}

extension Process {
    /// `GenServer.whereis/1` of `{:via, module, name}`: the registered process, or nil.
    /// - Elixir: `GenServer.whereis({:via, Registry, {reg, key}})`
    public static func whereis(_ name: Via) -> Pid? { name.whereis() }
}

/// The via module's `send/2` (`Registry.send({registry, key}, message)`; Elixir's own `send/2`
/// refuses a via tuple): sends `message` to the process registered under the name, or exits the
/// caller with `:badarg` (Elixir's `ArgumentError`) when there is none.
/// - Elixir: `Registry.send({reg, key}, message)`
public func send(_ name: Via, _ message: some Sendable) throws {
    guard let pid = name.whereis() else { throw ProcessExit(reason: .atom("badarg")) }
    send(pid, message)
}

/// The same, with a term: `try send(Registry.via("reg", "k"), .tuple(.atom("hi"), 1))`.
/// - Elixir: `Registry.send({reg, key}, {:hi, 1})`
public func send(_ name: Via, _ message: Term) throws {
    try send(name, message as any Sendable)
}
