// `receive` for a reply tagged with a reference: the BEAM's fresh-reference receive.
//
// On the BEAM, when every clause of a `receive` matches a reference made just before it
// (`make_ref()`, `Process.monitor`, `spawn_monitor`, an alias), the compiler marks the mailbox
// where that reference was made and the receive starts looking there: no message that was
// already waiting can hold a reference that did not exist yet. A request tagged with a fresh
// reference stays cheap however long the backlog of unrelated messages is.
//
// A Swift closure cannot be read for what it matches, so here the receive says which reference
// it waits for, and the runtime keeps the promise itself: the closure is offered only messages
// that hold `ref`. When `ref` is the newest reference the process made (with `makeRef()`,
// `Process.monitor`, `spawnMonitor` or `Process.alias`), the search starts at the mark that
// call set; otherwise (a reference from another process, or an older one of this process's) it
// starts at the oldest message, skipping those that do not hold `ref`.
//
// A message holds `ref` when it is `ref`, a `Term` with `ref` anywhere inside it (tuples, lists,
// maps), or a Swift value with `ref` in its stored properties, enum payloads, tuple elements or
// collections, searched all the way down (class instances are not looked into).

/// Waits for the first message of type `M` that holds `ref` and for which `match` returns a value
/// (Elixir's `receive do {^ref, reply} -> reply end`). Messages that do not hold `ref` are never
/// offered to `match`, and stay in the mailbox, as do messages `match` refuses.
///
/// ```swift
/// let ref = makeRef()
/// send(server, .tuple(.pid(selfPid()), .ref(ref), .atom("ping")))
/// let reply = try await receive(holding: ref) { (m: Term) -> Term? in
///     if case (.ref(ref), let reply)? = m.asTuple() { reply } else { nil }
/// }
/// ```
/// When `ref` is the newest reference this process made (`makeRef()`, `Process.monitor`,
/// `spawnMonitor`, `Process.alias`), the messages that were already waiting when it was made are
/// not looked at, as on the BEAM. Throws `ProcessExit` if an exit signal kills the process while
/// it waits.
/// - Elixir:
///   ```elixir
///   ref = make_ref()
///   send(server, {self(), ref, :ping})
///   receive do
///     {^ref, reply} -> reply
///   end
///   ```
@inlinable
public func receive<M: Sendable, R>(
    _ type: M.Type = M.self, holding ref: Ref, file: StaticString = #fileID, line: UInt = #line,
    _ match: (M) throws -> R?
) async throws -> R {
    guard let result = try await receiveHolding(M.self, ref, timeout: nil, file: file, line: line, match) else {
        preconditionFailure("receive without a timeout cannot time out")
    }
    return result
}

/// `receive(holding:)` with a timeout: nil when no message holding `ref` is accepted within
/// `timeout`.
/// - Elixir:
///   ```elixir
///   receive do
///     {^ref, reply} -> reply
///   after
///     timeout -> nil
///   end
///   ```
@inlinable
public func receive<M: Sendable, R>(
    _ type: M.Type = M.self, holding ref: Ref, after timeout: Duration, file: StaticString = #fileID, line: UInt = #line,
    _ match: (M) throws -> R?
) async throws -> R? {
    try await receiveHolding(M.self, ref, timeout: timeout, file: file, line: line, match)
}

/// `receive(holding:)` with clauses for messages of different types (a reply or the monitor's
/// `Down`, both holding the monitor's reference): each message that holds `ref` is offered to the
/// clauses in the order they are written.
/// - Elixir:
///   ```elixir
///   receive do
///     {^ref, reply} -> {:ok, reply}
///     {:DOWN, ^ref, :process, _, reason} -> {:error, reason}
///   end
///   ```
@inlinable
public func receive<A: Sendable, B: Sendable, each More: Sendable, R>(
    holding ref: Ref, _ first: (A) throws -> R?, _ second: (B) throws -> R?, _ more: repeat (each More) throws -> R?,
    file: StaticString = #fileID, line: UInt = #line
) async throws -> R {
    guard let result = try await receiveHolding(ref, timeout: nil, file: file, line: line, first, second, repeat each more) else {
        preconditionFailure("receive without a timeout cannot time out")
    }
    return result
}

