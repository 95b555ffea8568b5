import OTPCore

/// Receive with Elixir patterns written as text, over the core's selective `receive`: for trying
/// Elixir's own syntax (lesson 3, `elixirtour match`). Programs match with Swift patterns over
/// `Term.asTuple()` instead, where a pin is a Swift value and a binding comes back typed.
///
/// ```swift
/// let reply = try await receive("{:ok, value}") { bindings in bindings["value"] ?? .nil }
/// let ref = makeRef()
/// let answer = try await receive("{^ref, answer}", pinning: ["ref": .ref(ref)]) { $0["answer"] ?? .nil }
/// ```
///
/// A message is seen as a term when it is a `Term` or a `TermConvertible` (such as the core's
/// `Down` and `ExitMessage`, which match `{:DOWN, ref, :process, pid, reason}` and
/// `{:EXIT, pid, reason}`); other Swift values never match a pattern and stay in the mailbox.
/// As in Elixir, the mailbox is scanned oldest first and, for each message, the clauses in order;
/// and as on the BEAM, a receive whose every clause pins a reference made just before
/// (`{^ref, reply}` after `makeRef()`) starts where that reference was made.
/// A pattern that does not parse throws its `SyntaxError` before anything is received.

/// The term form of a message, or nil for a Swift value that has none.
public func messageTerm(_ message: any Sendable) -> Term? {
    if let term = message as? Term { return term }
    if let convertible = message as? TermConvertible { return convertible.term }
    return nil
}

/// One clause of a pattern `receive`: a pattern (with optional `when` guard) and its body.
///
/// Threading: use within the process that receives.
public struct ReceiveClause<R> {
    public let clause: Clause
    public let body: (Bindings) throws -> R

    /// `ReceiveClause("{:ok, x} when x > 0") { bindings in ... }`
    public init(_ source: String, _ body: @escaping (Bindings) throws -> R) throws {
        self.clause = try Clause.parse(source)
        self.body = body
    }

    public init(_ clause: Clause, _ body: @escaping (Bindings) throws -> R) {
        self.clause = clause
        self.body = body
    }
}

/// The receive behind the pattern functions. When every clause pins the same reference (`^ref`,
/// with `pinning` giving `ref` a reference), a message that matches holds that reference, so, as
/// the BEAM's compiler arranges for such a receive, the search starts at the receive mark when
/// the reference is the newest one this process made (`makeRef()`, `Process.monitor`,
/// `spawnMonitor`): no message that was waiting before it can hold it. Otherwise it starts at
/// the oldest message. Nil when `timeout` (nil: none) passes first.
func receiveMatching<T>(
    _ clauses: [Clause], _ pinning: Bindings, timeout: Duration?, file: StaticString, line: UInt,
    _ match: (any Sendable) -> T?
) async throws -> T? {
    if let ref = commonPinnedReference(clauses, pinning), let process = LocalProcess.current {
        var result: T?
        _ = try await process.receiveAny(after: timeout, marked: ref, file: file, line: line) { message in
            result = match(message)
            return result != nil
        }
        return result
    }
    if let timeout { return try await receive((any Sendable).self, after: timeout, file: file, line: line, match) }
    return try await receive((any Sendable).self, file: file, line: line, match)
}

/// A reference that every clause pins at a place a matching term must fill (so every term that
/// matches holds it), or nil. Pins in guards and binary sizes do not count.
func commonPinnedReference(_ clauses: [Clause], _ pinning: Bindings) -> Ref? {
    var common: Set<Ref>?
    for clause in clauses {
        let pinned = clause.pattern.pinnedReferences(pinning)
        common = common.map { $0.intersection(pinned) } ?? pinned
        if common?.isEmpty == true { return nil }
    }
    return common?.min()
}

extension Pattern {
    /// The references this pattern pins: `^name`, where `pinning` gives `name` a reference, in
    /// a tuple, list, map or struct position (a term that matches holds each of them).
    func pinnedReferences(_ pinning: Bindings) -> Set<Ref> {
        var found = Set<Ref>()
        func visit(_ pattern: Pattern) {
            switch pattern {
            case .pin(let name): if case .ref(let ref)? = pinning[name] { found.insert(ref) }
            case .literal, .ignored, .variable, .binaryPrefix, .binary: break
            case .tuple(let items): items.forEach(visit)
            case .list(let items, let tail):
                items.forEach(visit)
                if let tail { visit(tail) }
            case .map(let entries):
                for entry in entries {
                    visit(entry.key)
                    visit(entry.value)
                }
            case .structMap(let module, let fields):
                visit(module)
                fields.forEach { visit($0.value) }
            case .both(let left, let right):
                visit(left)
                visit(right)
            }
        }
        visit(self)
        return found
    }
}

