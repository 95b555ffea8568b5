import OTP

// How a process ends, each observed with a monitor (lesson 2 explains monitors).
func exitReason(_ body: @escaping @Sendable () async throws -> Void) async throws -> Term {
    let (_, ref) = spawnMonitor(body)
    return try await receive { (down: Down) in down.ref == ref ? down.reason : nil }
}

try await Runtime.run {
    print("returns:         \(try await exitReason { })")
    print("exit(:boom):     \(try await exitReason { try Process.exit(.atom("boom")) })")
    print("exit({:bad, 7}): \(try await exitReason { try Process.exit(.tuple(.atom("bad"), 7)) })")

    let sleeper = spawn { try await Process.sleep(.seconds(3600)) }
    let ref = Process.monitor(sleeper)
    Process.exit(sleeper, .kill)

    let reason = try await receive { (down: Down) in down.ref == ref ? down.reason : nil }
    print("killed:          \(reason)")
}
