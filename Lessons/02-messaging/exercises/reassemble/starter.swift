import OTP

// Write `reassemble()`, at the end of this file: take the `Packet`s from the caller's mailbox
// in sequence, 0, 1, 2, …, whatever order they arrived in, and return their text joined,
// stopping at the `.end` packet. Other messages stay in the mailbox. The comment on
// `reassemble()` has the TODO and the Elixir it mirrors.

/// One piece of a message that was cut up and sent in packets. Packets arrive in any order.
struct Packet: Sendable {
    enum Content: Sendable {
        /// A piece of the text.
        case text(String)
        /// The last packet: nothing comes after it.
        case end
    }
    /// The packet's place in the sequence: 0, 1, 2, …
    let seq: Int
    let content: Content
}

/// Takes the packets from the caller's mailbox in sequence (0, 1, 2, …) and returns their text
/// joined, stopping at the `.end` packet. Packets may arrive in any order, and may still be on
/// their way when `reassemble()` starts: wait for the one you need.
///
/// Other messages in the mailbox (not `Packet`s) must be left there, untouched.
///
/// Right now this takes packets in the order they arrived, so the text comes out scrambled.
///
/// TODO: keep a counter `next`, and each time `receive` only the packet whose `seq` is `next`
/// (the closure returns nil for the others, which then stay in the mailbox).
///
/// Elixir:
///     receive do
///       {:packet, ^next, chunk} -> ...
///     end
func reassemble() async throws -> String {
    var text = ""
    while true {
        let packet = try await receive(Packet.self)
        switch packet.content {
        case .text(let chunk): text += chunk
        case .end: return text
        }
    }
}
