import OTPCore
import Testing

@testable import OTPDistribution

/// The receiving side's buffers: the frame decoder, which keeps returned bytes until its buffer
/// would have to grow, and the fragment assembler, which sizes a message's buffer from the
/// fragment count within its limits.
@Suite struct ReceiveBufferTests {
    /// Frames of the given body sizes, each with a 4-byte length, bodies filled with their index.
    private func stream(_ sizes: [Int]) -> (bytes: [UInt8], bodies: [[UInt8]]) {
        var bytes: [UInt8] = []
        var bodies: [[UInt8]] = []
        for (index, size) in sizes.enumerated() {
            let body = (0..<size).map { UInt8(truncatingIfNeeded: index &* 31 &+ $0) }
            bodies.append(body)
            bytes.appendU32(UInt32(size))
            bytes.append(contentsOf: body)
        }
        return (bytes, bodies)
    }

    @Test(arguments: [1, 3, 4, 5, 4096, 65_536, 70_000, 300_000])
    func framesComeOutWholeHoweverTheStreamIsCut(chunk: Int) throws {
        let sizes = [0, 5, 65_536 + 22, 1, 200_000, 0, 4, 65_536 + 22, 131_072, 7, 0]
        let (bytes, bodies) = stream(sizes)
        var decoder = FrameDecoder(prefixLength: 4, limit: 1 << 20)
        var out: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            decoder.feed(bytes[offset..<end])
            offset = end
            while let frame = try decoder.next() { out.append(Array(frame)) }
        }
        #expect(out == bodies)
        #expect(decoder.bufferedCount == 0)
    }

    @Test func aFrameOverTheLimitIsRefusedFromItsPrefix() {
        var decoder = FrameDecoder(prefixLength: 4, limit: 1000)
        decoder.feed([0, 0, 3, 233] as [UInt8])
        #expect(throws: FrameError.tooLarge(length: 1001, limit: 1000)) { try decoder.next() }
    }

    @Test func drainReturnsWhatWasNotAFrame() throws {
        let (bytes, bodies) = stream([3, 10])
        var decoder = FrameDecoder(prefixLength: 4, limit: 100)
        decoder.feed(bytes.dropLast(4))
        #expect(try decoder.next().map(Array.init) == bodies[0])
        #expect(try decoder.next() == nil)
        #expect(decoder.drain() == Array(bytes[7..<(bytes.count - 4)]))
        #expect(decoder.bufferedCount == 0)
    }

    @Test func aFragmentedMessageIsJoinedInOrder() throws {
        var assembler = FragmentAssembler(messageLimit: 1 << 20)
        let parts: [[UInt8]] = [Array(repeating: 1, count: 1000), Array(repeating: 2, count: 1000), Array(repeating: 3, count: 10)]
        try assembler.start(sequence: 9, fragments: 3, atoms: [], data: parts[0][...])
        #expect(try assembler.continue(sequence: 9, fragment: 2, data: parts[1][...]) == nil)
        let whole = try #require(try assembler.continue(sequence: 9, fragment: 1, data: parts[2][...]))
        #expect(whole.terms == parts.flatMap { $0 })
        #expect(whole.external.isEmpty)
        #expect(assembler.bufferedBytes == 0)
        #expect(assembler.reservedBytes == 0)
    }

    @Test func anInflatedFragmentCountReservesNoMoreThanTheLimits() throws {
        let messageLimit = 1 << 20
        var assembler = FragmentAssembler(messageLimit: messageLimit, totalLimit: 2 * messageLimit)
        let piece: [UInt8] = Array(repeating: 5, count: 100)
        // malloc may round a block up; a page is the most it adds.
        let slack = 4096
        try assembler.start(sequence: 1, fragments: .max, atoms: [], data: piece[...])
        #expect(assembler.reservedBytes <= messageLimit + slack)
        for sequence in 2...40 as ClosedRange<UInt64> {
            try assembler.start(sequence: sequence, fragments: 1 << 40, atoms: [], data: piece[...])
        }
        #expect(assembler.reservedBytes <= 2 * messageLimit + 40 * slack)
        // The limits on bytes received are unchanged: 100 bytes each are held.
        #expect(assembler.bufferedBytes == 40 * 100)
        #expect(throws: DistributionFrame.Failure.self) {
            try assembler.continue(sequence: 1, fragment: UInt64.max - 1, data: Array(repeating: 0, count: messageLimit)[...])
        }
    }
}
