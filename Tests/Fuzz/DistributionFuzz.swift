// libFuzzer entry point for the distribution decoders (built by scripts/fuzz-distribution.sh).
//
// The first byte of an input picks the decoder; the rest is what a peer could send:
// - 0: handshake frames (2-byte lengths) into an acceptor and into an initiator;
// - 1: connected frames (4-byte lengths) into the frame payload decoder; a payload that decodes
//      must re-encode and decode to the same control message and message;
// - 2: EPMD requests into the embedded registrar's state and EPMD answers into the client's parser;
// - 3: connected frames into a receiver that agreed on distribution headers (atom cache and
//      fragments, reassembly capped at 64 KiB, binaries of 8 bytes or more kept apart); it must
//      read every frame as a receiver that keeps none apart does, and a message that decodes
//      must go through a sender with the same flags (16-byte fragments) and a second receiver
//      unchanged.
// Properties: nothing traps, every error comes back as a value.
import OTPCore
import OTPDistribution
import OTPTerms

/// Node names <-> indices over a node table, as a connected node resolves them.
struct FuzzNodes: ETFNodeResolver {
    let table: NodeTable
    func node(at index: UInt32) -> (name: Atom, creation: UInt32)? { table.entry(at: index).map { ($0.name, $0.creation) } }
    func index(ofNode name: Atom, creation: UInt32) -> UInt32? { table.index(of: name, creation: creation) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func distributionFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch data[0] % 4 {
    case 0:
        for role in [Handshake.Role.acceptor, .initiator] {
            var machine = Handshake(role: role, localName: "fuzz@host", creation: 1, cookie: "cookie", challenge: 42)
            _ = machine.start()
            var frames = FrameDecoder(prefixLength: 2, limit: 1024)
            frames.feed(bytes)
            while let frame = try? frames.next() {
                let actions = machine.awaitsAliveAnswer ? (machine.receiveAliveAnswer(frame[...]) ?? []) : machine.receive(frame[...])
                for case .decideStatus in actions { _ = machine.decide(.ok) }
                if machine.isFinished { break }
            }
        }
    case 1:
        let nodes = FuzzNodes(table: NodeTable(localName: "fuzz@host", localCreation: 1, capacity: 64))
        var frames = FrameDecoder(prefixLength: 4, limit: 65_536)
        frames.feed(bytes)
        while let frame = try? frames.next() {
            guard !frame.isEmpty, let decoded = try? DistributionFrame.decode(frame[...], nodes: nodes),
                case .message(let control) = decoded.control
            else { continue }
            guard let encoded = try? DistributionFrame.encode(control, message: decoded.message, nodes: nodes) else {
                fatalError("a decoded control message did not encode: \(control)")
            }
            guard let again = try? DistributionFrame.decode(encoded[...], nodes: nodes),
                again.control == decoded.control, again.message == decoded.message
            else {
                fatalError("a frame changed in a round trip: \(control)")
            }
        }
    case 3:
        let nodes = FuzzNodes(table: NodeTable(localName: "fuzz@host", localCreation: 1, capacity: 64))
        let flags: DistributionFlags = [.distHdrAtomCache, .fragments]
        // Binaries of 8 bytes or more are kept apart as fragments come; `whole` keeps none
        // apart, and must read every frame the same, term for term and error for error.
        var receiver = DistributionReceiver(flags: flags, messageLimit: 65_536, binaryThreshold: 8)
        var whole = DistributionReceiver(flags: flags, messageLimit: 65_536, binaryThreshold: .max)
        var sender = DistributionSender(flags: flags, fragmentSize: 16)
        var again = DistributionReceiver(flags: flags, messageLimit: 1 << 20)
        var frames = FrameDecoder(prefixLength: 4, limit: 65_536)
        frames.feed(bytes)
        while let frame = try? frames.next() {
            guard !frame.isEmpty else { continue }
            let decoded: (control: ControlMessage.Parsed, message: Term?)?
            let unsplit: Result<(control: ControlMessage.Parsed, message: Term?)?, DistributionFrame.Failure>
            do { unsplit = .success(try whole.receive(frame[...], nodes: nodes)) } catch { unsplit = .failure(error) }
            do { decoded = try receiver.receive(frame[...], nodes: nodes) } catch {
                guard case .failure(let other) = unsplit, "\(other)" == "\(error)" else {
                    fatalError("a frame read differently with binaries kept apart: \(error) / \(unsplit)")
                }
                break
            }
            guard case .success(let same) = unsplit, same?.control == decoded?.control, same?.message == decoded?.message else {
                fatalError("a frame read differently with binaries kept apart: \(String(describing: decoded)) / \(unsplit)")
            }
            guard let decoded, case .message(let control) = decoded.control else { continue }
            var queue: [UInt8] = []
            do {
                try sender.append(control, message: decoded.message, to: &queue, nodes: nodes, limit: 1 << 20)
            } catch {
                fatalError("a decoded control message did not encode: \(control)")
            }
            var replay = FrameDecoder(prefixLength: 4, limit: 1 << 20)
            replay.feed(queue)
            var result: (control: ControlMessage.Parsed, message: Term?)?
            while let piece = try? replay.next() {
                guard let read = try? again.receive(piece[...], nodes: nodes) else { continue }
                result = read
            }
            guard let result, result.control == decoded.control, result.message == decoded.message else {
                fatalError("a frame changed going through a sender and a receiver: \(control)")
            }
        }
    default:
        var registry = EPMDRegistry()
        var frames = FrameDecoder(prefixLength: 2, limit: 1024)
        frames.feed(bytes)
        var connection = 0
        while let frame = try? frames.next() {
            connection += 1
            _ = registry.handle(frame[...], connection: connection % 4)
            if connection % 3 == 0 { registry.closed(connection: connection % 4) }
        }
        _ = EPMDResponse.parse(bytes[...])
    }
    return 0
}
