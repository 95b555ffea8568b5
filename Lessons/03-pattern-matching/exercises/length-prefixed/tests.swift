import OTP
import TourHarness

func startReader(_ t: TestContext) -> Pid {
    let me = selfPid()
    let pid = spawn { try await recordReader(out: me) }
    t.name(pid, "reader")
    return pid
}

func record(_ bytes: [UInt8]) -> Term { .tuple(.atom("record"), .binary(bytes)) }

func answer(_ t: TestContext, _ what: String) async throws -> Term {
    try await t.receive(Term.self, within: .seconds(1), "the reader should answer every {:record, …} (\(what))")
}

let tests: [Test] = [
    Test("splits a record into name and rest", mode: .deterministic(seed: 1), trace: true) { t in
        let reader = startReader(t)
        send(reader, record([3] + Array("abcde".utf8)))
        try t.expectEqual(try await answer(t, "<<3, \"abcde\">>"), .tuple(.atom("ok"), "abc", "de"), "the answer to {:record, <<3, \"abcde\">>}")
    },
    Test("an empty name and an empty rest are fine", mode: .deterministic(seed: 2)) { t in
        let reader = startReader(t)
        send(reader, record([0]))
        send(reader, record([2] + Array("hi".utf8)))
        try t.expectEqual(try await answer(t, "<<0>>"), .tuple(.atom("ok"), "", ""), "the answer to {:record, <<0>>}")
        try t.expectEqual(try await answer(t, "<<2, \"hi\">>"), .tuple(.atom("ok"), "hi", ""), "the answer to {:record, <<2, \"hi\">>}")
    },
    Test("a bad record is reported, and the reader carries on", mode: .deterministic(seed: 3)) { t in
        let reader = startReader(t)
        let short = Term.binary([5] + Array("ab".utf8))
        send(reader, .tuple(.atom("record"), short))
        send(reader, record([]))
        send(reader, .tuple(.atom("record"), [3, 97, 98, 99]))
        send(reader, record([1] + Array("xy".utf8)))
        try t.expectEqual(try await answer(t, "<<5, \"ab\">>"), .tuple(.atom("bad_record"), short), "the answer to {:record, <<5, \"ab\">>} (too short for its length byte)")
        try t.expectEqual(try await answer(t, "<<>>"), .tuple(.atom("bad_record"), .binary([])), "the answer to {:record, <<>>}")
        try t.expectEqual(try await answer(t, "a list"), .tuple(.atom("bad_record"), [3, 97, 98, 99]),
            "the answer to {:record, [3, 97, 98, 99]} (a list, not a binary)")
        try t.expectEqual(try await answer(t, "<<1, \"xy\">> after three bad ones"), .tuple(.atom("ok"), "x", "y"),
            "the answer to {:record, <<1, \"xy\">>}, sent after three bad records")
    },
    Test("answers come in the order the records were sent", mode: .deterministic(seed: 4), trace: true) { t in
        let reader = startReader(t)
        let me = selfPid()
        t.name(me, "test")
        let names = ["a", "bb", "ccc"]
        for name in names { send(reader, record([UInt8(name.utf8.count)] + Array(name.utf8) + [33])) }
        for name in names {
            try t.expectEqual(try await answer(t, name), .tuple(.atom("ok"), .string(name), "!"), "the answer for the record named \(name)")
        }
        try t.expectSends(names.map { Send(from: reader, to: me, message: .tuple(.atom("ok"), .string($0), "!")) },
            "one answer per record, in the order sent")
    },
    Test(":stop ends the reader normally", mode: .deterministic(seed: 5)) { t in
        let reader = startReader(t)
        send(reader, record([0]))
        _ = try await answer(t, "<<0>>")
        send(reader, .atom("stop"))
        let reason = try await t.awaitExit(reader, within: .seconds(1), "the reader should end when it gets :stop")
        try t.expectEqual(reason, .normal, "the reader's exit reason after :stop")
    },
    Test("other messages get no answer and do not stop the reader", mode: .deterministic(seed: 6)) { t in
        let reader = startReader(t)
        send(reader, .atom("hello"))
        send(reader, .tuple(.atom("recrod"), .binary([0])))
        try await t.expectNoMessage(Term.self, within: .milliseconds(200), "messages that are not {:record, …} or :stop fit no clause: no answer")
        send(reader, record([1, 65]))
        try t.expectEqual(try await answer(t, "<<1, \"A\">>"), .tuple(.atom("ok"), "A", ""), "the answer to a record sent after two other messages")
        let waiting = Process.info(reader)?.messages ?? []
        try t.expectEqual(waiting, [":hello", "{:recrod, <<0>>}"], "the reader's mailbox: the messages that fit no clause stay there, in order")
    },
]
