import BigInt
import Foundation
import OTPCore
import Testing

@testable import OTPTerms

/// The external term format against `:erlang.term_to_binary/1` of OTP 25: each row is Elixir
/// source for a term and the hex of the bytes the real BEAM wrote for it.
@Suite struct ExternalTermFormatTests {
    static let table: [(source: String, hex: String)] = [
        (":ok", "836400026f6b"),
        (":\"héllo\"", "8364000568e96c6c6f"),
        (":\"日本\"", "837706e697a5e69cac"),
        ("nil", "836400036e696c"),
        ("0", "836100"),
        ("255", "8361ff"),
        ("256", "836200000100"),
        ("-1", "8362ffffffff"),
        ("2147483647", "83627fffffff"),
        ("2147483648", "836e040000000080"),
        ("-2147483648", "836280000000"),
        ("-2147483649", "836e040101000080"),
        ("9223372036854775807", "836e0800ffffffffffffff7f"),
        ("9223372036854775808", "836e08000000000000000080"),
        ("-9223372036854775808", "836e08010000000000000080"),
        ("-9223372036854775809", "836e08010100000000000080"),
        ("123456789012345678901234567890123456789012345678901234567890", "836e1900d20a3fce96f1cf8c9cb4378c37a4873f17621ebce404f5aa13"),
        ("-123456789012345678901234567890123456789012345678901234567890", "836e1901d20a3fce96f1cf8c9cb4378c37a4873f17621ebce404f5aa13"),
        ("1.5", "83463ff8000000000000"),
        ("-0.0", "83468000000000000000"),
        ("0.1", "83463fb999999999999a"),
        ("1.0e300", "83467e37e43c8800759c"),
        ("5.0e-324", "83460000000000000001"),
        ("\"ab\"", "836d000000026162"),
        ("\"\"", "836d00000000"),
        ("\"héllo\"", "836d0000000668c3a96c6c6f"),
        ("<<0, 255>>", "836d0000000200ff"),
        ("'abc'", "836b0003616263"),
        ("[]", "836a"),
        ("[1, 2, 3]", "836b0003010203"),
        ("[256]", "836c0000000162000001006a"),
        ("[1 | 2]", "836c0000000161016102"),
        ("[1, 2 | :tail]", "836c00000002610161026400047461696c"),
        ("[-1]", "836c0000000162ffffffff6a"),
        ("{}", "836800"),
        ("{:ok, 1}", "8368026400026f6b6101"),
        ("{:error, \"reason\", [1.5]}", "8368036400056572726f726d00000006726561736f6e6c00000001463ff80000000000006a"),
        ("%{}", "837400000000"),
        ("%{a: 1}", "837400000001640001616101"),
        ("%{1.0 => 3, 1 => 2, :a => 1}", "83740000000361016102463ff00000000000006103640001616101"),
        ("%{\"b\" => 2, \"a\" => 1, {1} => [], [] => {}}", "837400000004680161016a6a68006d000000016161016d00000001626102"),
        ("%{%{a: 1} => 1, %{} => 2}", "8374000000027400000000610274000000016400016161016101"),
        ("[a: 1, b: [c: \"d\"]]", "836c0000000268026400016161016802640001626c000000016802640001636d00000001646a6a"),
        ("{[], [[]], {{}}}", "8368036a6c000000016a6a68016800"),
        (
            "%{1 => 1.5, 2 => 3.0, 3 => 4.5, 4 => 6.0, 5 => 7.5, 6 => 9.0, 7 => 10.5, 8 => 12.0, 9 => 13.5, 10 => 15.0}",
            "83740000000a6101463ff8000000000000610246400800000000000061034640120000000000006104464018000000000000610546401e000000000000610646402200000000000061074640250000000000006108464028000000000000610946402b000000000000610a46402e000000000000"
        ),
    ]

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    @Test func encodesAsTermToBinary() throws {
        for row in Self.table {
            let term = try Term.parse(row.source)
            #expect(Self.hex(try ExternalTermFormat.encode(term)) == row.hex, "\(row.source)")
        }
    }

    @Test func decodesWhatTheBEAMWrote() throws {
        for row in Self.table {
            let term = try Term.parse(row.source)
            #expect(try ExternalTermFormat.decode(Self.bytes(row.hex)) == term, "\(row.source)")
        }
    }

