import OTP

// A server slower than its client, made to be watched with
//   elixirtour run mailbox-pileup --observe
// (press m to sort by mailbox): the producer casts every 5 ms, the server needs 20 ms per cast,
// so the server's mailbox grows by about 150 messages a second for eight seconds.
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
    let producer = spawn {
        for _ in 0..<1_600 {
            Slow.cast(server, .work)
            try await Process.sleep(.milliseconds(5))
        }
    }
    try Process.register(producer, as: "producer")
    try await Process.sleep(.seconds(8))
    let waiting = Process.info(server)?.messageQueueLength ?? 0
    print("after eight seconds the server is behind: \(waiting > 100)")
}
