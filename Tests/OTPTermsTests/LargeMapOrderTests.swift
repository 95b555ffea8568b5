import BigInt
import Foundation
import OTPCore
import Testing

@testable import OTPTerms

/// Maps of more than 32 keys, which the BEAM keeps in a hash trie and writes in the trie's order:
/// the encoder must reproduce `BEAMInternalHash` and the trie walk exactly to write the same
/// bytes as `:erlang.term_to_binary/1`.
@Suite struct LargeMapOrderTests {
    /// `term_to_binary/1` in a real `erl` (OTP 25.2, 64-bit) of the maps `Self.fixedMaps` builds,
    /// captured with `string:lowercase(binary:encode_hex(term_to_binary(M)))`.
    static let fixedHex: [String: String] = [
        "ints": [
            "83740000002861216101610c610161176101611d6101611e610161276101611a6101611f6101610b6101612561016109",
            "6101612061016122610161196101611c61016106610161266101610d61016128610161146101610f6101610e61016102",
            "610161076101610161016108610161036101611161016116610161156101610461016124610161186101610a61016123",
            "6101611b610161136101610561016112610161106101",
        ].joined(),
        "binaries": [
            "8374000000216d000000056b6579313961136d000000056b65793133610d6d000000046b65793561056d000000046b65",
            "793761076d000000046b65793861086d000000056b65793237611b6d000000056b6579313861126d000000056b657931",
            "3761116d000000056b65793134610e6d000000056b65793238611c6d000000056b6579323561196d000000056b657932",
            "3161156d000000046b65793261026d000000056b6579323461186d000000056b6579323261166d000000046b65793461",
            "046d000000046b65793661066d000000056b65793331611f6d000000056b65793330611e6d000000056b65793236611a",
            "6d000000056b6579333261206d000000056b65793135610f6d000000056b6579323361176d000000056b65793131610b",
            "6d000000046b65793961096d000000046b65793161016d000000056b65793239611d6d000000056b6579313661106d00",
            "0000056b65793130610a6d000000056b6579323061146d000000056b6579333361216d000000056b65793132610c6d00",
            "0000046b6579336103",
        ].joined(),
        "mixed": [
            "83740000002d6e080000000000000000806103464014000000000000610a6e090000000000000000000261056802610a",
            "6d0000000178610a680261086d0000000178610862ffd2394061036c000000026101620000012d6a6101680261126d00",
            "00000178611262ffb3b4c061056802610e6d0000000178610e680261146d000000017861144640100000000000006108",
            "6c000000026103620000012f6a6103680261016d0000000178610162fff0bdc061016c00000002610462000001306a61",
            "046e080000000000000000206101463ff80000000000006103680261056d00000001786105680261036d000000017861",
            "036e0800000000000000004061026c000000026102620000012e6a6102463ff00000000000006102680261046d000000",
            "017861046802610f6d0000000178610f4640040000000000006105680261106d0000000178611062ffc2f70061046802",
            "61076d0000000178610762ffe17b8061024640080000000000006106680261096d00000001786109680261066d000000",
            "017861066802610b6d0000000178610b6c00000002610562000001316a6105463fe00000000000006101464012000000",
            "00000061096802610d6d0000000178610d6802610c6d0000000178610c6e0900000000000000000001610446400c0000",
            "000000006107680261026d00000001786102680261136d00000001786113680261116d00000001786111464000000000",
            "0000006104",
        ].joined(),
    ]

    /// The maps behind `fixedHex`, with the Erlang expression each was captured from.
    static let fixedMaps: [(name: String, erlang: String, map: [Term: Term])] = [
        (
            "ints", "maps:from_list([{K, 1} || K <- lists:seq(1, 40)])",
            Dictionary(uniqueKeysWithValues: (1...40).map { (Term.int($0), Term.int(1)) })
        ),
        (
            "binaries", "maps:from_list([{<<\"key\", (integer_to_binary(I))/binary>>, I} || I <- lists:seq(1, 33)])",
            Dictionary(uniqueKeysWithValues: (1...33).map { (Term.string("key\($0)"), Term.int($0)) })
        ),
        (
            "mixed", "tuples {I, <<\"x\">>} (1..20), floats I * 0.5 (1..10), lists [I, I + 300] (1..5), 1 bsl (60 + I) (1..5), -I * 1000000 (1..5), each to I",
            mixedMap()
        ),
    ]

