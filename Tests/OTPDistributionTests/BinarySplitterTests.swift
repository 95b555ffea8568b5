import OTPCore
import OTPTerms
import Testing

@testable import OTPDistribution

/// The receiver keeps the big binaries of a fragmented message apart as its fragments come
/// (`BinarySplitter`), so each becomes the decoded binary without a second copy. What it reads
/// must be exactly what it reads without the split: the same terms, the same errors.
@Suite struct BinarySplitterTests {
    static let both: DistributionFlags = [.distHdrAtomCache, .fragments]
    typealias SplitMix = GlobalNamesTests.SplitMix

    /// A random term with every kind of head the splitter follows, and binaries around the
    /// threshold (16 bytes in these tests) and well above it.
    static func randomTerm(_ rng: inout SplitMix, pids: [Pid], depth: Int = 0) -> Term {
        func binary() -> Term {
            let count = [0, 1, 15, 16, 17, 40, 300, 5_000].randomElement(using: &rng)!
            return .binary((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
        }
        switch Int.random(in: 0..<(depth > 3 ? 9 : 13), using: &rng) {
        case 0: return .atom(["ok", "a_rather_long_atom_name_for_the_cache", "b@host", "", "é"].randomElement(using: &rng)!)
        case 1: return .int(Int.random(in: 0...255, using: &rng))
        case 2: return .int(Int.random(in: Int.min...Int.max, using: &rng))
        case 3:
            // A big integer (SMALL_BIG_EXT of 9 to 12 digit bytes), read from its encoding.
            let digits = (0..<Int.random(in: 9...12, using: &rng)).map { _ in UInt8.random(in: 1...255, using: &rng) }
            return (try? ExternalTermFormat.decode([131, 110, UInt8(digits.count), 1] + digits)) ?? .int(0)
        case 4: return .float(Double.random(in: -1e9...1e9, using: &rng))
        case 5: return .pid(pids.randomElement(using: &rng)!)
        case 6:
            let words = (0..<3).map { _ in UInt32.random(in: 0...UInt32.max, using: &rng) }
            return .ref(Ref(nodeIndex: pids[pids.count - 1].nodeIndex, creation: 9, words: words))
        case 7: return .charlist("charlist")
        case 8: return binary()
        case 9:
            return .tuple((0..<Int.random(in: 0...6, using: &rng)).map { _ in randomTerm(&rng, pids: pids, depth: depth + 1) })
        case 10:
            return .list((0..<Int.random(in: 0...6, using: &rng)).map { _ in randomTerm(&rng, pids: pids, depth: depth + 1) })
        case 11:
            let items = (0..<Int.random(in: 1...3, using: &rng)).map { _ in randomTerm(&rng, pids: pids, depth: depth + 1) }
            return .improperList(items, tail: binary())
        default:
            var map: [Term: Term] = [:]
            for key in 0..<Int.random(in: 0...4, using: &rng) { map[.int(key)] = randomTerm(&rng, pids: pids, depth: depth + 1) }
            return .map(map)
        }
    }

    /// Binaries of at least `threshold` bytes in `term`.
    static func bigBinaries(in term: Term, threshold: Int) -> Int {
        switch term {
        case .binary(let bytes): bytes.count >= threshold ? 1 : 0
        case .tuple(let items), .list(let items): items.reduce(0) { $0 + bigBinaries(in: $1, threshold: threshold) }
        case .improperList(let items, let tail):
            items.reduce(bigBinaries(in: tail, threshold: threshold)) { $0 + bigBinaries(in: $1, threshold: threshold) }
        case .map(let map): map.reduce(0) { $0 + bigBinaries(in: $1.key, threshold: threshold) + bigBinaries(in: $1.value, threshold: threshold) }
        default: 0
        }
    }

    /// 400 random messages, each sent in fragments of 16 to 1,000 bytes (so that heads, lengths
    /// and binaries are cut at every place), read by a receiver that splits binaries of 16 bytes
    /// and more and by one that does not: both read the message sent, and the first kept every
    /// big binary of every joined message apart.
    @Test func randomMessagesReadTheSameSplitOrNot() throws {
        let (nodes, local, remote) = try DistributionHeaderTests.nodes()
        var rng = SplitMix(state: 2026)
        var joined = 0
        for round in 0..<400 {
            let message = Self.randomTerm(&rng, pids: [local, remote])
            let fragmentSize = [16, 17, 19, 23, 64, 100, 1_000].randomElement(using: &rng)!
            var sender = DistributionSender(flags: Self.both, fragmentSize: fragmentSize)
            var split = DistributionReceiver(flags: Self.both, messageLimit: 1 << 20, binaryThreshold: 16)
            var whole = DistributionReceiver(flags: Self.both, messageLimit: 1 << 20, binaryThreshold: .max)
            var bytes: [UInt8] = []
            try sender.append(.send(to: remote), message: message, to: &bytes, nodes: nodes, limit: 1 << 20)
            var readSplit: Term?
            var readWhole: Term?
            for frame in try DistributionHeaderTests.frames(bytes) {
                if let read = try split.receive(frame[...], nodes: nodes) { readSplit = read.message }
                if let read = try whole.receive(frame[...], nodes: nodes) { readWhole = read.message }
            }
            #expect(readSplit == message, "round \(round), fragments of \(fragmentSize)")
            #expect(readWhole == message, "round \(round), fragments of \(fragmentSize)")
            #expect(whole.binariesKeptApart == 0)
            if split.joinedMessages == 1 {
                joined += 1
                #expect(split.binariesKeptApart == Self.bigBinaries(in: message, threshold: 16), "round \(round)")
            }
            #expect(split.bufferedFragmentBytes == 0)
        }
        // Most messages went in fragments.
        #expect(joined > 200)
    }

    /// Fragmented messages with bytes changed at random: the receiver that splits reads what the
    /// one that does not reads, term for term and error for error, frame after frame.
    @Test func damagedFragmentsReadTheSameSplitOrNot() throws {
        let (nodes, local, remote) = try DistributionHeaderTests.nodes()
        var rng = SplitMix(state: 77)
        for round in 0..<600 {
            var bytes: [UInt8] = []
            var sender = DistributionSender(flags: Self.both, fragmentSize: [16, 40, 300].randomElement(using: &rng)!)
            for _ in 0..<3 {
                let message = Self.randomTerm(&rng, pids: [local, remote])
                try sender.append(.send(to: remote), message: message, to: &bytes, nodes: nodes, limit: 1 << 20)
            }
            var bodies = try DistributionHeaderTests.frames(bytes)
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let frame = Int.random(in: 0..<bodies.count, using: &rng)
                guard bodies[frame].count > 2 else { continue }
                // Past the version and tag, so that most damage lands in terms and headers.
                let at = Int.random(in: 2..<bodies[frame].count, using: &rng)
                bodies[frame][at] = UInt8.random(in: 0...255, using: &rng)
            }
            var split = DistributionReceiver(flags: Self.both, messageLimit: 1 << 16, binaryThreshold: 16)
            var whole = DistributionReceiver(flags: Self.both, messageLimit: 1 << 16, binaryThreshold: .max)
            func outcome(_ receiver: inout DistributionReceiver, _ frame: [UInt8]) -> String {
                do {
                    guard let read = try receiver.receive(frame[...], nodes: nodes) else { return "unfinished" }
                    return "\(read.control) \(read.message.map { "\($0)" } ?? "-")"
                } catch { return "error \(error)" }
            }
            for (index, frame) in bodies.enumerated() {
                let a = outcome(&split, frame)
                let b = outcome(&whole, frame)
                #expect(a == b, "round \(round), frame \(index)")
                if a.hasPrefix("error") { break }
            }
        }
    }

    /// A message the decoder reads only through the fun placeholders (an export fun, as
    /// `:global` sends its resolver) after a big binary: read again whole, as a receiver that
    /// keeps nothing apart reads it (the rewrite must not see the terms with the binary left out).
    @Test func aFunAfterABigBinaryIsReadAsAWholeReceiverReadsIt() throws {
        let (nodes, _, _) = try DistributionHeaderTests.nodes()
        func u64(_ n: UInt64) -> [UInt8] { (0..<8).reversed().map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } }
        let contents = (0..<40).map { UInt8($0) }
        // SEND {2, '', <a@host.7.1>} (creation 3), then {<<contents>>, fun global:random_exit_name/3}.
        let control: [UInt8] = [104, 3, 97, 2, 100, 0, 0, 88, 100, 0, 6] + Array("a@host".utf8) + [0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 3]
        let message: [UInt8] =
            [104, 2, 109, 0, 0, 0, 40] + contents + [113, 100, 0, 6] + Array("global".utf8) + [100, 0, 16]
            + Array("random_exit_name".utf8) + [97, 3]
        let data = control + message
        let frames: [[UInt8]] = [
            [131, 69] + u64(4) + u64(2) + [0] + Array(data[..<50]),
            [131, 70] + u64(4) + u64(1) + Array(data[50...]),
        ]
        var split = DistributionReceiver(flags: Self.both, messageLimit: 1 << 16, binaryThreshold: 16)
        var whole = DistributionReceiver(flags: Self.both, messageLimit: 1 << 16, binaryThreshold: .max)
        var readSplit: Term?
        var readWhole: Term?
        for frame in frames {
            if let read = try split.receive(frame[...], nodes: nodes) { readSplit = read.message }
            if let read = try whole.receive(frame[...], nodes: nodes) { readWhole = read.message }
        }
        let expected: Term = .tuple([.binary(contents), .tuple([.atom("fun"), .atom("global"), .atom("random_exit_name"), .int(3)])])
        #expect(readWhole == expected)
        #expect(readSplit == expected)
    }

