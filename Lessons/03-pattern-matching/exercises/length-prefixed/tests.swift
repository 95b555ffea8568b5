import OTP
import TourHarness

let tests: [Test] = [
    Test("splits name and rest") { t in
        let data = Term.binary([3] + Array("abcde".utf8))
        try t.expectEqual(readRecord(data), .tuple(.atom("ok"), "abc", "de"), "read_record(<<3, \"abcde\">>)")
    },
    Test("an empty name and an empty rest are fine") { t in
        try t.expectEqual(readRecord(.binary([0])), .tuple(.atom("ok"), "", ""), "read_record(<<0>>)")
        let exact = Term.binary([2] + Array("hi".utf8))
        try t.expectEqual(readRecord(exact), .tuple(.atom("ok"), "hi", ""), "read_record(<<2, \"hi\">>)")
    },
    Test("a binary shorter than its length byte is an error") { t in
        let short = Term.binary([5] + Array("ab".utf8))
        try t.expectEqual(readRecord(short), .atom("error"), "read_record(<<5, \"ab\">>)")
        try t.expectEqual(readRecord(.binary([])), .atom("error"), "read_record(<<>>)")
    },
    Test("a term that is not a binary is an error") { t in
        try t.expectEqual(readRecord([3, 97, 98, 99]), .atom("error"), "read_record([3, 97, 98, 99]) (a list, not a binary)")
    },
]
