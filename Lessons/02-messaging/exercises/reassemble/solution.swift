import OTP

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

/// Takes the packets from the caller's mailbox in sequence and returns their text joined,
/// stopping at the `.end` packet.
func reassemble() async throws -> String {
    var text = ""
    var next = 0
    while true {
        let packet = try await receive { (p: Packet) in p.seq == next ? p : nil }
        next += 1
        switch packet.content {
        case .text(let chunk): text += chunk
        case .end: return text
        }
    }
}
