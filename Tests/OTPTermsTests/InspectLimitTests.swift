import OTPCore
import Testing

@testable import OTPTerms

/// `inspect/1`'s two limits against Elixir 1.14: `limit: 50` items per list, tuple, map and
/// binary, and `printable_limit: 4096` characters per string or charlist (then `" <> ..."` or
/// `' ++ ...'`). Each row is the Elixir expression, the same term built in Swift and what
/// `inspect/1` printed for it.
@Suite struct InspectLimitTests {
    static func a(_ count: Int) -> String { String(repeating: "a", count: count) }
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let rows: [(elixir: String, term: Term, expected: String)] = [
        ("String.duplicate(\"a\", 5000)", .binary(bytes(a(5000))), "\"" + a(4096) + "\" <> ..."),
        ("String.duplicate(\"a\", 4096)", .binary(bytes(a(4096))), "\"" + a(4096) + "\""),
        ("String.duplicate(\"a\", 4097)", .binary(bytes(a(4097))), "\"" + a(4096) + "\" <> ..."),
        (
            "String.duplicate(\"é\", 5000)", .string(String(repeating: "é", count: 5000)),
            "\"" + String(repeating: "é", count: 4096) + "\" <> ..."
        ),
        (
            "String.duplicate(\"\\n\", 4097)", .string(String(repeating: "\n", count: 4097)),
            "\"" + String(repeating: "\\n", count: 4096) + "\" <> ..."
        ),
        // What follows the first 4096 characters is not looked at: a zero byte or invalid UTF-8
        // there still prints as a (cut) string; within them, the binary prints as bytes.
        ("String.duplicate(\"a\", 5000) <> <<0>>", .binary(bytes(a(5000)) + [0]), "\"" + a(4096) + "\" <> ..."),
        ("String.duplicate(\"a\", 4096) <> <<255>>", .binary(bytes(a(4096)) + [255]), "\"" + a(4096) + "\" <> ..."),
        (
            "String.duplicate(\"a\", 4095) <> <<255>>", .binary(bytes(a(4095)) + [255]),
            "<<" + Array(repeating: "97", count: 50).joined(separator: ", ") + ", ...>>"
        ),
        // `#{` is escaped as one character.
        ("String.duplicate(\"a\", 4095) <> \"\\#{\"", .binary(bytes(a(4095) + "#{")), "\"" + a(4095) + "\\#{\""),
        ("String.duplicate(\"a\", 4094) <> \"\\#{x\"", .binary(bytes(a(4094) + "#{x")), "\"" + a(4094) + "\\#{x\""),
        ("String.duplicate(\"a\", 4095) <> \"\\#{x\"", .binary(bytes(a(4095) + "#{x")), "\"" + a(4095) + "\\#{\" <> ..."),
        ("List.duplicate(?a, 5000)", .charlist(a(5000)), "'" + a(4096) + "' ++ ..."),
        ("List.duplicate(?a, 4096)", .charlist(a(4096)), "'" + a(4096) + "'"),
        ("List.duplicate(?a, 4096) ++ [300]", .list(Array(repeating: .int(97), count: 4096) + [.int(300)]), "'" + a(4096) + "' ++ ..."),
        ("[String.duplicate(\"a\", 5000)]", .list([.binary(bytes(a(5000)))]), "[\"" + a(4096) + "\" <> ...]"),
        ("%{a: String.duplicate(\"a\", 5000)}", .map([.atom("a"): .binary(bytes(a(5000)))]), "%{a: \"" + a(4096) + "\" <> ...}"),
        ("{List.duplicate(?a, 5000), 1}", .tuple([.charlist(a(5000)), 1]), "{'" + a(4096) + "' ++ ..., 1}"),
        (
            "Enum.to_list(1..60) ++ :x", .improperList((1...60).map { .int($0) }, tail: .atom("x")),
            "[" + (1...50).map(String.init).joined(separator: ", ") + ", ...]"
        ),
        (
            "List.to_tuple(Enum.to_list(1..51))", .tuple((1...51).map { .int($0) }),
            "{" + (1...50).map(String.init).joined(separator: ", ") + ", ...}"
        ),
        (
            "[a: 1] ++ Enum.map(1..55, &{:\"k#{&1}\", &1})",
            .list([.tuple([.atom("a"), 1])] + (1...55).map { .tuple([.atom(Atom("k\($0)")), .int($0)]) }),
            "[a: 1, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, k9: 9, k10: 10, k11: 11, k12: 12, k13: 13, k14: 14, k15: 15, k16: 16, k17: 17, k18: 18, k19: 19, k20: 20, k21: 21, k22: 22, k23: 23, k24: 24, k25: 25, k26: 26, k27: 27, k28: 28, k29: 29, k30: 30, k31: 31, k32: 32, k33: 33, k34: 34, k35: 35, k36: 36, k37: 37, k38: 38, k39: 39, k40: 40, k41: 41, k42: 42, k43: 43, k44: 44, k45: 45, k46: 46, k47: 47, k48: 48, k49: 49, ...]"
        ),
        (
            "Map.new(1..60, &{&1, &1})",
            .map(Dictionary(uniqueKeysWithValues: (1...60).map { (Term.int($0), Term.int($0)) })),
            "%{33 => 33, 12 => 12, 44 => 44, 23 => 23, 29 => 29, 47 => 47, 30 => 30, 43 => 43, 39 => 39, 45 => 45, 48 => 48, 57 => 57, 26 => 26, 46 => 46, 31 => 31, 11 => 11, 37 => 37, 9 => 9, 32 => 32, 34 => 34, 25 => 25, 28 => 28, 6 => 6, 51 => 51, 38 => 38, 13 => 13, 59 => 59, 40 => 40, 41 => 41, 20 => 20, 15 => 15, 14 => 14, 60 => 60, 2 => 2, 7 => 7, 1 => 1, 8 => 8, 3 => 3, 58 => 58, 55 => 55, 17 => 17, 22 => 22, 52 => 52, 21 => 21, 4 => 4, 36 => 36, 53 => 53, 50 => 50, 24 => 24, 10 => 10, ...}"
        ),
        (
            "Map.new(1..40, &{\"k#{&1}\", [&1]})",
            .map(Dictionary(uniqueKeysWithValues: (1...40).map { (Term.string("k\($0)"), Term.list([.int($0)])) })),
            "%{\"k24\" => [24], \"k16\" => [16], \"k28\" => [28], \"k38\" => '&', \"k33\" => '!', \"k34\" => '\"', \"k11\" => '\\v', \"k20\" => [20], \"k37\" => '%', \"k22\" => [22], \"k7\" => '\\a', \"k17\" => [17], \"k4\" => [4], \"k6\" => [6], \"k5\" => [5], \"k13\" => '\\r', \"k8\" => '\\b', \"k32\" => ' ', \"k14\" => [14], \"k27\" => '\\e', \"k29\" => [29], \"k18\" => [18], \"k21\" => [21], \"k10\" => '\\n', \"k30\" => [30], \"k35\" => '#', \"k23\" => [23], \"k12\" => '\\f', \"k39\" => '\\'', \"k40\" => '(', \"k19\" => [19], \"k2\" => [2], \"k3\" => [3], \"k1\" => [1], \"k36\" => '$', \"k25\" => [25], \"k31\" => [31], \"k15\" => [15], \"k9\" => '\\t', \"k26\" => [26]}"
        ),
        (
            "List.duplicate(Enum.to_list(1..10), 10)",
            .list(Array(repeating: .list((1...10).map { .int($0) }), count: 10)),
            "[[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]"
        ),
        (
            "{List.duplicate(%{a: [1, 2]}, 30)}",
            .tuple([.list(Array(repeating: [.atom("a"): [1, 2]], count: 30))]),
            "{[%{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}, %{a: [1, 2]}]}"
        ),
    ]

    @Test func capturedFromElixir() {
        for row in Self.rows {
            #expect(row.term.description == row.expected, "\(row.elixir)")
        }
    }

    // Skipped when `elixir` is not installed; the fixed rows above still run.
    @Test(.enabled(if: ElixirOracle.isEnabled, "elixir is not installed; the fixed rows cover these cases"))
    func againstLiveElixir() async throws {
        let sources = Self.rows.map(\.elixir)
        let records = ElixirOracle.records(try await ElixirOracle.run(script: InspectTests.driver, input: sources.joined(separator: "\n")))
        #expect(records.count >= sources.count)
        for (index, row) in Self.rows.enumerated() where index < records.count {
            #expect(row.term.description == records[index], "\(row.elixir)")
        }
    }
}
