import OTPCore

/// Something a GenServer call or cast can be addressed to: a `Pid`, or an `Atom` a server was
/// registered under (`name:` at start).
///
/// Threading: conforming types are values; `resolve()` may be called from any process.
public protocol ServerAddress: Sendable {
    /// The live process behind the address right now, or nil (`:noproc`).
    func resolve() -> Pid?
    /// The address as Elixir prints it in exit reasons.
    var addressTerm: Term { get }
}

extension Pid: ServerAddress {
    public func resolve() -> Pid? { self }
    public var addressTerm: Term { .pid(self) }
}

extension Atom: ServerAddress {
    public func resolve() -> Pid? { Process.whereis(self) }
    public var addressTerm: Term { .atom(self) }
}