/// The several-clause `receive(holding:)` with a timeout: nil when no message holding `ref` is
/// accepted within `timeout`.
/// - Elixir:
///   ```elixir
///   receive do
///     {^ref, reply} -> {:ok, reply}
///     {:DOWN, ^ref, :process, _, reason} -> {:error, reason}
///   after
///     timeout -> nil
///   end
///   ```
@inlinable
public func receive<A: Sendable, B: Sendable, each More: Sendable, R>(
    holding ref: Ref, after timeout: Duration,
    _ first: (A) throws -> R?, _ second: (B) throws -> R?, _ more: repeat (each More) throws -> R?,
    file: StaticString = #fileID, line: UInt = #line
) async throws -> R? {
    try await receiveHolding(ref, timeout: timeout, file: file, line: line, first, second, repeat each more)
}

/// The body of the one-type `receive(holding:)`, timed (`timeout`) or not (nil: then it returns
/// only with a value). Inlined into each overload, so that a call costs what it did when each
/// overload had the body written out: no call more, no closure context more (`match` and the
/// accept closure stay non-escaping).
@inlinable @inline(__always)
func receiveHolding<M: Sendable, R>(
    _ type: M.Type, _ ref: Ref, timeout: Duration?, file: StaticString, line: UInt, _ match: (M) throws -> R?
) async throws -> R? {
    let process = try processForReceive()
    var result: R?
    let start = process.beginReceive(timeout: timeout, marked: ref)
    _ = try await process.receiveSteps(from: start, file: file, line: line, type: M.self) { (message: any Sendable) in
        guard let value = message as? M, messageHolds(message, ref), let matched = try match(value) else { return false }
        result = matched
        return true
    }
    return result
}

/// The body of the several-clause `receive(holding:)`, timed or not, as `receiveHolding(_:_:…)`.
@inlinable @inline(__always)
func receiveHolding<A: Sendable, B: Sendable, each More: Sendable, R>(
    _ ref: Ref, timeout: Duration?, file: StaticString, line: UInt,
    _ first: (A) throws -> R?, _ second: (B) throws -> R?, _ more: repeat (each More) throws -> R?
) async throws -> R? {
    let process = try processForReceive()
    var result: R?
    let start = process.beginReceive(timeout: timeout, marked: ref)
    _ = try await process.receiveSteps(from: start, file: file, line: line, type: (A, B, repeat each More).self) {
        (message: any Sendable) in
        guard messageHolds(message, ref) else { return false }
        result = try offer(message, first, second, repeat each more)
        return result != nil
    }
    return result
}

/// Whether `message` holds `ref` (see `receive(holding:)`): it is `ref`, or a term with `ref`
/// inside, or a Swift value with `ref` in its stored properties, payloads or elements, searched
/// through `Mirror` (class instances are not looked into).
@usableFromInline
func messageHolds(_ message: Any, _ ref: Ref) -> Bool {
    switch message {
    case let found as Ref: return found == ref
    case let term as Term: return term.holds(ref)
    case let down as Down: return down.ref == ref || down.reason.holds(ref)
    case is Pid, is Atom, is String, is Int, is Double, is Bool, is [UInt8]: return false
    default:
        let mirror = Mirror(reflecting: message)
        if mirror.displayStyle == .class { return false }
        return mirror.children.contains { messageHolds($0.value, ref) }
    }
}

extension Term {
    /// Whether `ref` is this term or inside it.
    func holds(_ ref: Ref) -> Bool {
        switch self {
        case .ref(let found): found == ref
        case .tuple(let elements), .list(let elements): elements.contains { $0.holds(ref) }
        case .improperList(let elements, let tail): elements.contains { $0.holds(ref) } || tail.holds(ref)
        case .map(let pairs): pairs.contains { $0.key.holds(ref) || $0.value.holds(ref) }
        default: false
        }
    }
}
