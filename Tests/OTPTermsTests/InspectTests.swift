import BigInt
import OTPCore
import Testing

@testable import OTPTerms

/// `Term.description` against Elixir 1.14's `inspect/1`. Each row is Elixir source for a term
/// and what `inspect/1` printed for it (captured with the driver below).
@Suite struct InspectTests {
    static let table: [(source: String, expected: String)] = [
        ("{:ok, [1, 2]}", "{:ok, [1, 2]}"),
        ("%{\"a\" => 1}", "%{\"a\" => 1}"),
        ("[a: 1]", "[a: 1]"),
        ("'abc'", "'abc'"),
        ("1.5e3", "1500.0"),
        ("1.0e20", "1.0e20"),
        ("1500.0", "1500.0"),
        ("0.1", "0.1"),
        ("1.0e-5", "1.0e-5"),
        ("0.0001", "0.0001"),
        ("1.2345e-4", "1.2345e-4"),
        ("1.0e15", "1000000000000000.0"),
        ("1.0e16", "1.0e16"),
        ("123456789.123", "123456789.123"),
        ("-0.0", "-0.0"),
        ("5.0e-324", "5.0e-324"),
        ("1.7976931348623157e308", "1.7976931348623157e308"),
        ("9007199254740993.0", "9007199254740992.0"),
        ("[1, 2 | 3]", "[1, 2 | 3]"),
        ("[a: 1, b: 2]", "[a: 1, b: 2]"),
        ("[{:a, 1}, {\"b\", 2}]", "[{:a, 1}, {\"b\", 2}]"),
        ("%{a: 1, b: 2}", "%{a: 1, b: 2}"),
        ("%{:a => 1, \"b\" => 2}", "%{:a => 1, \"b\" => 2}"),
        (
            "%{1.0 => :a, 1 => :b, 2 => :c, 0.5 => :d, :x => 1, \"s\" => 2, {1} => 3, [1] => 4}",
            "%{1 => :b, 2 => :c, 0.5 => :d, 1.0 => :a, :x => 1, {1} => 3, [1] => 4, \"s\" => 2}"
        ),
        ("%{{1, 2} => 3, [1] => 2, %{} => 1, 5 => 0, :a => 1}", "%{5 => 0, :a => 1, {1, 2} => 3, %{} => 1, [1] => 2}"),
        ("[7, 8, 9, 10, 11, 12, 13, 27]", "'\\a\\b\\t\\n\\v\\f\\r\\e'"),
        ("[27, 127]", "[27, 127]"),
        ("[104, 233, 108, 108, 111]", "[104, 233, 108, 108, 111]"),
        ("[0]", "[0]"),
        ("<<255, 1>>", "<<255, 1>>"),
        ("\"héllo\\n\\t\\\"x\\\"\\\\ \\#{\"", "\"héllo\\n\\t\\\"x\\\"\\\\ \\#{\""),
        ("<<97, 98, 99, 0>>", "<<97, 98, 99, 0>>"),
        ("\"\\d\\a\\e\"", "\"\\d\\a\\e\""),
        ("\"\\u00a0\\u200b\"", "\" ​\""),
        ("<<194, 133>>", "<<194, 133>>"),
        (":\"hello world\"", ":\"hello world\""),
        (
            "[:ok, :Ok, Foo, :foo?, :foo!, :\"foo?x\", :+, :-, :@, :a@b, :\"a.b\", :\"1a\", :_a, :_, :\"\", nil, true, :=, :==, :===, :!, :&&, :||, :|>]",
            "[:ok, :Ok, Foo, :foo?, :foo!, :\"foo?x\", :+, :-, :@, :a@b, :\"a.b\", :\"1a\", :_a, :_, :\"\", nil, true, :=, :==, :===, :!, :&&, :||, :|>]"
        ),
        (
            "[:.., :..., :<>, :\"::\", :%, :%{}, :{}, :\"[]\", :\\\\, :é, :Hello, :\"Elixir.Foo.bar\", Elixir, :\"a\\nb\", :\"a\\\"b\", :when, :&, :->, :\"//\", :\"<<\", :\"=>\", :\"<|>\", :\"^^^\", :\"~~~\", :<-, :|, :.]",
            "[:.., :..., :<>, :\"::\", :%, :%{}, :{}, :\"[]\", :\\\\, :é, :Hello, :\"Elixir.Foo.bar\", Elixir, :\"a\\nb\", :\"a\\\"b\", :when, :&, :->, :\"//\", :\"<<\", :\"=>\", :\"<|>\", :\"^^^\", :\"~~~\", :<-, :|, :.]"
        ),
        (
            "[{:when, 1}, {:&, 1}, {:\"//\", 1}, {:\"[]\", 1}, {:\"=>\", 1}, {nil, 1}, {:Foo, 2}]",
            "[when: 1, &: 1, \"//\": 1, \"[]\": 1, \"=>\": 1, nil: 1, Foo: 2]"
        ),
        ("[{Foo, 1}, {:Foo, 2}, {:\"a b\", 3}, {:a?, 4}, {:a@b, 5}]", "[{Foo, 1}, {:Foo, 2}, {:\"a b\", 3}, {:a?, 4}, {:a@b, 5}]"),
        ("[a: 1, \"b c\": 2]", "[a: 1, \"b c\": 2]"),
        ("%{\"hello world\": 1, b: 2}", "%{b: 2, \"hello world\": 1}"),
        ("%{Foo => 1, a: 2}", "%{Foo => 1, :a => 2}"),
        ("{}", "{}"),
        ("%{}", "%{}"),
        ("[]", "[]"),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("-123456789012345678901234567890", "-123456789012345678901234567890"),
        ("-5", "-5"),
        ("[[]]", "[[]]"),
        ("['a' | 'b']", "['a', 98]"),
        ("{:a, 'x', \"y\", [b: [c: 1]]}", "{:a, 'x', \"y\", [b: [c: 1]]}"),
        ("[1.0, -1.5e-7]", "[1.0, -1.5e-7]"),
        ("[{:a, 1} | {:b, 2}]", "[{:a, 1} | {:b, 2}]"),
        ("[{:a, 1}, {:b}]", "[{:a, 1}, {:b}]"),
        ("<<0xFFFE::utf8>>", "<<239, 191, 190>>"),
        ("\"😀\"", "\"😀\""),
        ("\"\\uFEFF\"", "\"\\uFEFF\""),
        ("[?a, ?b | \"c\"]", "[97, 98 | \"c\"]"),
        (
            "{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52}",
            "{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, ...}"
        ),
        ("[[[[1]]]]", "[[[[1]]]]"),
        ("%{[a: 1] => {:ok, \"x\"}}", "%{[a: 1] => {:ok, \"x\"}}"),
    ]

