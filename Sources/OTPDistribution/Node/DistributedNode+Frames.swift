import OTPCore
import OTPTerms

extension DistributedNode {
    /// Handles one frame payload from `connection` (ticks never get here), read by the
    /// connection's `receiver` (pass-through frames, and distribution headers with the atom
    /// cache and fragments when the handshake agreed on them). A fragment that does not finish
    /// its message delivers nothing yet. Throws for a frame that cannot be read; the caller then
    /// closes that connection.
    func received(
        _ payload: ArraySlice<UInt8>, on connection: PeerConnection, batch: inout DeliveryBatch, receiver: inout DistributionReceiver
    ) throws(DistributionFrame.Failure) {
        guard let (parsed, message) = try receiver.receive(payload, nodes: wire) else { return }
        guard case .message(let control) = parsed else { return }
        if case .send(let to) = control, let message {
            batch.add(message, to: to, runtime: runtime)
            return
        }
        // Anything else keeps its place after the messages read before it.
        batch.flush(runtime)
        handle(control, message: message, from: connection)
    }
}
