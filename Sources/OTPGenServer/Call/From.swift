import OTPCore
import Synchronization

/// Who is waiting for a reply: the `from` that `handleCall` receives (Elixir's `{pid, tag}`).
///
/// Keep it to answer later with `reply(from, value)` (a deferred reply). A `From` answers once;
/// a reply after the caller gave up (timed out) is dropped, never left in its mailbox.
///
/// Threading: a value type; safe to send to another process, which may then reply.
public struct From: Sendable, Hashable, CustomStringConvertible {
    /// The calling process.
    public let pid: Pid
    /// The call's tag: the reference of the caller's monitor on the server.
    public let tag: Ref
    let slot: ReplySlot
    /// For a call that came as a term (from another node): the tag to echo in the reply.
    let termTag: Term?

    init(pid: Pid, tag: Ref) {
        self.pid = pid
        self.tag = tag
        self.slot = ReplySlot()
        self.termTag = nil
    }

    /// A caller that sent `{:"$gen_call", {pid, tag}, request}` as a term.
    init(pid: Pid, termTag: Term) {
        self.pid = pid
        self.tag = Ref.make()
        self.slot = ReplySlot()
        self.termTag = termTag
    }

    public static func == (lhs: From, rhs: From) -> Bool { lhs.pid == rhs.pid && lhs.tag == rhs.tag }
    public func hash(into hasher: inout Hasher) { hasher.combine(tag) }
    public var term: Term { .tuple([.pid(pid), termTag ?? .ref(tag)]) }
    public var description: String { term.description }

    /// Sends `value` to the caller unless it stopped waiting. Returns whether it was sent.
    @discardableResult
    func deliver(_ value: any Sendable) -> Bool {
        slot.open.withLock { open in
            guard open else { return false }
            open = false
            if let termTag {
                send(pid, Term.tuple([termTag, RemoteRequests.term(of: value)]))
            } else {
                send(pid, GenReply(tag: tag, value: value))
            }
            return true
        }
    }
}

/// The gate a reply passes through: the caller closes it when it stops waiting, so a reply that
/// comes later is dropped instead of landing in its mailbox (what a process alias does on the BEAM).
///
/// Threading: `open` is a mutex; a reply is sent while holding it, so "closed" and "delivered"
/// never both happen. Lock order: this mutex, then the receiving process's own lock.
final class ReplySlot: Sendable {
    let open = Mutex<Bool>(true)

    /// Closes the gate. Returns whether it was still open (no reply sent yet).
    func close() -> Bool {
        open.withLock { o in
            defer { o = false }
            return o
        }
    }
}
