import OTP
import TourHarness

let tests: [Test] = [
    Test("{:ok, value} prints the value as inspect does") { t in
        try t.expectEqual(classify(.tuple(.atom("ok"), [1, 2])), "ok: [1, 2]", "classify({:ok, [1, 2]})")
        try t.expectEqual(classify(.tuple(.atom("ok"), "hi")), "ok: \"hi\"", "classify({:ok, \"hi\"})")
    },
    Test("{:error, reason} with an atom reason") { t in
        try t.expectEqual(classify(.tuple(.atom("error"), .atom("enoent"))), "error: :enoent", "classify({:error, :enoent})")
    },
    Test("{:error, other} when the reason is not an atom") { t in
        try t.expectEqual(classify(.tuple(.atom("error"), 404)), "error (not an atom): 404", "classify({:error, 404})")
    },
    Test("lists: empty, proper and improper") { t in
        try t.expectEqual(classify([]), "empty list", "classify([])")
        try t.expectEqual(classify([.atom("a"), .atom("b")]), "list starting with :a", "classify([:a, :b])")
        try t.expectEqual(classify(.improperList([1], tail: 2)), "list starting with 1", "classify([1 | 2])")
    },
    Test("anything else is unknown, including tuples of another shape") { t in
        try t.expectEqual(classify(.tuple(.atom("ok"), 1, 2)), "unknown", "classify({:ok, 1, 2})")
        try t.expectEqual(classify(.atom("ok")), "unknown", "classify(:ok)")
        try t.expectEqual(classify("text"), "unknown", "classify(\"text\")")
    },
]
