#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a node listens, finds EPMD and watches its connections.
///
/// Threading: a value type; safe to share.
public struct NodeOptions: Sendable {
    /// The address the node listens on: loopback unless told otherwise.
    public var listenHost = "127.0.0.1"
    /// 0 picks a free port (EPMD tells peers which).
    public var listenPort = 0
    /// EPMD's port: `ERL_EPMD_PORT` when set (as Erlang reads it), else 4369.
    public var epmdPort: Int = NodeOptions.environmentEPMDPort ?? 4369
    /// Start an EPMD inside this program when none answers (the default), as `erl` starts one.
    public var startsEmbeddedEPMD = true
    /// A peer that sends nothing (not even a tick) for this long is down (`net_ticktime`).
    public var tickTime: Duration = .seconds(60)
    /// How long a handshake may take before the connection is dropped (`net_setuptime`).
    public var handshakeTimeout: Duration = .seconds(7)
    /// Frames announcing more bytes than this close their connection.
    public var maximumFrameSize = 32 * 1024 * 1024
    /// A hidden node does not join `global`'s fully connected mesh and is listed by
    /// `Node.list(.hidden)` on its peers; a normal node (the default, as `iex --sname`) is a
    /// member of the cluster: peers list it in `Node.list()` and connect to it transitively.
    public var hidden = false

    public init() {}

    static var environmentEPMDPort: Int? {
        guard let text = getenv("ERL_EPMD_PORT"), let port = Int(String(cString: text)), (1...65535).contains(port) else { return nil }
        return port
    }

    /// This machine's short host name (what `erl -sname` puts after the `@`).
    public static var shortHostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let full = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let short = full.split(separator: ".").first.map(String.init) ?? full
        return short.isEmpty ? "localhost" : short
    }
}
