/// Why a stream of length-prefixed frames was refused. The connection that sent it is closed;
/// nothing else is affected.
///
/// Threading: a value type; safe to share.
package enum FrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A frame announced more bytes than the limit allows.
    case tooLarge(length: Int, limit: Int)

    public var description: String {
        switch self {
        case .tooLarge(let length, let limit): "a frame of \(length) bytes is over the limit of \(limit) bytes"
        }
    }
}

/// Splits a byte stream into frames that each start with a big-endian length: 2 bytes during
/// EPMD requests and the handshake, 4 bytes once connected. A zero-length frame (a tick, after
/// the handshake) comes out as an empty frame. A length over `limit` is an error as soon as the
/// prefix is seen, before any of the body is buffered.
///
/// The buffer is not compacted after every frame: the bytes already returned stay until the next
/// `feed` would outgrow the buffer's capacity, and are dropped then (one move of the unread
/// tail, not a move per frame). A frame announced but not complete has its whole length reserved
/// once (it is within `limit`).
///
/// Threading: a value type, used by one connection's event loop.
package struct FrameDecoder: Sendable {
    public let prefixLength: Int
    public let limit: Int
    private var buffer: [UInt8] = []
    private var start = 0

    public init(prefixLength: Int, limit: Int) {
        precondition(prefixLength == 2 || prefixLength == 4, "frames have a 2- or 4-byte length")
        self.prefixLength = prefixLength
        self.limit = limit
    }

    /// Bytes received but not yet part of a returned frame.
    public var bufferedCount: Int { buffer.count - start }

    /// Bytes still missing from the frame the decoder holds part of (its length prefix first):
    /// 0 when it holds no bytes, or a whole frame `next` has not returned yet.
    public var missingBytes: Int {
        let available = buffer.count - start
        guard available > 0 else { return 0 }
        guard available >= prefixLength else { return prefixLength - available }
        var length = 0
        for i in 0..<prefixLength { length = length << 8 | Int(buffer[start + i]) }
        return max(0, prefixLength + length - available)
    }

    /// Adds bytes from the wire.
    public mutating func feed<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 0 && buffer.count + bytes.count > buffer.capacity {
            // Move the unread bytes down rather than let the buffer grow (and copy them anyway).
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame's body, or nil when more bytes are needed. The body is a view of
    /// the decoder's buffer, not a copy: use it before the next `feed`, or the buffer is copied.
    public mutating func next() throws(FrameError) -> ArraySlice<UInt8>? {
        let available = buffer.count - start
        guard available >= prefixLength else { return nil }
        var length = 0
        for i in 0..<prefixLength { length = length << 8 | Int(buffer[start + i]) }
        guard length <= limit else { throw .tooLarge(length: length, limit: limit) }
        guard available >= prefixLength + length else {
            // The frame's length is known (and within the limit): make room for all of it now,
            // so the reads that bring the rest append without the buffer growing step by step.
            // Bytes already returned are dropped first, and only when the frame would not fit.
            if start + prefixLength + length > buffer.capacity {
                if start > 0 {
                    buffer.removeFirst(start)
                    start = 0
                }
                let needed = prefixLength + length
                if needed > buffer.capacity { buffer.reserveCapacity(max(needed, buffer.capacity * 2)) }
            }
            return nil
        }
        let bodyStart = start + prefixLength
        start = bodyStart + length
        return buffer[bodyStart..<start]
    }

    /// Takes whatever is buffered and was not returned as a frame (used when a connection
    /// switches from 2-byte to 4-byte frames after the handshake).
    public mutating func drain() -> [UInt8] {
        defer {
            buffer.removeAll()
            start = 0
        }
        return Array(buffer[start...])
    }

    /// `body` with its length prefix.
    public static func frame(_ body: [UInt8], prefixLength: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + prefixLength)
        if prefixLength == 2 { out.appendU16(UInt16(truncatingIfNeeded: body.count)) } else { out.appendU32(UInt32(truncatingIfNeeded: body.count)) }
        out.append(contentsOf: body)
        return out
    }
}
