import OTP

// A connection handler. Finish `serveLines(_:)` at the bottom of this file: take the socket's
// data one message at a time (`active: .once`), answer each whole line with `answer(line)`
// however TCP cuts the lines into messages, and return when the client closes the connection.
// The comment above it says what the tests send.

/// The answer to one line (without its "\n"). Written for you.
func answer(_ line: String) -> String { line.uppercased() }

/// Serves one connection: answers each line the client sends with `answer(line) + "\n"`, and
/// returns (so the process ends with `:normal`) when the client closes the connection.
///
/// The tests hand you a socket you own, in `mode: .binary`, `packet: .raw` and passive
/// (`active: false`), and expect:
/// - data to be taken one message at a time: `active: .once`, asked again after each message;
/// - a line split over several TCP messages (`"hel"`, `"lo wor"`, `"ld\n"`) answered once, when
///   its "\n" has come, and not before;
/// - several lines in one message (`"a\nb\nc"`) answered one by one, the unfinished end kept
///   for the next message;
/// - a "\r" before the "\n" (telnet sends "\r\n") left out of the line;
/// - `{:tcp_closed, socket}` ending the function normally.
///
/// Right now each message is answered as if it were one line, and a closed connection makes the
/// next `setopts` throw.
///
/// TODO: keep the bytes that have come but are not a whole line yet in a buffer; after each
/// `.tcp` message, answer every complete line in the buffer and keep the rest; return on
/// `.tcpClosed`.
///
/// Elixir:
///     defp loop(socket, buffer) do
///       :inet.setopts(socket, active: :once)
///       receive do
///         {:tcp, ^socket, data} ->
///           {lines, rest} = split_lines(buffer <> data)
///           Enum.each(lines, &:gen_tcp.send(socket, answer(&1) <> "\n"))
///           loop(socket, rest)
///         {:tcp_closed, ^socket} -> :ok
///       end
///     end
func serveLines(_ socket: Socket) async throws {
    while true {
        try GenTCP.setopts(socket, active: .once)
        let message = try await receive(TCPMessage.self)
        if case .tcp(_, let data) = message {
            let line = String(decoding: GenTCP.bytes(of: data) ?? [], as: UTF8.self)
            try GenTCP.send(socket, answer(line.trimmingCharacters(in: .newlines)) + "\n")
        }
    }
}