    /// A binary head that claims more than the limits allow gets no array of that size: its
    /// bytes go to the message as they come, and the limits on bytes received end it.
    @Test func aBinaryLongerThanTheLimitsReservesNothing() throws {
        var assembler = FragmentAssembler(messageLimit: 1_000, binaryThreshold: 16)
        // Two terms: a 4 GiB binary's head, then a 256-byte one's.
        try assembler.start(sequence: 1, fragments: 3, atoms: [], data: [109, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3][...])
        #expect(assembler.reservedBytes <= assembler.totalLimit)
        #expect(assembler.open[1]?.external.isEmpty == true)
        var small = FragmentAssembler(messageLimit: 1_000, binaryThreshold: 16)
        try small.start(sequence: 1, fragments: 3, atoms: [], data: [109, 0, 0, 1, 0, 1, 2, 3][...])
        #expect(small.open[1]?.external.count == 1)
        #expect(small.open[1]?.external.first?.at == 5)
        #expect(small.open[1]?.external.first?.bytes == [1, 2, 3])
        #expect(small.open[1]?.terms == [109, 0, 0, 1, 0])
        #expect(small.reservedBytes >= 256)
        // The rest of its contents, then a small integer after it.
        #expect(try small.continue(sequence: 1, fragment: 2, data: [UInt8](repeating: 9, count: 253)) == nil)
        let joined = try #require(try small.continue(sequence: 1, fragment: 1, data: [97, 42]))
        #expect(joined.terms == [109, 0, 0, 1, 0, 97, 42])
        #expect(joined.external.first?.bytes.count == 256)
        #expect(small.reservedBytes == 0)
        #expect(small.bufferedBytes == 0)
    }

    /// What the splitter does not follow (an old fun's tag) ends the walk: the rest is kept
    /// whole, binaries included.
    @Test func anUnknownTagEndsTheWalk() {
        var splitter = BinarySplitter(threshold: 4)
        var terms: [UInt8] = []
        var external: [(at: Int, bytes: [UInt8])] = []
        splitter.add([104, 2, 117, 0, 109, 0, 0, 0, 8] + [UInt8](repeating: 1, count: 8), terms: &terms, external: &external) { _ in true }
        #expect(splitter.stopped)
        #expect(external.isEmpty)
        #expect(terms.count == 17)
    }
}
