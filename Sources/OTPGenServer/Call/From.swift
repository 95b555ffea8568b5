import OTPCore
import Synchronization

/// Who is waiting for a reply: the `from` that `handleCall` receives (Elixir's `{pid, tag}`).
///
/// Keep it to answer later with `reply(from, value)` (a deferred reply). The reply of a call goes
/// through the caller's reply alias (see OTPCore's ReplyAlias.swift): it answers once, and a reply
/// after the caller gave up (timed out) is dropped, never left in its mailbox.
///
/// Threading: a value type; safe to send to another process, which may then reply.
/// - Elixir: the `from` of `handle_call(request, from, state)`: `{pid, tag}`
public struct From: Sendable, Hashable, CustomStringConvertible {
    /// The calling process.
    public let pid: Pid
    /// The call's tag: the reference of the caller's monitor on the server.
    public let tag: Ref
    /// The gate of a `Task`'s result, which the owner closes when it stops waiting (an owner may
    /// wait for many tasks at once, so they cannot share its one reply alias). Nil for a
    /// `GenServer.call`, whose reply goes through the caller's reply alias `tag`.
    let slot: ReplySlot?
    /// For a call that came as a term (from another node): the tag to echo in the reply.
    let termTag: Term?

    /// The caller of a `GenServer.call`, answered through its reply alias `tag`.
    init(caller pid: Pid, alias tag: Ref) {
        self.pid = pid
        self.tag = tag
        self.slot = nil
        self.termTag = nil
    }

    /// The owner of a `Task`, answered through a gate of its own.
    init(taskOwner pid: Pid, tag: Ref) {
        self.pid = pid
        self.tag = tag
        self.slot = ReplySlot()
        self.termTag = nil
    }

    /// A caller that sent `{:"$gen_call", {pid, tag}, request}` as a term.
    init(pid: Pid, termTag: Term) {
        self.pid = pid
        self.tag = Ref.make()
        self.slot = nil
        self.termTag = termTag
    }

    public static func == (lhs: From, rhs: From) -> Bool { lhs.pid == rhs.pid && lhs.tag == rhs.tag }
    public func hash(into hasher: inout Hasher) { hasher.combine(tag) }
    /// As Elixir prints it: `{pid, [:alias | ref]}` for a `GenServer.call` (OTP 24+ tags a call
    /// with its reply alias that way), `{pid, ref}` for a task's owner, and the tag as it came for
    /// a call from another node.
    public var term: Term { .tuple([.pid(pid), termTag ?? Self.tagTerm(tag, aliased: slot == nil)]) }

    /// A call's tag as a term: `[:alias | ref]` when the reply goes through the caller's alias,
    /// the bare reference otherwise (a task's `{ref, result}`).
    static func tagTerm(_ tag: Ref, aliased: Bool) -> Term {
        aliased ? .improperList([.atom("alias")], tail: .ref(tag)) : .ref(tag)
    }
    public var description: String { term.description }

    /// Sends `value` to the caller unless it stopped waiting. Returns whether it was sent.
    @discardableResult
    func deliver(_ value: any Sendable) -> Bool {
        if let termTag {
            send(pid, Term.tuple([termTag, RemoteRequests.term(of: value)]))
            return true
        }
        guard let slot else { return sendReply(GenReply(tag: tag, value: value, aliased: true), to: pid, alias: tag) }
        return slot.open.withLock { open in
            guard open else { return false }
            open = false
            send(pid, GenReply(tag: tag, value: value, aliased: false))
            return true
        }
    }
}

/// The gate a task's result passes through: the owner closes it when it stops waiting, so a
/// result that comes later is dropped instead of landing in its mailbox.
///
/// Threading: `open` is a mutex; the result is sent while holding it, so "closed" and "delivered"
/// never both happen. Lock order: this mutex, then the receiving process's own lock.
final class ReplySlot: Sendable {
    let open = Mutex<Bool>(true)

    /// Closes the gate. Returns whether it was still open (no result sent yet).
    func close() -> Bool {
        open.withLock { o in
            defer { o = false }
            return o
        }
    }
}
