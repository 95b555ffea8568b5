/// A process identifier, printed as Elixir prints it: `#PID<0.42.0>`.
///
/// A pid of this node carries a reference to its process, so sending to it needs no table
/// look-up; a pid of another node carries only the node index (see `NodeTable`). Two pids are
/// equal when they name the same process; a pid stays valid after its process exits (sending to
/// it then does nothing, as on the BEAM).
///
/// Threading: a value type; safe to share between processes and threads.
/// - Elixir: `#PID<0.42.0>` (`self()`, `spawn/1`)
public struct Pid: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 0 for this node, otherwise an index into `NodeTable`.
    public let nodeIndex: UInt32
    public let id: UInt32
    public let serial: UInt32
    public let creation: UInt32
    /// The process behind a pid of this node; nil for remote pids.
    package let process: LocalProcess?

    package init(process: LocalProcess, id: UInt32, serial: UInt32) {
        self.process = process
        self.nodeIndex = 0
        self.id = id
        self.serial = serial
        self.creation = 0
    }

    /// A pid of another node, as decoded from the wire.
    public init(nodeIndex: UInt32, id: UInt32, serial: UInt32, creation: UInt32) {
        self.process = nil
        self.nodeIndex = nodeIndex
        self.id = id
        self.serial = serial
        self.creation = creation
    }

    package init(local: LocalProcess?, nodeIndex: UInt32, id: UInt32, serial: UInt32, creation: UInt32) {
        self.process = local
        self.nodeIndex = nodeIndex
        self.id = id
        self.serial = serial
        self.creation = creation
    }

    public var isLocal: Bool { nodeIndex == 0 }

    public var description: String { "#PID<\(nodeIndex).\(id).\(serial)>" }

    public static func == (lhs: Pid, rhs: Pid) -> Bool {
        lhs.id == rhs.id && lhs.serial == rhs.serial && lhs.nodeIndex == rhs.nodeIndex
            && lhs.creation == rhs.creation
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(serial)
        hasher.combine(nodeIndex)
    }

    /// Pids order by node, then serial, then id, as the BEAM orders them.
    public static func < (lhs: Pid, rhs: Pid) -> Bool {
        (lhs.nodeIndex, lhs.serial, lhs.id, lhs.creation) < (rhs.nodeIndex, rhs.serial, rhs.id, rhs.creation)
    }
}
