import OTPCore

/// Maps a pid's or reference's node index to the node's name and creation and back, for the
/// external term format. The distribution layer supplies one over its node table.
///
/// Threading: implementations must be safe to call from any thread.
public protocol ETFNodeResolver: Sendable {
    /// The name and creation of node `index` (0 is this node), or nil when unknown.
    func node(at index: UInt32) -> (name: Atom, creation: UInt32)?
    /// The index for a node name seen on the wire (this node's name gives 0), or nil to reject.
    func index(ofNode name: Atom, creation: UInt32) -> UInt32?
    /// The pid for a decoded pid; the default makes a pid with no process attached. A resolver
    /// over a live node returns this node's pids with their process (so sending to them works).
    func makePid(nodeIndex: UInt32, id: UInt32, serial: UInt32, creation: UInt32) -> Pid
    /// `index(ofNode:creation:)` for a name that came as ASCII bytes. The default makes the atom
    /// and asks that; a resolver can answer without making a string (every pid in every frame
    /// names its node).
    func index(ofNodeASCII name: ArraySlice<UInt8>, creation: UInt32) -> UInt32?
}

extension ETFNodeResolver {
    public func index(ofNodeASCII name: ArraySlice<UInt8>, creation: UInt32) -> UInt32? {
        index(ofNode: Atom(String(decoding: name, as: UTF8.self)), creation: creation)
    }

    public func makePid(nodeIndex: UInt32, id: UInt32, serial: UInt32, creation: UInt32) -> Pid {
        Pid(nodeIndex: nodeIndex, id: id, serial: serial, creation: creation)
    }
}

/// A node that is not distributed: it is `nonode@nohost` with creation 0, as a plain `erl` is,
/// and it knows no other node.
///
/// Threading: a stateless value; safe to share.
public struct StandaloneNode: ETFNodeResolver {
    public static let name: Atom = "nonode@nohost"

    public init() {}

    public func node(at index: UInt32) -> (name: Atom, creation: UInt32)? {
        index == 0 ? (StandaloneNode.name, 0) : nil
    }

    public func index(ofNode name: Atom, creation: UInt32) -> UInt32? {
        name == StandaloneNode.name ? 0 : nil
    }
}
