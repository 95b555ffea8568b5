/// What the runtime needs from the distribution layer to reach processes of other nodes.
///
/// The distribution module installs an implementation with `Runtime.installRemote(_:)`; without one,
/// messages to remote pids are dropped (as the BEAM drops them when no connection can be made) and
/// links and monitors to them fire at once with `:noconnection`.
///
/// Threading: implementations are called from any scheduler thread and must not block.
package protocol RemoteSignals: AnyObject, Sendable {
    func send(_ message: any Sendable, to pid: Pid, from: Pid?)
    func send(_ message: any Sendable, toName name: Atom, node: Atom, from: Pid?)
    func link(from: Pid, to remote: Pid)
    func unlink(from: Pid, to remote: Pid)
    func exitSignal(from: Pid, to remote: Pid, reason: Term, viaLink: Bool)
    func monitor(_ ref: Ref, watcher: Pid, target remote: Pid)
    func demonitor(_ ref: Ref, watcher: Pid, target remote: Pid)
    /// A local process that a remote process monitors has exited.
    func monitorExit(_ ref: Ref, of pid: Pid, watcher remote: Pid, reason: Term)
    /// The name of the node whose pids and references carry `index` (0 is this node), or nil
    /// when the index was never given out.
    func nodeName(ofIndex index: UInt32) -> Atom?
}
