import OTP

// Messages wait in the mailbox in arrival order; receive picks the first one that matches.
enum Priority: Sendable, Equatable { case low, high }
struct Job: Sendable { let priority: Priority; let n: Int }

/// Takes every job of `priority` already in the mailbox, oldest first, leaving the rest.
func take(_ priority: Priority) async throws -> [Int] {
    var taken: [Int] = []
    // `after: .zero` looks at what is already there and never waits.
    while let n = try await receive(Job.self, after: .zero, { $0.priority == priority ? $0.n : nil }) {
        taken.append(n)
    }
    return taken
}

try await Runtime.run {
    let me = selfPid()
    send(me, Job(priority: .low, n: 1))
    send(me, Job(priority: .low, n: 2))
    send(me, Job(priority: .high, n: 3))
    send(me, Job(priority: .low, n: 4))
    send(me, Job(priority: .high, n: 5))

    print("waiting in the mailbox: \(Process.info(me)!.messageQueueLength)")
    print("high first: \(try await take(.high))")
    print("then low:   \(try await take(.low))")
    print("left over:  \(Process.info(me)!.messageQueueLength)")
}
