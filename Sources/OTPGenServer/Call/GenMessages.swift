import OTPCore

/// The messages of the generic server protocol (OTP's `gen`): `{:"$gen_call", from, request}`,
/// `{:"$gen_cast", request}`, the reply `{tag, value}`, and the system request to stop.
///
/// Threading: immutable; safe to send.
///
/// A call and its reply are final classes, not structs: each is too big to sit inline in a
/// message's existential (it gets a box either way), and a class reference is copied in and out
/// of mailboxes with one reference count instead of one per field.
final class GenCall: Sendable, TermConvertible {
    let from: From
    let request: any Sendable
    init(from: From, request: any Sendable) {
        self.from = from
        self.request = request
    }
    /// `{:"$gen_call", from, request}`, or `{:system, from, request}` for a system request
    /// (`:sys.get_state`), as the BEAM sends them.
    var term: Term {
        if let system = request as? SystemRequest { return .tuple([.atom("system"), from.term, system.term]) }
        return .tuple([.atom("$gen_call"), from.term, termOf(request)])
    }
}

struct GenCast: Sendable, TermConvertible {
    let request: any Sendable
    var term: Term { .tuple([.atom("$gen_cast"), termOf(request)]) }
}

final class GenReply: Sendable, TermConvertible {
    let tag: Ref
    let value: any Sendable
    /// Whether the reply answers a `GenServer.call` (tagged `[:alias | ref]`, as OTP 25 sends
    /// `{[:alias | ref], reply}`) rather than a task (`{ref, result}`).
    let aliased: Bool
    init(tag: Ref, value: any Sendable, aliased: Bool) {
        self.tag = tag
        self.value = value
        self.aliased = aliased
    }
    var term: Term { .tuple([From.tagTerm(tag, aliased: aliased), termOf(value)]) }
}

/// `GenServer.stop/3`'s request: run `terminate` with `reason`, then exit with it.
struct GenStop: Sendable, TermConvertible {
    let reason: Term
    var term: Term { .tuple([.atom("system"), .atom("terminate"), reason]) }
}

/// The acknowledgement a starting server sends its starter once `init` has returned.
struct StartAck: Sendable {
    let tag: Ref
    let result: StartResult
}

/// A message or request as a term, for exit reasons and reports: its own term form if it has
/// one, a string for a `String`, and its Swift description otherwise.
package func termOf(_ value: any Sendable) -> Term {
    if let term = value as? Term { return term }
    if let convertible = value as? TermConvertible { return convertible.term }
    if let text = value as? String { return .string(text) }
    if let n = value as? Int { return .int(n) }
    if let b = value as? Bool { return b ? .true : .false }
    return .atom(Atom(String(describing: value)))
}

/// The exit reason for an error thrown out of a callback (as the runtime decides for a process
/// body): `ProcessExit` and `ExitReasonConvertible` give their own, any other error
/// `{:error, "<description>"}`.
package func exitReason(of error: any Error) -> Term {
    if let exit = error as? ProcessExit { return exit.reason }
    if let convertible = error as? ExitReasonConvertible { return convertible.exitReason }
    return .tuple([.atom(.error), .string(String(describing: error))])
}

/// Whether an exit reason is a normal end that nobody reports: `:normal`, `:shutdown` or
/// `{:shutdown, _}`.
package func isQuietExit(_ reason: Term) -> Bool {
    if reason == .normal || reason == .shutdown { return true }
    if case .tuple(let items) = reason, items.count == 2, items[0] == .shutdown { return true }
    return false
}