    /// Large terms, built in Swift; the expected bytes follow the layout `erl` wrote for the
    /// same values (prefix, repeated element, suffix).
    @Test func largeTermsMatchTheBEAMLayout() throws {
        let sevens = Term.list(Array(repeating: 7, count: 70_000))
        let listBytes: [UInt8] = [131, 108, 0, 1, 0x11, 0x70] + Array([97, 7].repeated(70_000)) + [106]
        #expect(try ExternalTermFormat.encode(sevens) == listBytes)
        let tuple = Term.tuple(Array(repeating: .atom("x"), count: 300))
        #expect(try ExternalTermFormat.encode(tuple) == [131, 105, 0, 0, 1, 0x2c] + Array([100, 0, 1, 0x78].repeated(300)))
        let binary = Term.binary(Array(repeating: 7, count: 300))
        #expect(try ExternalTermFormat.encode(binary) == [131, 109, 0, 0, 1, 0x2c] + Array(repeating: 7, count: 300))
        let latin = Term.atom(Atom(String(repeating: "é", count: 255)))
        #expect(try ExternalTermFormat.encode(latin) == [131, 100, 0, 0xff] + Array(repeating: 0xe9, count: 255))
        let wide = Term.atom(Atom(String(repeating: "日", count: 100)))
        #expect(try ExternalTermFormat.encode(wide) == [131, 118, 1, 0x2c] + Array([0xe6, 0x97, 0xa5].repeated(100)))
        for term in [sevens, tuple, binary, latin, wide] {
            #expect(try ExternalTermFormat.decode(ExternalTermFormat.encode(term)) == term)
        }
    }

    /// `term_to_binary(self())` and `term_to_binary(make_ref())` in a plain `erl`.
    @Test func pidsAndReferencesOfAStandaloneNode() throws {
        let pidHex = "835864000d6e6f6e6f6465406e6f686f7374000000090000000000000000"
        let pid = Term.pid(Pid(nodeIndex: 0, id: 9, serial: 0, creation: 0))
        #expect(Self.hex(try ExternalTermFormat.encode(pid)) == pidHex)
        #expect(try ExternalTermFormat.decode(Self.bytes(pidHex)) == pid)
        let refHex = "835a000364000d6e6f6e6f6465406e6f686f73740000000000018fb93dfc00026843c229"
        let ref = Term.ref(Ref(nodeIndex: 0, creation: 0, words: [0x0001_8fb9, 0x3dfc_0002, 0x6843_c229]))
        #expect(Self.hex(try ExternalTermFormat.encode(ref)) == refHex)
        #expect(try ExternalTermFormat.decode(Self.bytes(refHex)) == ref)
        #expect(ref.description == "#Reference<0.1749271081.1039925250.102329>")
        // A pid decoded with a creation of its own keeps it when re-encoded (found by the fuzzer).
        let olderHex = "835864000d6e6f6e6f6465406e6f686f7374000000090000000000000005"
        #expect(Self.hex(try ExternalTermFormat.encode(ExternalTermFormat.decode(Self.bytes(olderHex)))) == olderHex)
        // A pid of a node the resolver does not know is an error, not a guess.
        let remote: [UInt8] = [131, 88, 100, 0, 1, 0x61] + [UInt8](repeating: 0, count: 12)
        #expect(throws: ETFError.unknownNode("a")) { try ExternalTermFormat.decode(remote) }
        // A node name in Latin-1 beyond ASCII is read as an atom, and named in the error.
        let latin1: [UInt8] = [131, 88, 100, 0, 1, 0xE9] + [UInt8](repeating: 0, count: 12)
        #expect(throws: ETFError.unknownNode("é")) { try ExternalTermFormat.decode(latin1) }
        // The pid alone, as distribution headers write and read it.
        var body: [UInt8] = []
        try ExternalTermFormat.appendPid(Pid(nodeIndex: 0, id: 9, serial: 0, creation: 0), to: &body, nodes: StandaloneNode())
        #expect([131] + body == Self.bytes(pidHex))
        let read = try ExternalTermFormat.decodePidBody((body + [1, 2])[...], nodes: StandaloneNode())
        #expect(Term.pid(read.pid) == pid && read.used == body.count)
        #expect(throws: ETFError.self) { try ExternalTermFormat.decodePidBody([97, 1][...], nodes: StandaloneNode()) }
    }

