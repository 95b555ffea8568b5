import OTPCore

/// A GenServer call as it arrives from another node: `{:"$gen_call", {pid, tag}, request}`.
///
/// A Swift GenServer whose `Call` type is `Term` or `Decodable` gets such calls in
/// `handleCall`, like any other. Any other process (or a server whose `Call` type cannot read the
/// request, which then sees it in `handleInfo`) reads it with `RemoteCall(message)`; `reply(_:)`
/// answers with `{tag, reply}`, echoing the tag exactly as it came (OTP 25 sends `[:alias | ref]`).
///
/// Threading: a value type; `reply` may be called from any process.
package struct RemoteCall: Sendable, Hashable {
    /// The calling process.
    public let caller: Pid
    /// The call's tag, to be echoed in the reply.
    public let tag: Term
    public let request: Term

    /// Reads a call; nil when `message` is not one.
    public init?(_ message: any Sendable) {
        guard let term = message as? Term, case .tuple(let items) = term, items.count == 3,
            items[0] == .atom("$gen_call"), case .tuple(let from) = items[1], from.count == 2,
            case .pid(let caller) = from[0]
        else { return nil }
        self.caller = caller
        self.tag = from[1]
        self.request = items[2]
    }

    /// The reply message: `{tag, value}`.
    public func replyMessage(_ value: Term) -> Term { .tuple([tag, value]) }

    /// Sends `{tag, value}` to the caller (from inside a process of a distributed runtime).
    public func reply(_ value: Term) {
        send(caller, replyMessage(value))
    }

    /// Sends the reply through `node` (for code that runs outside any process).
    func reply(_ value: Term, via node: DistributedNode) {
        if caller.isLocal {
            node.runtime.deliverRemote(replyMessage(value), to: caller, from: nil)
        } else {
            node.send(replyMessage(value), to: caller, from: nil)
        }
    }
}
