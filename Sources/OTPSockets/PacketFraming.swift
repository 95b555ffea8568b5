import NIOCore

/// The BEAM's `{:packet, type}` framing as pure functions over a buffer, tested without sockets.
///
/// Threading: stateless; safe from any thread.
enum PacketFraming {
    /// Takes the next whole packet from `buffer` (its header stripped), or nil when the buffer
    /// does not hold one yet. Under `.raw` a packet is everything buffered (nil if empty).
    static func next(from buffer: inout ByteBuffer, packet: GenTCP.Packet) -> [UInt8]? {
        switch packet {
        case .raw:
            guard buffer.readableBytes > 0 else { return nil }
            return buffer.readBytes(length: buffer.readableBytes)
        case .line:
            guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            let length = newline - buffer.readerIndex + 1
            return buffer.readBytes(length: length)
        case .length(let width):
            guard buffer.readableBytes >= width else { return nil }
            var length = 0
            for i in 0..<width {
                length = length << 8 | Int(buffer.getInteger(at: buffer.readerIndex + i, as: UInt8.self)!)
            }
            guard buffer.readableBytes >= width + length else { return nil }
            buffer.moveReaderIndex(forwardBy: width)
            return buffer.readBytes(length: length)
        }
    }

    /// Exactly `count` bytes from a raw stream (`recv(socket, count)`), or nil if fewer are
    /// buffered.
    static func exactly(_ count: Int, from buffer: inout ByteBuffer) -> [UInt8]? {
        guard buffer.readableBytes >= count else { return nil }
        return buffer.readBytes(length: count)
    }

    /// The bytes `send` writes for `payload`: under `1`, `2` or `4` the length header first. Nil
    /// when the payload does not fit the header's width.
    static func frame(_ payload: [UInt8], packet: GenTCP.Packet) -> [UInt8]? {
        guard case .length(let width) = packet else { return payload }
        guard width == 4 || payload.count < 1 << (8 * width), payload.count <= Int(UInt32.max) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(width + payload.count)
        for i in stride(from: width - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: payload.count >> (8 * i))) }
        out.append(contentsOf: payload)
        return out
    }
}
