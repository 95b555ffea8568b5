import OTPCore
import OTPTerms

/// Writes the frames of one connection: pass-through frames (112) until the handshake has agreed
/// on distribution headers, then, as the BEAM does, every frame with a header (131, 68) whose
/// atom cache references stand for the message's atoms (each atom's text crosses the connection
/// once while it keeps its cache slot) and, with `DFLAG_FRAGMENTS`, a message of more than
/// `fragmentSize` bytes split into fragments (131, 69 then 131, 70) of at most that many bytes
/// of terms each, the BEAM's default of 64 KiB.
///
/// The fragments of one message are written back to back, so fragments of different messages
/// never interleave on a Swift node's connections (the protocol allows it; the BEAM reads either).
/// A fragmented message is queued as its encoded terms (`OutboundQueue`), cut into fragments
/// only as it is written.
///
/// Frames queued before the handshake ends are written pass-through, with their boundaries kept
/// (`pendingFrames`), and rewritten with a header by `adopt(_:in:)` if the handshake agrees on
/// one: a BEAM that agreed on headers refuses a pass-through frame.
///
/// Threading: a value type owned by one `PeerConnection`, used under its lock.
package struct DistributionSender {
    /// Why a frame was not queued (nothing was, and the atom cache is as it was).
    package enum Failure: Error, Sendable, CustomStringConvertible {
        case encoding(ETFError)
        case tooLarge(bytes: Int, limit: Int)

        package var description: String {
            switch self {
            case .encoding(let error): "cannot encode a message for another node: \(error)"
            case .tooLarge(let bytes, let limit): "a message of \(bytes) bytes is over the frame limit of \(limit) bytes; dropped"
            }
        }
    }

    /// The largest terms buffer kept between frames: room for a 1 MiB binary and its terms, so a
    /// run of big messages reuses one buffer instead of allocating (and faulting in) one each.
    static let keptScratch = 4 << 20

    /// The BEAM's fragment size (`ERTS_DIST_FRAGMENT_SIZE`, 64 KiB in a release build).
    package static let defaultFragmentSize = 64 * 1024

    /// Whether frames carry a distribution header (`DFLAG_DIST_HDR_ATOM_CACHE` or
    /// `DFLAG_FRAGMENTS` agreed on); false until the handshake ends.
    package private(set) var usesHeader = false
    /// Whether atoms go through the atom cache (`DFLAG_DIST_HDR_ATOM_CACHE`).
    package private(set) var usesAtomCache = false
    /// Whether big messages are fragmented (`DFLAG_FRAGMENTS`).
    package private(set) var fragments = false
    package var fragmentSize: Int
    /// Frames written in fragments, and fragments written.
    package private(set) var fragmentedMessages = 0
    private var atoms = OutboundAtomCache()
    private var references = ETFAtomReferences()
    private var nextSequence: UInt64 = 1
    /// The terms of the frame being written (kept between frames for its capacity).
    private var scratch: [UInt8] = []
    /// While pending: where each queued frame starts, and where its message's version byte is.
    private var pendingFrames: [(start: Int, message: Int?)] = []
    private var recordsPending = true

    package init(fragmentSize: Int = DistributionSender.defaultFragmentSize) {
        self.fragmentSize = max(fragmentSize, 16)
    }

    /// A sender that uses what `flags` (the flags both sides agreed on) allow from the start.
    package init(flags: DistributionFlags, fragmentSize: Int = DistributionSender.defaultFragmentSize) {
        self.init(fragmentSize: fragmentSize)
        set(flags)
    }

    private mutating func set(_ flags: DistributionFlags) {
        recordsPending = false
        pendingFrames = []
        usesAtomCache = flags.contains(.distHdrAtomCache)
        fragments = flags.contains(.fragments)
        usesHeader = usesAtomCache || fragments
    }

    /// Appends the frame(s) for a control message and its message, each with its 4-byte length,
    /// to `bytes`, fragments laid out in place (for tests and tools; connections queue with
    /// `append(_:message:to:nodes:limit:)` on an `OutboundQueue`). On a throw, `bytes` and the
    /// sender are as they were.
    package mutating func append(
        _ control: ControlMessage, message: Term?, to bytes: inout [UInt8], nodes: any ETFNodeResolver, limit: Int
    ) throws(Failure) {
        var queue = OutboundQueue()
        swap(&queue.bytes, &bytes)
        defer {
            if queue.fragmented.isEmpty { swap(&queue.bytes, &bytes) } else { bytes = queue.flattened() }
        }
        try append(control, message: message, to: &queue, nodes: nodes, limit: limit)
    }

    /// Queues the frame(s) for a control message and its message. A message of more than one
    /// fragment is queued as its encoded terms, to be cut into fragments when written. On a throw,
    /// `queue` and the sender are as they were.
    package mutating func append(
        _ control: ControlMessage, message: Term?, to queue: inout OutboundQueue, nodes: any ETFNodeResolver, limit: Int
    ) throws(Failure) {
        guard usesHeader else {
            // 112, then each term with its version byte; the message's place is kept while pending.
            let start = beginFrame(&queue.bytes)
            queue.bytes.append(contentsOf: [DistributionFrame.passThrough, DistributionFrame.version])
            var messageAt: Int?
            do {
                try DistributionFrame.appendControl(control, to: &queue.bytes, nodes: nodes)
                if let message {
                    messageAt = queue.bytes.count
                    queue.bytes.append(DistributionFrame.version)
                    try ExternalTermFormat.append(message, to: &queue.bytes, nodes: nodes)
                }
            } catch {
                queue.bytes.removeLast(queue.bytes.count - start)
                throw .encoding(error)
            }
            let length = queue.bytes.count - start - 4
            guard length <= limit else {
                queue.bytes.removeLast(length + 4)
                throw .tooLarge(bytes: length, limit: limit)
            }
            endFrame(&queue.bytes, start: start)
            if recordsPending { pendingFrames.append((start, messageAt)) }
            return
        }
        // The terms first (their atoms decide the header), then the header and the frames.
        scratch.removeAll(keepingCapacity: true)
        // The reference table moves into the optional the encoder fills (no copy), and back.
        var refs: ETFAtomReferences?
        if usesAtomCache {
            references.removeAll()
            refs = references
            references = ETFAtomReferences()
        }
        let controlLength: Int
        // With fragments, a binary of a fragment's size or more is left where it is: the
        // fragments are cut from the terms and it together as they are written.
        var external: [(at: Int, bytes: [UInt8])] = []
        do {
            try DistributionFrame.appendControl(control, to: &scratch, nodes: nodes, atomRefs: &refs)
            controlLength = scratch.count
            if let message {
                try ExternalTermFormat.append(
                    message, to: &scratch, nodes: nodes, atomRefs: &refs, external: &external, threshold: fragments ? fragmentSize : .max)
            }
        } catch {
            if let refs { references = refs }
            throw .encoding(error)
        }
        if let refs { references = refs }
        let length = scratch.count + external.reduce(0) { $0 + $1.bytes.count }
        guard length <= limit else { throw .tooLarge(bytes: length, limit: limit) }
        let table = usesAtomCache ? references.atoms : []
        // A big message's buffer is not kept for the connection's lifetime.
        defer { if scratch.capacity > Self.keptScratch { scratch = [] } }
        if !fragments || length <= fragmentSize {
            let start = beginFrame(&queue.bytes)
            queue.bytes.append(contentsOf: [DistributionFrame.version, DistributionReceiver.headerTag])
            atoms.append(table, to: &queue.bytes)
            queue.bytes.append(contentsOf: scratch)
            endFrame(&queue.bytes, start: start)
            return
        }
        // The queue takes the terms around the big binaries (those stay where they are), and
        // `scratch` keeps its capacity for the next message.
        var header: [UInt8] = []
        atoms.append(table, to: &header)
        queue.append(
            FragmentedMessage(
                sequence: nextSequence, atomHeader: header, terms: Array(scratch), external: external, first: max(fragmentSize, controlLength),
                fragmentSize: fragmentSize))
        nextSequence &+= 1
        fragmentedMessages += 1
    }

    private func beginFrame(_ bytes: inout [UInt8]) -> Int {
        let start = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0] as [UInt8])
        return start
    }

    private func endFrame(_ bytes: inout [UInt8], start: Int) {
        let length = UInt32(truncatingIfNeeded: bytes.count - start - 4)
        bytes[start] = UInt8(truncatingIfNeeded: length >> 24)
        bytes[start + 1] = UInt8(truncatingIfNeeded: length >> 16)
        bytes[start + 2] = UInt8(truncatingIfNeeded: length >> 8)
        bytes[start + 3] = UInt8(truncatingIfNeeded: length)
    }

    /// Appends one pass-through frame that `write` encodes itself (a message with its own term
    /// writer, such as global's with funs): recorded like the sender's own while pending, and
    /// rewritten with a header (no atom cache references) when the connection uses headers.
    /// `write` must append exactly one whole frame, or nothing.
    package mutating func appendPassThrough(_ write: (inout [UInt8]) -> Void, to bytes: inout [UInt8]) {
        let start = bytes.count
        write(&bytes)
        guard bytes.count >= start + 6, bytes[start + 4] == DistributionFrame.passThrough else { return }
        let controlAt = start + 5
        guard let control = try? ExternalTermFormat.decodePrefix(bytes[controlAt...], nodes: AnyNode()) else { return }
        let messageAt = controlAt + control.used < bytes.count ? controlAt + control.used : nil
        if recordsPending { pendingFrames.append((start, messageAt)) }
        guard usesHeader else { return }
        var frame: [UInt8] = []
        frame.reserveCapacity(bytes.count - start + 2)
        let frameStart = beginFrame(&frame)
        frame.append(contentsOf: [DistributionFrame.version, DistributionReceiver.headerTag, 0])
        if let messageAt {
            frame.append(contentsOf: bytes[(controlAt + 1)..<messageAt])
            frame.append(contentsOf: bytes[(messageAt + 1)...])
        } else {
            frame.append(contentsOf: bytes[(controlAt + 1)...])
        }
        endFrame(&frame, start: frameStart)
        bytes.removeLast(bytes.count - start)
        bytes.append(contentsOf: frame)
    }

    /// Forgets the last frame queued while pending (the queue was over its limit and dropped it).
    package mutating func dropLastPending() { _ = pendingFrames.popLast() }

    /// The handshake ended with `flags` agreed on: from now on frames follow them, and the frames
    /// queued while pending, in `queue`, are rewritten with a header when one was agreed on.
    package mutating func adopt(_ flags: DistributionFlags, in queue: inout [UInt8]) {
        let frames = pendingFrames
        set(flags)
        guard usesHeader, !frames.isEmpty else { return }
        var out: [UInt8] = []
        out.reserveCapacity(queue.count + frames.count * 2)
        for (index, frame) in frames.enumerated() {
            let end = index + 1 < frames.count ? frames[index + 1].start : queue.count
            let start = beginFrame(&out)
            // 131, 68 and no atom cache references, then the terms without their version bytes.
            out.append(contentsOf: [DistributionFrame.version, DistributionReceiver.headerTag, 0])
            let control = frame.start + 6
            if let message = frame.message {
                out.append(contentsOf: queue[control..<message])
                out.append(contentsOf: queue[(message + 1)..<end])
            } else {
                out.append(contentsOf: queue[control..<end])
            }
            endFrame(&out, start: start)
        }
        queue = out
    }
}

/// A resolver that takes any node name (as index 0): for measuring a control term's length.
private struct AnyNode: ETFNodeResolver {
    func node(at index: UInt32) -> (name: Atom, creation: UInt32)? { nil }
    func index(ofNode name: Atom, creation: UInt32) -> UInt32? { 0 }
}
