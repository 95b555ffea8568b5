import OTPCore

/// What starting a process under OTP returns: Elixir's `{:ok, pid} | :ignore | {:error, reason}`.
///
/// `try result.get()` gives the pid or throws `StartError`, for code that wants the pid or nothing.
///
/// Threading: a value type; safe to share.
/// - Elixir: `{:ok, pid}` | `:ignore` | `{:error, reason}` from a `start_link`
public enum StartResult: Sendable, Hashable, CustomStringConvertible {
    case ok(Pid)
    /// `init` returned `.ignore`: no process was kept.
    case ignore
    case error(Term)

    /// The pid of a successful start; throws `StartError` otherwise.
    public func get() throws(StartError) -> Pid {
        switch self {
        case .ok(let pid): return pid
        case .ignore: throw StartError(result: self)
        case .error: throw StartError(result: self)
        }
    }

    /// The pid, if the start succeeded.
    public var pid: Pid? {
        if case .ok(let pid) = self { return pid }
        return nil
    }

    /// As Elixir prints it: `{:ok, #PID<0.1.0>}`, `:ignore`, `{:error, reason}`.
    public var term: Term {
        switch self {
        case .ok(let pid): return .tuple([.ok, .pid(pid)])
        case .ignore: return .atom("ignore")
        case .error(let reason): return .tuple([.atom(.error), reason])
        }
    }

    public var description: String { term.description }
}

/// A start that did not give a pid, thrown by `StartResult.get()`.
///
/// Threading: a value type; safe to share.
public struct StartError: Error, Sendable, CustomStringConvertible, ExitReasonConvertible {
    public let result: StartResult
    public var description: String { "start failed: \(result)" }
    /// A process that throws this exits with the error's reason (`:ignore` for an ignored start).
    public var exitReason: Term {
        if case .error(let reason) = result { return reason }
        return .atom("ignore")
    }
}