    static func mixedMap() -> [Term: Term] {
        var map: [Term: Term] = [:]
        for i in 1...20 { map[.tuple([.int(i), .string("x")])] = .int(i) }
        for i in 1...10 { map[.float(Double(i) * 0.5)] = .int(i) }
        for i in 1...5 {
            map[.list([.int(i), .int(i + 300)])] = .int(i)
            map[.integer(BigInt(1) << (60 + i))] = .int(i)
            map[.int(-i * 1_000_000)] = .int(i)
        }
        return map
    }

    @Test func encodesAsTheBEAMWroteThem() throws {
        for row in Self.fixedMaps {
            let bytes = try ExternalTermFormat.encode(.map(row.map))
            #expect(ExternalTermFormatTests.hex(bytes) == Self.fixedHex[row.name], "\(row.name): \(row.erlang)")
            #expect(try ExternalTermFormat.decode(bytes) == .map(row.map))
        }
    }

    /// 40660 and 59671 share all 32 bits of their hash. The BEAM's order between them is the
    /// documented gap (`HashTrie`); every other key keeps its place, as `erl` wrote it for
    /// `maps:from_list([{K, 1} || K <- lists:seq(1, 40) ++ [40660, 59671]])`.
    @Test func collidingKeysAreTheOnlyGap() throws {
        #expect(BEAMInternalHash.hash(.int(40660)) == 0xB7E5_083C)
        #expect(BEAMInternalHash.hash(.int(59671)) == 0xB7E5_083C)
        let map = Dictionary(uniqueKeysWithValues: (Array(1...40) + [40660, 59671]).map { (Term.int($0), Term.int(1)) })
        #expect(HashTrie(map)?.hasCollisions == true)
        #expect(HashTrie(Self.fixedMaps[0].map)?.hasCollisions == false)
        let erl: [Int] = [
            33, 12, 23, 29, 30, 39, 26, 40660, 59671, 31, 11, 37, 9, 32, 34, 25, 28, 6, 38, 13, 40, 20, 15, 14,
            2, 7, 1, 8, 3, 17, 22, 21, 4, 36, 24, 10, 35, 27, 19, 5, 18, 16,
        ]
        let ours = Term.beamOrder(map).compactMap(\.key.intValue)
        #expect(ours.filter { $0 < 40_000 } == erl.filter { $0 < 40_000 })
        #expect(ours.firstIndex(of: 59671).map { $0 == 7 || $0 == 8 } == true)
        #expect(ours.firstIndex(of: 40660).map { $0 == 7 || $0 == 8 } == true)
        // A map of more than 32 keys with such a pair, used as a key, has no known hash.
        #expect(BEAMInternalHash.hash(.map(map)) == nil)
    }

    /// `inspect/1` lists a large map in the same order: `IO.inspect(Map.new(1..40, &{&1, 1}))`
    /// prints 33, 12, 23, 29, ... 18, 16.
    @Test func inspectUsesTheSameOrder() {
        let map = Term.map(Dictionary(uniqueKeysWithValues: (1...40).map { (Term.int($0), Term.int(1)) }))
        #expect(map.inspect(limit: nil).hasPrefix("%{33 => 1, 12 => 1, 23 => 1, 29 => 1, 30 => 1, 39 => 1,"))
        #expect(map.inspect(limit: nil).hasSuffix("19 => 1, 5 => 1, 18 => 1, 16 => 1}"))
    }

    /// Atoms are the documented exception: a map of more than 32 keys holding atoms comes out in
    /// term order, since the BEAM orders them by atom-table indices of its own.
    @Test func atomKeysFallBackToTermOrder() {
        let keys = (1...40).map { Term.atom(Atom("k\($0)")) }
        let map = Dictionary(uniqueKeysWithValues: keys.map { ($0, Term.int(1)) })
        #expect(Term.beamOrder(map).map(\.key) == keys.sorted { Term.exactOrder($0, $1) })
        #expect(BEAMInternalHash.hash(keys[0]) == nil)
        #expect(BEAMInternalHash.hash(.tuple([1, .atom("a")])) == nil)
        #expect(BEAMInternalHash.isKnown(.tuple([1, .string("a")])))
    }

    // MARK: against a live erl

