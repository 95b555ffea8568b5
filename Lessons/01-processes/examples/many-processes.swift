import OTP

// Spawn 100,000 processes; each sends back its own number squared.
try await Runtime.run {
    let parent = selfPid()
    let count = 100_000

    for n in 1...count {
        spawn { send(parent, n * n) }   // a message can be any Sendable value: here an Int
    }

    var sum = 0
    for _ in 1...count {
        sum += try await receive(Int.self)
    }

    print("spawned \(count) processes")
    print("sum of their replies: \(sum)")
    print("expected:             \(count * (count + 1) * (2 * count + 1) / 6)")
}