    /// Terms built in Swift (Elixir built them with library calls the tour's parser does not
    /// read), with what Elixir printed for the same value.
    static let built: [(elixir: String, term: Term, expected: String)] = [
        (
            "Enum.to_list(1..60)", .list((1...60).map { .int($0) }),
            "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, ...]"
        ),
        (
            "List.duplicate([1, 2, 3], 60)", .list(Array(repeating: [1, 2, 3], count: 60)),
            "[[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, ...], [1, ...], [...], ...]"
        ),
        (
            "List.duplicate(%{a: 1}, 51)", .list(Array(repeating: [.atom("a"): 1], count: 51)),
            "[%{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{a: 1}, %{...}, ...]"
        ),
        (
            "Map.new(1..20, &{&1, &1})", .map(Dictionary(uniqueKeysWithValues: (1...20).map { (Term.int($0), Term.int($0)) })),
            "%{1 => 1, 2 => 2, 3 => 3, 4 => 4, 5 => 5, 6 => 6, 7 => 7, 8 => 8, 9 => 9, 10 => 10, 11 => 11, 12 => 12, 13 => 13, 14 => 14, 15 => 15, 16 => 16, 17 => 17, 18 => 18, 19 => 19, 20 => 20}"
        ),
        (
            ":binary.copy(<<1>>, 60)", .binary(Array(repeating: 1, count: 60)),
            "<<1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, ...>>"
        ),
        (":binary.copy(\"a\", 60)", .binary(Array(repeating: 97, count: 60)), "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""),
    ]

    @Test func tableCapturedFromElixir() throws {
        for row in Self.table {
            let term = try Term.parse(row.source)
            #expect(term.description == row.expected, "\(row.source)")
        }
    }

    @Test func limitsCapturedFromElixir() {
        for row in Self.built {
            #expect(row.term.description == row.expected, "\(row.elixir)")
        }
    }

    static let driver = #"""
        [path] = System.argv()
        for line <- File.read!(path) |> String.split("\n", trim: true) do
          {value, _} = Code.eval_string(line)
          IO.puts(inspect(value))
          IO.puts("\x1e")
        end
        """#

    // Skipped when `elixir` is not installed; the fixed tables above still run.
    @Test(.enabled(if: ElixirOracle.isEnabled, "elixir is not installed; the fixed table covers these cases"))
    func againstLiveElixir() async throws {
        let sources = Self.table.map(\.source) + Self.built.map(\.elixir)
        let records = ElixirOracle.records(try await ElixirOracle.run(script: Self.driver, input: sources.joined(separator: "\n")))
        #expect(records.count >= sources.count)
        let terms = try Self.table.map { try Term.parse($0.source) } + Self.built.map(\.term)
        for (index, term) in terms.enumerated() where index < records.count {
            #expect(term.description == records[index], "\(sources[index])")
        }
    }

    /// Floats: shortest round-trip digits, in Elixir's choice of plain or scientific form, over
    /// many magnitudes; checked against live Elixir when present.
    @Test(.enabled(if: ElixirOracle.isEnabled, "elixir is not installed; the fixed table covers floats"))
    func floatsAgainstLiveElixir() async throws {
        var values: [Double] = []
        for exponent in -30...30 {
            for mantissa in [1.0, 1.5, 1.2345, 9.999, 3.141592653589793, 7.0e-1] {
                values.append(mantissa * pow10(exponent))
            }
        }
        let sources = values.map { Term.float($0).description }
        let records = ElixirOracle.records(try await ElixirOracle.run(script: Self.driver, input: sources.joined(separator: "\n")))
        for (index, source) in sources.enumerated() where index < records.count {
            #expect(source == records[index])
        }
    }

    func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    @Test func pidsAndReferences() {
        let pid = Pid(nodeIndex: 0, id: 5, serial: 0, creation: 0)
        #expect(Term.pid(pid).description == "#PID<0.5.0>")
        let ref = Ref(nodeIndex: 0, creation: 0, words: [3, 2, 1])
        #expect(Term.tuple([.ref(ref)]).description == "{#Reference<0.1.2.3>}")
    }

    @Test func literalsReadAsElixirData() {
        let term: Term = [.atom("ok"), 1, 2.5, "hi", .nil, true, [.atom("a"): [1]]]
        #expect(term.description == "[:ok, 1, 2.5, \"hi\", nil, true, %{a: [1]}]")
        #expect(Term.keywords(["a": 1]).description == "[a: 1]")
        #expect(Term.charlist("abc").description == "'abc'")
        #expect(Term.integer(BigInt(1) << 70).description == "1180591620717411303424")
        #expect(Term.tuple([]).inspect(limit: nil) == "{}")
        #expect(Term.list((1...3).map { .int($0) }).inspect(limit: 2) == "[1, 2, ...]")
    }
}
