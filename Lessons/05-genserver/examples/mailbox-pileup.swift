import OTP

// A server slower than its client, made to be watched with
//   elixirtour run mailbox-pileup --observe
// (press m to sort by mailbox): the producer casts 200 requests at the start of each second, the
// server needs 20 ms per cast (50 a second), so its mailbox grows by about 150 messages a second
// for eight seconds. The producer reads the server's mailbox right after its last burst.
struct Slow: GenServer {
    typealias State = Int
    enum Cast: Sendable { case work }

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok(0) }

    static func handleCast(_ request: Cast, state done: Int) async throws -> NoReplyResult<Self> {
        try await Process.sleep(.milliseconds(20))
        return .noreply(done + 1)
    }
}

try await Runtime.run {
    let server = try await Slow.startLink((), name: "slow").get()
    let main = selfPid()
    let producer = spawn {
        for second in 1...8 {
            for _ in 0..<200 { Slow.cast(server, .work) }
            if second < 8 { try await Process.sleep(.seconds(1)) }
        }
        send(main, Process.info(server)?.messageQueueLength ?? 0)
    }
    try Process.register(producer, as: "producer")
    let waiting = try await receive(Int.self)
    print("after eight bursts the server is behind: \(waiting > 100)")
}
