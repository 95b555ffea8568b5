import OTP
#if canImport(Glibc)
@preconcurrency import Glibc   // setvbuf
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

// The finished key-value server, started on a port you can talk to: `nc localhost PORT` in
// another terminal, then CREATE shopping, PUT shopping milk 3, GET shopping milk. It shows a
// short session of its own first, then serves for 20 seconds (`elixirtour run` stops an example
// after 30). `elixirtour observe kv-server` draws the tree and the messages while you type.
//
// The server itself is the capstone exercise's solution, exercises/kv-server/solution.swift,
// compiled with this file (lesson.json's "solutionOf"): `startKV(port:)` comes from there.

/// A client of the server's own, to show the protocol: each line sent and the answer.
func session(_ port: Int, _ lines: [String]) async throws {
    // The listener opens its port just after startKV returns: try a few times.
    var connected: Socket?
    for _ in 1...50 where connected == nil {
        connected = try? await GenTCP.connect("127.0.0.1", port, mode: .binary, packet: .line, active: false, timeout: .seconds(1))
        if connected == nil { try await Process.sleep(.milliseconds(20)) }
    }
    guard let client = connected else { throw TCPError.econnrefused }
    for line in lines {
        try GenTCP.send(client, line + "\n")
        var answer = ""
        while !answer.hasSuffix("OK\n") && !answer.hasSuffix("NOT FOUND\n") && !(answer.hasPrefix("ERROR") && answer.hasSuffix("\n")) {
            answer += String(decoding: GenTCP.bytes(of: try await GenTCP.recv(client, 0, timeout: .seconds(2))) ?? [], as: UTF8.self)
        }
        print("> \(line)")
        for reply in answer.split(separator: "\n", omittingEmptySubsequences: false).dropLast() { print("  \(reply)") }
    }
    await GenTCP.close(client)
}

/// Port 4040 as in Elixir's guide, or one the system picks when 4040 is taken.
func choosePort() async throws -> Int {
    for port in [4040, 0] {
        if let probe = try? await GenTCP.listen(port, reuseAddress: true, ip: "127.0.0.1") {
            let chosen = probe.port
            await GenTCP.close(probe)
            return chosen
        }
    }
    throw TCPError.eaddrinuse
}

// Printed through a pipe, standard output would wait in a buffer until the program ends: print
// each line as it comes, so the port shows before the 20 seconds are up.
setvbuf(stdout, nil, _IOLBF, 0)

try await Runtime.run {
    let port = try await choosePort()
    let root = try await startKV(port: port)
    print("kv server listening on 127.0.0.1:\(port) (the tree's root is \(root))")
    try await session(port, ["CREATE shopping", "PUT shopping milk 3", "GET shopping milk", "GET nowhere milk", "FLY away"])
    print("")
    print("Your turn, for 20 seconds: in another terminal")
    print("  nc localhost \(port)")
    print("and type the same lines. Ctrl-C stops the server.")
    try await Process.sleep(.seconds(20))
    print("20 seconds are up: the server stops.")
}
