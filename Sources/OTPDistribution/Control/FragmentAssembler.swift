import OTPCore

/// Joins fragmented distribution messages (`DFLAG_FRAGMENTS`): a message too big for one frame
/// comes as a start fragment (tag 69, with the atom cache header, the control message and the
/// first part of the message) and continuations (tag 70), all with the same sequence id and
/// fragment ids counting down to 1. Fragments of different sequences may interleave.
///
/// Everything a peer could abuse is bounded: the bytes of one message (`messageLimit`), the bytes
/// held for all unfinished messages together (`totalLimit`) and how many may be unfinished at
/// once (`sequenceLimit`). A fragment that breaks a bound or the order is an error, and the
/// connection is closed.
///
/// A start fragment's count sizes the message's buffer once (about the count times the start's
/// bytes), so continuations are appended without the buffer growing and copying itself; the
/// capacity reserved this way is capped by `messageLimit` for one message and by `totalLimit`
/// for all unfinished ones together (`reservedBytes`), so a count the peer inflates cannot make
/// the node hold more than the limits allow. The limits on bytes received are as before.
///
/// The contents of a big binary (`binaryThreshold` bytes or more) are kept apart from the rest
/// of the message as they come (`BinarySplitter`), in an array reserved from the binary's length
/// (within the same limits), which the decoder makes the binary without copying it again.
///
/// Threading: a value type owned by one connection's event loop.
struct FragmentAssembler {
    struct Sequence {
        /// The message's atom table, read from the start fragment's header.
        var atoms: [Atom]
        /// The message's bytes, without the contents of its big binaries.
        var terms: [UInt8] = []
        /// The big binaries, each with the index of `terms` where its contents belong.
        var external: [(at: Int, bytes: [UInt8])] = []
        var splitter: BinarySplitter
        /// Bytes received for the message (terms and binaries).
        var received = 0
        /// The capacity reserved for the big binaries.
        var externalCapacity = 0
        /// The fragment id the next continuation must carry.
        var next: UInt64

        var reserved: Int { terms.capacity + externalCapacity }
    }

    /// A joined message: its atom table, its bytes without its big binaries, and those.
    struct Joined {
        var atoms: [Atom]
        var terms: [UInt8]
        var external: [(at: Int, bytes: [UInt8])]
    }

    let messageLimit: Int
    let totalLimit: Int
    let sequenceLimit: Int
    /// Binaries of this many bytes or more are kept apart (`Int.max`: none).
    let binaryThreshold: Int
    private(set) var open: [UInt64: Sequence] = [:]
    private(set) var bufferedBytes = 0
    /// The capacity reserved for the unfinished messages, from their fragment counts and the
    /// lengths of their big binaries.
    private(set) var reservedBytes = 0

    init(messageLimit: Int, totalLimit: Int? = nil, sequenceLimit: Int = 256, binaryThreshold: Int = 65_536) {
        self.messageLimit = messageLimit
        self.totalLimit = totalLimit ?? messageLimit * 2
        self.sequenceLimit = sequenceLimit
        self.binaryThreshold = binaryThreshold
    }

    /// A start fragment whose id is above 1 (a start with id 1 is a whole message, read at once).
    mutating func start(sequence: UInt64, fragments: UInt64, atoms: [Atom], data: ArraySlice<UInt8>) throws(DistributionFrame.Failure) {
        guard fragments > 1 else { throw .badFragment("sequence \(sequence) starts with fragment id \(fragments)") }
        guard open[sequence] == nil else { throw .badFragment("sequence \(sequence) starts again before it ended") }
        guard open.count < sequenceLimit else { throw .badFragment("more than \(sequenceLimit) fragmented messages are unfinished") }
        try account(data.count, sequence: sequence, holding: 0)
        var entry = Sequence(atoms: atoms, splitter: BinarySplitter(threshold: binaryThreshold), next: fragments - 1)
        entry.terms.reserveCapacity(data.count)
        add(data, to: &entry)
        if entry.external.isEmpty {
            // Room for the whole message, from the count: every fragment as big as the start,
            // plus a little for a start that carried a shorter piece than its continuations.
            let perFragment = UInt64(data.count) + 256
            let wanted = fragments > UInt64(Int.max) / perFragment ? UInt64(Int.max) : fragments * perFragment
            let room = min(Int(clamping: wanted), messageLimit, max(0, totalLimit - reservedBytes))
            if room > entry.terms.capacity { entry.terms.reserveCapacity(room) }
        }
        reservedBytes += entry.reserved
        open[sequence] = entry
    }

    /// A continuation: nil while the message is unfinished, the message once the last fragment
    /// (id 1) has come.
    mutating func `continue`<Bytes: Collection>(sequence: UInt64, fragment: UInt64, data: Bytes) throws(DistributionFrame.Failure) -> Joined?
    where Bytes.Element == UInt8 {
        guard var entry = open.removeValue(forKey: sequence) else {
            throw .badFragment("a continuation of sequence \(sequence), which has not started")
        }
        bufferedBytes -= entry.received
        reservedBytes -= entry.reserved
        guard fragment == entry.next else {
            throw .badFragment("sequence \(sequence) sent fragment \(fragment) where \(entry.next) was due")
        }
        try account(data.count, sequence: sequence, holding: entry.received)
        add(data, to: &entry)
        if fragment == 1 {
            bufferedBytes -= entry.received
            return Joined(atoms: entry.atoms, terms: entry.terms, external: entry.external)
        }
        entry.next = fragment - 1
        reservedBytes += entry.reserved
        open[sequence] = entry
        return nil
    }

    /// Adds bytes `account` has let in to a sequence (which is not in `open` meanwhile): a big
    /// binary gets its array only while the message and all unfinished ones stay in bounds.
    private func add<Bytes: Collection>(_ data: Bytes, to entry: inout Sequence) where Bytes.Element == UInt8 {
        let others = reservedBytes
        let limits = (message: messageLimit, total: totalLimit)
        var externalCapacity = entry.externalCapacity
        let termsCapacity = entry.terms.capacity
        let holding = entry.received
        entry.received += data.count
        entry.splitter.add(data, terms: &entry.terms, external: &entry.external) { count in
            guard count <= limits.message - holding,
                others + termsCapacity + externalCapacity + count <= limits.total
            else { return false }
            externalCapacity += count
            return true
        }
        entry.externalCapacity = externalCapacity
    }

    /// Adds `count` bytes to a sequence holding `holding` (not counted in `bufferedBytes` now).
    private mutating func account(_ count: Int, sequence: UInt64, holding: Int) throws(DistributionFrame.Failure) {
        let message = holding + count
        guard message <= messageLimit else {
            throw .badFragment("sequence \(sequence) grows to \(message) bytes, over the limit of \(messageLimit)")
        }
        guard bufferedBytes + message <= totalLimit else {
            throw .badFragment("unfinished fragmented messages would hold \(bufferedBytes + message) bytes, over \(totalLimit)")
        }
        bufferedBytes += message
    }
}
