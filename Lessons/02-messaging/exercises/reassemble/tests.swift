import OTP
import TourHarness

/// The packets of `chunks`, numbered from 0, with the `.end` packet last.
func packets(_ chunks: [String]) -> [Packet] {
    chunks.enumerated().map { Packet(seq: $0.offset, content: .text($0.element)) }
        + [Packet(seq: chunks.count, content: .end)]
}

let tests: [Test] = [
    Test("packets already in order", mode: .deterministic(seed: 1)) { t in
        for packet in packets(["Hello, ", "BEAM", "!"]) { send(selfPid(), packet) }
        let text = try await reassemble()
        try t.expectEqual(text, "Hello, BEAM!", "the text of three packets sent in order")
    },
    Test("packets out of order", mode: .deterministic(seed: 2)) { t in
        let all = packets(["let ", "it ", "crash"])   // seq 0, 1, 2, and .end is 3
        for index in [2, 3, 0, 1] { send(selfPid(), all[index]) }
        let text = try await reassemble()
        try t.expectEqual(text, "let it crash",
            "the text when the packets arrive as 2, end, 0, 1 (take them by seq, not by arrival)")
    },
    Test("other messages stay in the mailbox", mode: .deterministic(seed: 3)) { t in
        let all = packets(["a", "b"])
        send(selfPid(), all[1])
        send(selfPid(), .atom("not_a_packet"))
        send(selfPid(), all[0])
        send(selfPid(), "a string")
        send(selfPid(), all[2])
        let text = try await reassemble()
        try t.expectEqual(text, "ab", "the text")
        let left = flush().map { describeValue($0) }
        try t.expectEqual(left, [":not_a_packet", "\"a string\""],
            "the messages left in the mailbox afterwards (reassemble should take only packets)")
    },
    Test("waits for packets still on their way", mode: .deterministic(seed: 4)) { t in
        let all = packets(["one ", "two ", "three"])
        let me = selfPid()
        // Packets sent later, in virtual time: 3 (end) first, then 1, 2, 0.
        for (index, delay) in [(3, 10), (1, 20), (2, 30), (0, 40)] {
            Process.sendAfter(me, all[index], after: .milliseconds(delay))
        }
        let text = try await reassemble()
        try t.expectEqual(text, "one two three", "the text when the packets arrive over 40 ms, last one first")
    },
    Test("an empty message is just the .end packet", mode: .deterministic(seed: 5)) { t in
        send(selfPid(), Packet(seq: 0, content: .end))
        try t.expectEqual(try await reassemble(), "", "the text of a message with no text packets")
    },
]