    @Test func decodesLegacyAndNonCanonicalForms() throws {
        // SMALL_ATOM_EXT, SMALL_ATOM_UTF8_EXT for a Latin-1 atom, a list whose tail is a list.
        #expect(try ExternalTermFormat.decode([131, 115, 2, 111, 107]) == .atom("ok"))
        #expect(try ExternalTermFormat.decode([131, 119, 2, 111, 107]) == .atom("ok"))
        let nested: [UInt8] = [131, 108, 0, 0, 0, 1, 97, 1, 108, 0, 0, 0, 1, 97, 2, 107, 0, 1, 3]
        #expect(try ExternalTermFormat.decode(nested) == [1, 2, 3])
        // A bignum that fits in Int decodes to .int.
        #expect(try ExternalTermFormat.decode([131, 110, 1, 1, 5]) == -5)
        // Trailing bytes are ignored, as binary_to_term/1 does; decodePrefix reports the length.
        let prefix = try ExternalTermFormat.decodePrefix([131, 97, 1, 0][...])
        #expect(prefix.term == 1 && prefix.used == 3)
    }

    @Test func malformedInputIsAnErrorNeverATrap() {
        var deep: [UInt8] = [131]
        for _ in 0..<5_000 { deep += [104, 1] }
        deep += [106]
        let cases: [([UInt8], ETFError)] = [
            ([], .truncated(offset: 0)),
            ([131], .truncated(offset: 1)),
            ([130, 97, 1], .badVersion(130)),
            ([131, 97], .truncated(offset: 2)),
            ([131, 108, 255, 255, 255, 255, 97, 1], .truncated(offset: 6)),
            ([131, 109, 255, 255, 255, 255], .truncated(offset: 6)),
            ([131, 116, 0, 0, 0, 2, 97, 1, 97, 1, 97, 1, 97, 2], .invalid("a map with a repeated key", offset: 10)),
            ([131, 70, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0], .invalid("a float that is not finite", offset: 1)),
            ([131, 119, 1, 0xff], .invalid("an atom that is not valid UTF-8", offset: 1)),
            ([131, 112, 0, 0, 0, 0], .unsupportedTag(112, offset: 1)),
            ([131, 200], .unknownTag(200, offset: 1)),
            ([131, 110, 1, 2, 5], .invalid("a bignum sign byte of 2", offset: 3)),
            ([131, 88, 97, 1], .invalid("expected an atom, found tag 97", offset: 2)),
            (deep, .tooDeep(offset: 1 + 2 * (ExternalTermFormat.maximumDepth + 1))),
        ]
        for (bytes, expected) in cases {
            #expect(throws: expected, "\(bytes.prefix(8))") { try ExternalTermFormat.decode(bytes) }
        }
    }

    /// Every prefix of every table entry is an error (or, for lists, a shorter term), never a trap.
    @Test func everyTruncationIsHandled() throws {
        for row in Self.table {
            let full = Self.bytes(row.hex)
            for length in 0..<full.count {
                #expect(throws: ETFError.self) { try ExternalTermFormat.decode(Array(full.prefix(length))) }
            }
        }
    }

    static let driver = #"""
        [path] = System.argv()
        for line <- File.read!(path) |> String.split("\n", trim: true) do
          {value, _} = Code.eval_string(line)
          IO.puts(Base.encode16(:erlang.term_to_binary(value), case: :lower))
          IO.puts("\x1e")
        end
        """#

    // Skipped when `elixir` is not installed; the fixed table above still runs.
    @Test(.enabled(if: ElixirOracle.isEnabled, "elixir is not installed; the fixed table covers these bytes"))
    func againstLiveBEAM() async throws {
        let sources = Self.table.map(\.source)
        let records = ElixirOracle.records(try await ElixirOracle.run(script: Self.driver, input: sources.joined(separator: "\n")))
        #expect(records.count >= sources.count)
        for (index, source) in sources.enumerated() where index < records.count {
            #expect(Self.hex(try ExternalTermFormat.encode(try Term.parse(source))) == records[index], "\(source)")
        }
    }
}

extension Array {
    /// The array's elements, `count` times over.
    func repeated(_ count: Int) -> [Element] {
        var result: [Element] = []
        result.reserveCapacity(self.count * count)
        for _ in 0..<count { result.append(contentsOf: self) }
        return result
    }
}
