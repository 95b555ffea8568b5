/// The capability flags two nodes exchange in the handshake (the `DFLAG_*` constants of the
/// Erlang distribution protocol).
///
/// Threading: a value type; safe to share.
package struct DistributionFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let published = DistributionFlags(rawValue: 0x1)
    public static let atomCache = DistributionFlags(rawValue: 0x2)
    public static let extendedReferences = DistributionFlags(rawValue: 0x4)
    public static let distMonitor = DistributionFlags(rawValue: 0x8)
    public static let funTags = DistributionFlags(rawValue: 0x10)
    public static let distMonitorName = DistributionFlags(rawValue: 0x20)
    public static let hiddenAtomCache = DistributionFlags(rawValue: 0x40)
    public static let newFunTags = DistributionFlags(rawValue: 0x80)
    public static let extendedPidsPorts = DistributionFlags(rawValue: 0x100)
    public static let exportPtrTag = DistributionFlags(rawValue: 0x200)
    public static let bitBinaries = DistributionFlags(rawValue: 0x400)
    public static let newFloats = DistributionFlags(rawValue: 0x800)
    public static let unicodeIO = DistributionFlags(rawValue: 0x1000)
    public static let distHdrAtomCache = DistributionFlags(rawValue: 0x2000)
    public static let smallAtomTags = DistributionFlags(rawValue: 0x4000)
    public static let utf8Atoms = DistributionFlags(rawValue: 0x10000)
    public static let mapTag = DistributionFlags(rawValue: 0x20000)
    public static let bigCreation = DistributionFlags(rawValue: 0x40000)
    public static let sendSender = DistributionFlags(rawValue: 0x80000)
    public static let bigSeqTraceLabels = DistributionFlags(rawValue: 0x100000)
    public static let exitPayload = DistributionFlags(rawValue: 0x400000)
    public static let fragments = DistributionFlags(rawValue: 0x800000)
    public static let handshake23 = DistributionFlags(rawValue: 0x1000000)
    public static let unlinkID = DistributionFlags(rawValue: 0x2000000)
    public static let spawn = DistributionFlags(rawValue: 1 << 32)
    public static let nameMe = DistributionFlags(rawValue: 1 << 33)
    public static let v4NC = DistributionFlags(rawValue: 1 << 34)
    public static let alias = DistributionFlags(rawValue: 1 << 35)

    /// The flags OTP 25 refuses to connect without (`DFLAG_DIST_MANDATORY`).
    public static let mandatory25: DistributionFlags = [
        .extendedReferences, .funTags, .newFunTags, .extendedPidsPorts, .exportPtrTag, .bitBinaries,
        .newFloats, .utf8Atoms, .mapTag, .bigCreation, .handshake23,
    ]

    /// What a Swift node offers: the mandatory set plus process monitors (of pids and of names),
    /// so that a BEAM peer sends MONITOR_P instead of only noticing the connection drop, remote
    /// spawn, so that `Node.spawn/4` from Elixir reaches the registered Swift functions, and the
    /// distribution header with its atom cache and fragments, as a BEAM node offers them (then
    /// every frame, both ways, has a header: see `DistributionSender` and `DistributionReceiver`).
    /// Without `published` the node is hidden, which keeps `global` from syncing with it.
    public static let swiftNode: DistributionFlags = mandatory25.union([
        .distMonitor, .distMonitorName, .spawn, .distHdrAtomCache, .fragments,
    ])

    /// What a node offers: `swiftNode`, plus `published` for a visible (normal) node, which
    /// then joins `global`'s fully connected mesh as `erl -sname` does.
    public static func swiftNode(hidden: Bool) -> DistributionFlags {
        hidden ? swiftNode : swiftNode.union(.published)
    }
}
