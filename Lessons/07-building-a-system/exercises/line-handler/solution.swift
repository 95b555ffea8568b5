import OTP

/// The answer to one line (without its "\n"). Written for you.
func answer(_ line: String) -> String { line.uppercased() }

/// Serves one connection: answers each line with `answer(line) + "\n"`, however the lines are
/// cut into TCP messages, and returns when the client closes the connection.
func serveLines(_ socket: Socket) async throws {
    var buffer: [UInt8] = []
    while true {
        // One message at a time: the next bytes wait in the kernel until we ask.
        try GenTCP.setopts(socket, active: .once)
        switch try await receive(TCPMessage.self) {
        case .tcp(_, let data):
            buffer += GenTCP.bytes(of: data) ?? []
            while let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                try GenTCP.send(socket, answer(String(decoding: line, as: UTF8.self)) + "\n")
            }
        case .tcpClosed:
            return
        case .tcpError(_, let reason):
            throw ProcessExit(reason: .atom(reason))
        case .tcpPassive:
            continue
        }
    }
}
