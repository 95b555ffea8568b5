import Testing

@testable import OTPCore

enum Ping: Sendable, Equatable { case ping(Pid), pong(Int) }

@Suite struct MessagingTests {
    @Test func pingPongInDeterministicMode() async throws {
        let rt = Runtime.deterministic(seed: 1)
        let result = try await rt.run {
            let me = selfPid()
            let echo = spawn {
                for i in 0..<3 {
                    let from = try await receive { (m: Ping) -> Pid? in
                        if case .ping(let p) = m { return p } else { return nil }
                    }
                    send(from, Ping.pong(i))
                }
            }
            var got: [Int] = []
            for _ in 0..<3 {
                send(echo, Ping.ping(me))
                got.append(
                    try await receive { (m: Ping) -> Int? in
                        if case .pong(let n) = m { return n } else { return nil }
                    })
            }
            return got
        }
        #expect(result == [0, 1, 2])
    }

    @Test func pingPongOnRealSchedulers() async throws {
        let rt = Runtime(schedulers: 2)
        let total = try await rt.run {
            let me = selfPid()
            let echo = spawn {
                while true {
                    let (from, n) = try await receive { (m: (Pid, Int)) in m }
                    send(from, n + 1)
                }
            }
            var sum = 0
            for i in 0..<1000 {
                send(echo, (me, i))
                sum += try await receive(Int.self)
            }
            return sum
        }
        #expect(total == (0..<1000).reduce(0, +) + 1000)
    }
}
