/// The frames of one connection waiting to be written, in order: whole frames back to back in
/// `bytes`, and between them the messages big enough to go in fragments, kept as their encoded
/// terms and cut into fragments only when written (`FragmentedMessage.forEachFrame`). A 1 MiB
/// message is then copied once on its way to the socket (into the channel's buffers), not once
/// more into the queue.
///
/// Threading: a value type owned by one `PeerConnection`, used under its lock.
package struct OutboundQueue {
    /// Whole frames, each with its 4-byte length.
    package var bytes: [UInt8]
    /// Each fragmented message, and how many bytes of `bytes` go before it.
    package private(set) var fragmented: [(offset: Int, message: FragmentedMessage)] = []
    /// Bytes of the fragmented messages' frames, with their length prefixes.
    private var fragmentedBytes = 0

    package init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    /// Bytes of every frame in the queue, with their length prefixes.
    package var count: Int { bytes.count + fragmentedBytes }
    package var isEmpty: Bool { bytes.isEmpty && fragmented.isEmpty }

    /// Queues `message` after the frames in `bytes` so far.
    package mutating func append(_ message: FragmentedMessage) {
        fragmented.append((bytes.count, message))
        fragmentedBytes += message.frameBytes
    }

    /// Every frame in order, as pieces to write one after the other: runs of whole frames, and
    /// for each fragment its head (length, tag, sequence, fragment id, atom header) and its terms.
    package func forEachPiece(_ body: (ArraySlice<UInt8>) -> Void) {
        var offset = 0
        for (at, message) in fragmented {
            if at > offset { body(bytes[offset..<at]) }
            message.forEachFrame(head: { body($0[...]) }, terms: body)
            offset = at
        }
        if bytes.count > offset { body(bytes[offset...]) }
    }

    /// The queue as one run of bytes (for tests and tools that read frames back).
    package func flattened() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        forEachPiece { out.append(contentsOf: $0) }
        return out
    }

    /// Empties the queue, keeping the capacity of `bytes`.
    package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        fragmented.removeAll()
        fragmentedBytes = 0
    }
}

/// A message written in fragments (131, 69 then 131, 70): its terms as encoded, cut into frames
/// of at most `fragmentSize` bytes of terms when written; the first holds the whole control
/// message (the protocol requires it) and the atom cache part of the distribution header. Its
/// big binaries are not in `terms`: each is kept as it is (`external`, with where its contents
/// belong in `terms`), and written from there, as the BEAM writes a reference-counted binary.
///
/// Threading: a value type; safe to share.
package struct FragmentedMessage: Sendable {
    let sequence: UInt64
    /// The distribution header's atom cache references (in the first fragment only).
    let atomHeader: [UInt8]
    let terms: [UInt8]
    let external: [(at: Int, bytes: [UInt8])]
    /// Bytes of terms in the first fragment (at least the control message's).
    let first: Int
    let fragmentSize: Int

    init(sequence: UInt64, atomHeader: [UInt8], terms: [UInt8], external: [(at: Int, bytes: [UInt8])] = [], first: Int, fragmentSize: Int) {
        self.sequence = sequence
        self.atomHeader = atomHeader
        self.terms = terms
        self.external = external
        self.first = first
        self.fragmentSize = fragmentSize
        length = terms.count + external.reduce(0) { $0 + $1.bytes.count }
    }

    /// Bytes of the encoded terms, the external binaries' included.
    let length: Int

    /// How many fragments the message takes.
    var fragments: Int { 1 + (length - first + fragmentSize - 1) / fragmentSize }

    /// Bytes of all its frames with their 4-byte lengths: per frame a length, 131, a tag and two
    /// 8-byte numbers.
    var frameBytes: Int { length + fragments * 22 + atomHeader.count }

    /// The encoded terms in order, as runs of `terms` and the external binaries between them.
    private var segments: [ArraySlice<UInt8>] { ExternalBinaryLayout.runs(terms[...], external) }

    /// Each fragment in order: its head (4-byte length, 131, 69 or 70, the sequence id, the
    /// fragment id counting down to 1, and in the first the atom header), then its terms, in
    /// one piece or more.
    func forEachFrame(head: ([UInt8]) -> Void, terms piece: (ArraySlice<UInt8>) -> Void) {
        let count = fragments
        var segments = self.segments[...]
        var offset = 0
        for index in 0..<count {
            let end = min(length, offset + (index == 0 ? first : fragmentSize))
            var bytes: [UInt8] = []
            bytes.reserveCapacity(22 + (index == 0 ? atomHeader.count : 0))
            let frameLength = 18 + (index == 0 ? atomHeader.count : 0) + (end - offset)
            bytes.appendU32(UInt32(truncatingIfNeeded: frameLength))
            bytes.append(DistributionFrame.version)
            bytes.append(index == 0 ? DistributionReceiver.fragmentStartTag : DistributionReceiver.fragmentContinuationTag)
            bytes.appendU64(sequence)
            bytes.appendU64(UInt64(count - index))
            if index == 0 { bytes.append(contentsOf: atomHeader) }
            head(bytes)
            // This fragment's share of the segments, front first.
            var wanted = end - offset
            while wanted > 0, let segment = segments.first {
                let take = min(wanted, segment.count)
                piece(segment.prefix(take))
                wanted -= take
                segments[segments.startIndex] = segment.dropFirst(take)
                if segments[segments.startIndex].isEmpty { segments = segments.dropFirst() }
            }
            offset = end
        }
    }
}