    /// A deterministic generator of keys of every kind whose BEAM hash is known.
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

        mutating func key(depth: Int = 0) -> Term {
            let kinds = depth > 2 ? 6 : 11
            switch below(kinds) {
            case 0: return .int(below(256))
            case 1: return .int(below(2_000_001) - 1_000_000)
            case 2:
                let edges = [Int(1) << 59 - 1, Int(1) << 59, -(Int(1) << 59), -(Int(1) << 59) - 1, Int.max, Int.min]
                return .int(edges[below(edges.count)] &- below(3))
            case 3:
                let big = BigInt(next()) << (64 + below(130)) + BigInt(next())
                return .integer(below(2) == 0 ? big : -big)
            case 4: return .float(Double(bitPattern: next() & 0x7FEF_FFFF_FFFF_FFFF) * (below(2) == 0 ? 1 : -1))
            case 5: return .binary((0..<below(41)).map { _ in UInt8(truncatingIfNeeded: next()) })
            case 6: return .tuple((0..<below(4)).map { _ in key(depth: depth + 1) })
            case 7: return .list((0..<below(12)).map { _ in .int(below(256)) })
            case 8:
                let items = (0..<(1 + below(4))).map { _ in key(depth: depth + 1) }
                return below(2) == 0 ? .list(items) : .improperList(items, tail: .float(1.5))
            case 9:
                let count = below(8) == 0 ? 33 + below(8) : below(4)
                return .map(Dictionary((0..<count).map { _ in (key(depth: depth + 1), key(depth: 3)) }, uniquingKeysWith: { a, _ in a }))
            default: return .string("k\(below(100_000))")
            }
        }

        mutating func value() -> Term {
            below(3) == 0 ? .atom(Atom("v\(below(5))")) : key(depth: 2)
        }
    }

    /// Maps the generator makes, from 33 to a few thousand keys, plus maps whose keys are large
    /// maps themselves (hashed through their trie, full inner nodes as 16-tuples).
    static func generatedMaps() -> [Term] {
        var generator = Generator(state: 2_025)
        var maps: [Term] = []
        for round in 0..<44 {
            let count = round < 40 ? 33 + generator.below(100) : 500 + generator.below(1_000)
            var map: [Term: Term] = [:]
            while map.count < count { map[generator.key()] = generator.value() }
            maps.append(.map(map))
        }
        var ofMaps: [Term: Term] = [:]
        for start in 0..<34 {
            let inner = Dictionary(uniqueKeysWithValues: (0..<(33 + start * 8)).map { (Term.int(start * 1_000 + $0), Term.int($0)) })
            ofMaps[.map(inner)] = .int(start)
        }
        maps.append(.map(ofMaps))
        return maps
    }

    @Test(.enabled(if: ErlOracle.isEnabled, "erl is not installed; the fixed maps above still run"))
    func againstLiveErl() async throws {
        let terms = Self.fixedMaps.map { Term.map($0.map) } + Self.generatedMaps()
        let ours = try terms.map { ExternalTermFormatTests.hex(try ExternalTermFormat.encode($0)) }
        let theirs = try await ErlOracle.reencode(ours)
        #expect(theirs.count == ours.count)
        var differing = 0
        for (index, hex) in ours.enumerated() where index < theirs.count && theirs[index] != hex {
            differing += 1
            if differing <= 3 { Issue.record("map \(index) (\(terms[index].inspect(limit: 5))) differs from erl's bytes") }
        }
        #expect(differing == 0, "\(differing) of \(ours.count) maps differ")
    }

    /// Why atoms cannot be ordered: the same atom keys created in another order in a fresh VM
    /// come out of `term_to_binary/1` in another order.
    @Test(.enabled(if: ErlOracle.isEnabled, "erl is not installed"))
    func atomOrderDependsOnTheVM() async throws {
        func keys(_ order: String) async throws -> String {
            try await ErlOracle.run(
                """
                Ks = [list_to_atom("elixirtour_k" ++ integer_to_list(I)) || I <- \(order)], \
                io:format("~w~n", [maps:keys(maps:from_list([{K, 1} || K <- Ks]))])
                """, input: "")
        }
        #expect(try await keys("lists:seq(1, 40)") != keys("lists:reverse(lists:seq(1, 40))"))
    }
}
