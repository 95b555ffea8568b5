import OTPCore
import OTPTerms
import Testing

@testable import OTPDistribution

/// Distribution headers: the atom cache (`DFLAG_DIST_HDR_ATOM_CACHE`) and fragmented messages
/// (`DFLAG_FRAGMENTS`), written by `DistributionSender` and read by `DistributionReceiver`, and
/// the malformed headers and fragment sequences a peer could send, each refused as an error.
@Suite struct DistributionHeaderTests {
    static let both: DistributionFlags = [.distHdrAtomCache, .fragments]

    /// This node `a@host` knowing `b@host`, a pid of each.
    static func nodes() throws -> (nodes: WireNodes, local: Pid, remote: Pid) {
        let table = NodeTable(localName: "a@host", localCreation: 3)
        let remoteIndex = try #require(table.index(of: "b@host", creation: 9))
        return (
            WireNodes(table: table, runtime: Runtime.deterministic()),
            Pid(nodeIndex: 0, id: 7, serial: 1, creation: 0),
            Pid(nodeIndex: remoteIndex, id: 40, serial: 2, creation: 9)
        )
    }

    /// The frame bodies in `bytes` (4-byte lengths).
    static func frames(_ bytes: [UInt8]) throws -> [[UInt8]] {
        var decoder = FrameDecoder(prefixLength: 4, limit: 1 << 26)
        decoder.feed(bytes)
        var out: [[UInt8]] = []
        while let frame = try decoder.next() { out.append(Array(frame)) }
        return out
    }

    /// What a receiver reads from every frame of `bytes`, fragments that finish nothing left out.
    private func read(
        _ bytes: [UInt8], _ receiver: inout DistributionReceiver, nodes: WireNodes
    ) throws -> [(ControlMessage.Parsed, Term?)] {
        var out: [(ControlMessage.Parsed, Term?)] = []
        for frame in try Self.frames(bytes) {
            if let read = try receiver.receive(frame[...], nodes: nodes) { out.append((read.control, read.message)) }
        }
        return out
    }

    @Test func anAtomCrossesTheConnectionOnceWhileItKeepsItsSlot() throws {
        let (nodes, local, remote) = try Self.nodes()
        var sender = DistributionSender(flags: Self.both)
        var receiver = DistributionReceiver(flags: Self.both, messageLimit: 1 << 20)
        let message: Term = .tuple([.atom("temperature_reading"), .atom("kitchen_sensor"), .pid(local), .int(21)])
        var first: [UInt8] = []
        try sender.append(.send(to: remote), message: message, to: &first, nodes: nodes, limit: 1 << 20)
        var second: [UInt8] = []
        try sender.append(.send(to: remote), message: message, to: &second, nodes: nodes, limit: 1 << 20)
        // 131, 68 after the length; the atoms' text only in the first frame.
        #expect(Array(first[4..<6]) == [131, 68])
        let text = Array("kitchen_sensor".utf8)
        #expect(first.firstRange(of: text) != nil)
        #expect(second.firstRange(of: text) == nil)
        #expect(second.count < first.count - 30)
        let read = try read(first + second, &receiver, nodes: nodes)
        #expect(read.count == 2)
        for (control, term) in read {
            #expect(control == .message(.send(to: remote)))
            #expect(term == message)
        }
        #expect(receiver.headerFrames == 2)
    }

    @Test func aTermWithMoreDistinctAtomsThanAHeaderHoldsRoundTrips() throws {
        let (nodes, local, remote) = try Self.nodes()
        var sender = DistributionSender(flags: Self.both)
        var receiver = DistributionReceiver(flags: Self.both, messageLimit: 1 << 20)
        // 400 distinct atoms: 255 go by reference (the control's among them), the rest in full;
        // one long enough to need two-byte lengths in the header; a non-ASCII one.
        var atoms: [Term] = (0..<398).map { .atom(Atom("atom_\($0)")) }
        atoms.append(.atom(Atom(String(repeating: "ü", count: 200))))
        atoms.append(.atom("héllo"))
        let message: Term = .list(atoms)
        var bytes: [UInt8] = []
        for _ in 0..<3 {
            try sender.append(.regSend(from: local, toName: "collector"), message: message, to: &bytes, nodes: nodes, limit: 1 << 20)
        }
        let read = try read(bytes, &receiver, nodes: nodes)
        #expect(read.count == 3)
        for (control, term) in read {
            #expect(control == .message(.regSend(from: local, toName: "collector")))
            #expect(term == message)
        }
    }