/// Finds the first clause that matches the message; returns its index and bindings.
func firstMatch(_ clauses: [Clause], _ message: any Sendable, _ environment: Bindings) -> (Int, Bindings)? {
    guard let term = messageTerm(message) else { return nil }
    for (index, clause) in clauses.enumerated() {
        if let bindings = clause.match(term, environment: environment) { return (index, bindings) }
    }
    return nil
}

/// Waits for a message matching `pattern` (`PATTERN` or `PATTERN when GUARD`) and returns
/// `body`'s result for its bindings. `pinning` gives the values `^name` refers to.
/// - Elixir:
///   ```elixir
///   receive do
///     {:ok, x} when x > 0 -> x
///   end
///   ```
public func receive<R>(
    _ pattern: String, pinning: Bindings = Bindings(), file: StaticString = #fileID, line: UInt = #line,
    _ body: nonisolated(nonsending) (Bindings) async throws -> R
) async throws -> R {
    let clause = try Clause.parse(pattern)
    guard
        let bindings = try await receiveMatching(
            [clause], pinning, timeout: nil, file: file, line: line,
            { message in
                firstMatch([clause], message, pinning)?.1
            })
    else { preconditionFailure("receive without a timeout cannot time out") }
    return try await body(bindings)
}

/// `receive ... after timeout`: nil when no message matches within `timeout`.
/// - Elixir:
///   ```elixir
///   receive do
///     {:ok, x} -> x
///   after
///     timeout -> nil
///   end
///   ```
public func receive<R>(
    _ pattern: String, pinning: Bindings = Bindings(), after timeout: Duration, file: StaticString = #fileID,
    line: UInt = #line, _ body: nonisolated(nonsending) (Bindings) async throws -> R
) async throws -> R? {
    let clause = try Clause.parse(pattern)
    guard
        let bindings = try await receiveMatching(
            [clause], pinning, timeout: timeout, file: file, line: line,
            { message in
                firstMatch([clause], message, pinning)?.1
            })
    else { return nil }
    return try await body(bindings)
}

/// A `receive` with several clauses, as Elixir writes them:
///
/// ```swift
/// let text = try await receive([
///     ReceiveClause("{:ok, value}") { "got \($0["value"]!)" },
///     ReceiveClause("{:error, reason}") { "failed: \($0["reason"]!)" },
/// ])
/// ```
/// - Elixir:
///   ```elixir
///   receive do
///     {:ok, value} -> "got #{value}"
///     {:error, reason} -> "failed: #{reason}"
///   end
///   ```
public func receive<R>(
    _ clauses: [ReceiveClause<R>], pinning: Bindings = Bindings(), file: StaticString = #fileID, line: UInt = #line
) async throws -> R {
    let patterns = clauses.map(\.clause)
    guard
        let (index, bindings) = try await receiveMatching(
            patterns, pinning, timeout: nil, file: file, line: line,
            { message in
                firstMatch(patterns, message, pinning)
            })
    else { preconditionFailure("receive without a timeout cannot time out") }
    return try clauses[index].body(bindings)
}

/// A several-clause `receive ... after timeout`: nil when no message matches within `timeout`.
/// - Elixir:
///   ```elixir
///   receive do
///     {:ok, value} -> value
///     {:error, reason} -> reason
///   after
///     timeout -> nil
///   end
///   ```
public func receive<R>(
    _ clauses: [ReceiveClause<R>], pinning: Bindings = Bindings(), after timeout: Duration,
    file: StaticString = #fileID, line: UInt = #line
) async throws -> R? {
    let patterns = clauses.map(\.clause)
    guard
        let (index, bindings) = try await receiveMatching(
            patterns, pinning, timeout: timeout, file: file, line: line,
            { message in
                firstMatch(patterns, message, pinning)
            })
    else { return nil }
    return try clauses[index].body(bindings)
}
