/// The error a process throws to exit with a reason: `try Process.exit(.atom("boom"))` throws it,
/// and the runtime throws it out of `receive` when an exit signal kills the process.
///
/// Threading: a value type; safe to share.
public struct ProcessExit: Error, Sendable, CustomStringConvertible {
    public let reason: Term
    public init(reason: Term) { self.reason = reason }
    public var description: String { "process exited: \(reason)" }
}

/// An error that says which exit reason a process that throws it should die with.
public protocol ExitReasonConvertible: Error {
    var exitReason: Term { get }
}

/// The exit reason for an error thrown out of a process body.
///
/// `ProcessExit` and `ExitReasonConvertible` errors give their own reason; any other Swift error `e`
/// gives `{:error, "<e described>"}`.
func exitReason(for error: any Error) -> Term {
    if let exit = error as? ProcessExit { return exit.reason }
    if let convertible = error as? ExitReasonConvertible { return convertible.exitReason }
    return .tuple([.atom(.error), .string(String(describing: error))])
}

/// Misuse of the runtime that a learner can fix: the message says how.
///
/// Threading: a value type; safe to share.
public struct RuntimeUsageError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
