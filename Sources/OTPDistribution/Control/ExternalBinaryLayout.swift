/// Encoded terms whose big binaries are kept apart (each with the index of `terms` where its
/// contents belong, right after its length), laid back in order: the runs of the terms and the
/// binaries between them. The sender cuts fragments from these runs (`FragmentedMessage`); the
/// receiver joins them when a message does not read with its binaries apart
/// (`DistributionFrame.decodeTerms`). An index outside the terms, or before the one before it,
/// is taken as the nearest place that keeps the order (a peer's bytes may say anything).
///
/// Threading: a pure function; call from any thread.
enum ExternalBinaryLayout {
    /// The runs in order, empty runs left out.
    static func runs(_ terms: ArraySlice<UInt8>, _ external: [(at: Int, bytes: [UInt8])]) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        out.reserveCapacity(external.count * 2 + 1)
        var from = terms.startIndex
        for binary in external {
            let at = min(max(binary.at, from), terms.endIndex)
            if at > from { out.append(terms[from..<at]) }
            if !binary.bytes.isEmpty { out.append(binary.bytes[...]) }
            from = at
        }
        if from < terms.endIndex { out.append(terms[from...]) }
        return out
    }
}