    @Test func atomsThatShareASlotTakeItInTurn() throws {
        let (nodes, _, remote) = try Self.nodes()
        // Two atoms whose text hashes to the same slot, in one message and then one at a time.
        var seen: [Int: Atom] = [:]
        var pair: (Atom, Atom)?
        for i in 0..<10_000 where pair == nil {
            let atom = Atom("collide_\(i)")
            let slot = OutboundAtomCache.slot(of: atom)
            if let other = seen[slot] { pair = (other, atom) } else { seen[slot] = atom }
        }
        let (a, b) = try #require(pair)
        var sender = DistributionSender(flags: Self.both)
        var receiver = DistributionReceiver(flags: Self.both, messageLimit: 1 << 20)
        let messages: [Term] = [.tuple([.atom(a), .atom(b)]), .atom(a), .atom(b), .tuple([.atom(b), .atom(a), .atom(b)])]
        var bytes: [UInt8] = []
        for message in messages { try sender.append(.send(to: remote), message: message, to: &bytes, nodes: nodes, limit: 1 << 20) }
        #expect(try read(bytes, &receiver, nodes: nodes).map(\.1) == messages)
    }

    @Test func aOneMegabyteBinaryGoesInSixtyFourKilobyteFragments() throws {
        let (nodes, _, remote) = try Self.nodes()
        var sender = DistributionSender(flags: Self.both)
        var receiver = DistributionReceiver(flags: Self.both, messageLimit: 4 << 20)
        let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let message: Term = .tuple([.atom("blob"), .binary(payload)])
        var bytes: [UInt8] = []
        try sender.append(.send(to: remote), message: message, to: &bytes, nodes: nodes, limit: 4 << 20)
        let bodies = try Self.frames(bytes)
        #expect(bodies.count == 17)
        #expect(bodies.allSatisfy { $0.count <= 64 * 1024 + 18 + 32 })
        #expect(Array(bodies[0].prefix(2)) == [131, 69])
        #expect(bodies.dropFirst().allSatisfy { $0.prefix(2) == [131, 70] })
        // Fragment ids count down to 1 under one sequence id.
        let ids = bodies.map { body in body[10..<18].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        #expect(ids == (1...17).reversed().map(UInt64.init))
        var results: [Term?] = []
        for (index, body) in bodies.enumerated() {
            let read = try receiver.receive(body[...], nodes: nodes)
            if index < bodies.count - 1 {
                #expect(read == nil)
            } else {
                results.append(read?.message)
            }
        }
        #expect(results == [message])
        #expect(receiver.joinedMessages == 1)
        #expect(receiver.bufferedFragmentBytes == 0)
        #expect(sender.fragmentedMessages == 1)
    }

    /// A header-less frame body: control and message terms without version bytes.
    private func body(_ control: ControlMessage, _ message: Term?, nodes: WireNodes) throws -> [UInt8] {
        var out: [UInt8] = []
        try ExternalTermFormat.append(control.term, to: &out, nodes: nodes)
        if let message { try ExternalTermFormat.append(message, to: &out, nodes: nodes) }
        return out
    }

    private func u64(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        out.appendU64(value)
        return out
    }

    @Test func fragmentsOfTwoSequencesMayInterleave() throws {
        let (nodes, _, remote) = try Self.nodes()
        var receiver = DistributionReceiver(flags: Self.both, messageLimit: 1 << 20)
        let a = try body(.send(to: remote), .binary(Array(repeating: 1, count: 100)), nodes: nodes)
        let b = try body(.send(to: remote), .binary(Array(repeating: 2, count: 100)), nodes: nodes)
        let startA: [UInt8] = [131, 69] + u64(7) + u64(2) + [0] + a[..<60]
        let startB: [UInt8] = [131, 69] + u64(8) + u64(2) + [0] + b[..<50]
        #expect(try receiver.receive(startA[...], nodes: nodes) == nil)
        #expect(try receiver.receive(startB[...], nodes: nodes) == nil)
        let endB: [UInt8] = [131, 70] + u64(8) + u64(1) + b[50...]
        let endA: [UInt8] = [131, 70] + u64(7) + u64(1) + a[60...]
        #expect(try receiver.receive(endB[...], nodes: nodes)?.message == .binary(Array(repeating: 2, count: 100)))
        #expect(try receiver.receive(endA[...], nodes: nodes)?.message == .binary(Array(repeating: 1, count: 100)))
        #expect(receiver.bufferedFragmentBytes == 0)
    }

    @Test func malformedHeadersAreRefused() throws {
        let (nodes, _, remote) = try Self.nodes()
        let send = try body(.send(to: remote), .atom("x"), nodes: nodes)
        func refuses(_ payload: [UInt8], flags: DistributionFlags = Self.both) -> DistributionFrame.Failure? {
            var receiver = DistributionReceiver(flags: flags, messageLimit: 1 << 20)
            do {
                _ = try receiver.receive(payload[...], nodes: nodes)
                return nil
            } catch {
                return error
            }
        }
        // A header on a connection that did not agree on headers.
        #expect(refuses([131, 68, 0] + send, flags: []) == .notPassThrough(131))
        // Only the version byte; an unknown header tag.
        #expect(refuses([131]).map { if case .badHeader = $0 { true } else { false } } == true)
        #expect(refuses([131, 71, 0] + send).map { if case .badHeader = $0 { true } else { false } } == true)
        // A reference to a slot no header filled.
        #expect(refuses([131, 68, 1, 0x00, 5] + send).map { if case .badHeader = $0 { true } else { false } } == true)
        // Truncated: three references announced, one flag byte given.
        #expect(refuses([131, 68, 3, 0x88]).map { if case .badHeader = $0 { true } else { false } } == true)
        // A new atom whose text runs past the frame; one that is not UTF-8.
        #expect(refuses([131, 68, 1, 0x08, 4, 10, 97, 98]).map { if case .badHeader = $0 { true } else { false } } == true)
        #expect(refuses([131, 68, 1, 0x08, 4, 2, 0xC3, 0x28] + send).map { if case .badHeader = $0 { true } else { false } } == true)
        // An ATOM_CACHE_REF beyond the header's one atom.
        let badRef: [UInt8] = [131, 68, 1, 0x08, 4, 1, 120, 104, 1, 82, 5]
        #expect(refuses(badRef).map { if case .badTerm = $0 { true } else { false } } == true)
        // A fragment header cut short.
        #expect(refuses([131, 69, 0, 0, 0]).map { if case .badHeader = $0 { true } else { false } } == true)
    }

    @Test func badFragmentSequencesAreRefused() throws {
        let (nodes, _, remote) = try Self.nodes()
        let data = try body(.send(to: remote), .binary(Array(repeating: 9, count: 900)), nodes: nodes)
        func outcome(_ payloads: [[UInt8]], limit: Int = 1 << 20) -> DistributionFrame.Failure? {
            var receiver = DistributionReceiver(flags: Self.both, messageLimit: limit)
            do {
                for payload in payloads { _ = try receiver.receive(payload[...], nodes: nodes) }
                return nil
            } catch {
                return error
            }
        }
        func isBadFragment(_ failure: DistributionFrame.Failure?) -> Bool {
            if case .badFragment = failure { true } else { false }
        }
        let start3: [UInt8] = [131, 69] + u64(1) + u64(3) + [0] + data[..<300]
        // A continuation of a sequence that never started.
        #expect(isBadFragment(outcome([[131, 70] + u64(5) + u64(1) + data])))
        // Out of order: fragment 1 where 2 was due.
        #expect(isBadFragment(outcome([start3, [131, 70] + u64(1) + u64(1) + data[300...]])))
        // The same sequence started twice; a start with fragment id 0.
        #expect(isBadFragment(outcome([start3, start3])))
        #expect(isBadFragment(outcome([[131, 69] + u64(1) + u64(0) + [0] + data])))
        // A message that grows past the limit, whatever its announced fragment count.
        let huge: [UInt8] = [131, 69] + u64(1) + u64(UInt64.max) + [0] + data[..<600]
        #expect(isBadFragment(outcome([huge, [131, 70] + u64(1) + u64(UInt64.max - 1) + data[600...]], limit: 800)))
        // More unfinished sequences than the assembler keeps.
        let many = (0..<300).map { [131, 69] + u64(UInt64($0)) + u64(2) + [0] + data[..<10] }
        #expect(isBadFragment(outcome(many)))
        // The right order finishes the message.
        let middle: [UInt8] = [131, 70] + u64(1) + u64(2) + data[300..<600]
        let last: [UInt8] = [131, 70] + u64(1) + u64(1) + data[600...]
        #expect(outcome([start3, middle, last]) == nil)
    }

    @Test func aQueueKeepsFramesAndFragmentedMessagesInOrder() throws {
        let (nodes, local, remote) = try Self.nodes()
        var sender = DistributionSender(flags: Self.both, fragmentSize: 1024)
        var queue = OutboundQueue()
        // Small frames before, between and after two messages of several fragments each.
        let big: (Int) -> Term = { n in .tuple([.atom("blob"), .binary((0..<5000).map { UInt8(truncatingIfNeeded: $0 &+ n) })]) }
        // Two big binaries in one message, with small terms before, between and after them.
        let two: Term = .tuple([
            .atom("two"), .binary(Array(repeating: 1, count: 3000)), .int(7), .binary((0..<2500).map { UInt8(truncatingIfNeeded: $0) }), .binary([9, 9]),
        ])
        let messages: [Term] = [.atom("before"), big(1), .atom("between"), big(2), two, big(3), .atom("after")]
        for message in messages { try sender.append(.send(to: remote), message: message, to: &queue, nodes: nodes, limit: 1 << 20) }
        try sender.append(.link(from: local, to: remote), message: nil, to: &queue, nodes: nodes, limit: 1 << 20)
        #expect(queue.fragmented.count == 4)
        // The big binaries stay where they are: the encoded terms hold only what is around them.
        #expect(queue.fragmented.allSatisfy { $0.message.terms.count < 200 })
        let bytes = queue.flattened()
        #expect(bytes.count == queue.count)
        var receiver = DistributionReceiver(flags: Self.both, messageLimit: 1 << 20)
        let read = try read(bytes, &receiver, nodes: nodes)
        #expect(read.map(\.1) == messages + [nil])
        #expect(read.last?.0 == .message(.link(from: local, to: remote)))
        // The pieces a connection writes are the same bytes.
        var pieces: [UInt8] = []
        queue.forEachPiece { pieces.append(contentsOf: $0) }
        #expect(pieces == bytes)
    }

    @Test func framesQueuedBeforeTheHandshakeGetAHeaderWhenOneIsAgreedOn() throws {
        let (nodes, local, remote) = try Self.nodes()
        var sender = DistributionSender()
        var queue: [UInt8] = []
        try sender.append(.send(to: remote), message: .atom("first"), to: &queue, nodes: nodes, limit: 1 << 20)
        try sender.append(.link(from: local, to: remote), message: nil, to: &queue, nodes: nodes, limit: 1 << 20)
        // A frame written by its own encoder (as global's messages are), pass-through.
        sender.appendPassThrough(
            { bytes in
                if let frame = try? DistributionFrame.encodeFramed(.regSend(from: local, toName: "kv"), message: .int(3), nodes: nodes) {
                    bytes.append(contentsOf: frame)
                }
            }, to: &queue)
        #expect(try Self.frames(queue).allSatisfy { $0.first == 112 })
        sender.adopt(Self.both, in: &queue)
        // After the handshake, own-encoded frames are rewritten at once.
        sender.appendPassThrough(
            { bytes in
                if let frame = try? DistributionFrame.encodeFramed(.send(to: remote), message: .atom("last"), nodes: nodes) {
                    bytes.append(contentsOf: frame)
                }
            }, to: &queue)
        #expect(try Self.frames(queue).allSatisfy { $0.prefix(2) == [131, 68] })
        var receiver = DistributionReceiver(flags: Self.both, messageLimit: 1 << 20)
        let read = try read(queue, &receiver, nodes: nodes)
        #expect(
            read.map(\.0) == [
                .message(.send(to: remote)), .message(.link(from: local, to: remote)), .message(.regSend(from: local, toName: "kv")),
                .message(.send(to: remote)),
            ])
        #expect(read.map(\.1) == [.atom("first"), nil, .int(3), .atom("last")])
    }

    @Test func withoutTheFlagsFramesStayPassThrough() throws {
        let (nodes, _, remote) = try Self.nodes()
        var sender = DistributionSender()
        var queue: [UInt8] = []
        try sender.append(.send(to: remote), message: .atom("first"), to: &queue, nodes: nodes, limit: 1 << 20)
        sender.adopt([], in: &queue)
        try sender.append(.send(to: remote), message: .binary(Array(repeating: 0, count: 200_000)), to: &queue, nodes: nodes, limit: 1 << 20)
        let bodies = try Self.frames(queue)
        #expect(bodies.count == 2 && bodies.allSatisfy { $0.first == 112 })
        #expect(try DistributionFrame.decode(bodies[1][...], nodes: nodes).message == .binary(Array(repeating: 0, count: 200_000)))
    }
}
