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
/// Threading: a value type owned by one connection's event loop.
struct FragmentAssembler {
    struct Sequence {
        /// The message's atom table, read from the start fragment's header.
        var atoms: [Atom]
        var bytes: [UInt8]
        /// The fragment id the next continuation must carry.
        var next: UInt64
    }

    let messageLimit: Int
    let totalLimit: Int
    let sequenceLimit: Int
    private(set) var open: [UInt64: Sequence] = [:]
    private(set) var bufferedBytes = 0
    /// The capacity reserved for the unfinished messages from their fragment counts.
    private(set) var reservedBytes = 0

    init(messageLimit: Int, totalLimit: Int? = nil, sequenceLimit: Int = 256) {
        self.messageLimit = messageLimit
        self.totalLimit = totalLimit ?? messageLimit * 2
        self.sequenceLimit = sequenceLimit
    }

    /// A start fragment whose id is above 1 (a start with id 1 is a whole message, read at once).
    mutating func start(sequence: UInt64, fragments: UInt64, atoms: [Atom], data: ArraySlice<UInt8>) throws(DistributionFrame.Failure) {
        guard fragments > 1 else { throw .badFragment("sequence \(sequence) starts with fragment id \(fragments)") }
        guard open[sequence] == nil else { throw .badFragment("sequence \(sequence) starts again before it ended") }
        guard open.count < sequenceLimit else { throw .badFragment("more than \(sequenceLimit) fragmented messages are unfinished") }
        try account(data.count, sequence: sequence, holding: 0)
        // Room for the whole message, from the count: every fragment as big as the start, plus
        // a little for a start that carried a shorter piece than its continuations.
        let perFragment = UInt64(data.count) + 256
        let wanted = fragments > UInt64(Int.max) / perFragment ? UInt64(Int.max) : fragments * perFragment
        let room = min(Int(clamping: wanted), messageLimit, max(0, totalLimit - reservedBytes))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(room, data.count))
        bytes.append(contentsOf: data)
        reservedBytes += bytes.capacity
        open[sequence] = Sequence(atoms: atoms, bytes: bytes, next: fragments - 1)
    }

    /// A continuation: nil while the message is unfinished, its atom table and bytes once the
    /// last fragment (id 1) has come.
    mutating func `continue`<Bytes: Collection>(sequence: UInt64, fragment: UInt64, data: Bytes) throws(DistributionFrame.Failure) -> (
        atoms: [Atom], bytes: [UInt8]
    )? where Bytes.Element == UInt8 {
        guard var entry = open.removeValue(forKey: sequence) else {
            throw .badFragment("a continuation of sequence \(sequence), which has not started")
        }
        bufferedBytes -= entry.bytes.count
        reservedBytes -= entry.bytes.capacity
        guard fragment == entry.next else {
            throw .badFragment("sequence \(sequence) sent fragment \(fragment) where \(entry.next) was due")
        }
        try account(data.count, sequence: sequence, holding: entry.bytes.count)
        entry.bytes.append(contentsOf: data)
        if fragment == 1 {
            bufferedBytes -= entry.bytes.count
            return (entry.atoms, entry.bytes)
        }
        entry.next = fragment - 1
        reservedBytes += entry.bytes.capacity
        open[sequence] = entry
        return nil
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
