import OTP

try await Runtime.run {
    let counter = try await Agent.startLink { 0 }
    try await Agent.update(counter) { $0 + 1 }
    Agent.cast(counter) { $0 * 10 }
    print("agent holds \(try await Agent.get(counter) { $0 })")
    let old = try await Agent.getAndUpdate(counter) { ($0, $0 + 5) }
    print("get_and_update returned \(old), agent now holds \(try await Agent.get(counter) { $0 })")

    // `OTPTask` is Elixir's Task (Swift's own `Task` is something else).
    let task = OTPTask.async { (1...100).reduce(0, +) }
    print("task result: \(try await OTPTask.await(task))")

    let slow = OTPTask<Term>.async {
        try await Process.sleep(.seconds(1))
        return .ok
    }
    print("yield after 10 ms: \(try await OTPTask.yield(slow, timeout: .milliseconds(10)).map { "\($0)" } ?? "nil")")
    print("shutdown: \(try await OTPTask.shutdown(slow).map { "\($0)" } ?? "nil")")

    let results = try await OTPTask.asyncStream([300, 100, 200], maxConcurrency: 2) { ms in
        try await Process.sleep(.milliseconds(ms))
        return ms
    }
    // Each element is .ok(value) or .exit(reason). Like the twin's `fn {:ok, ms} -> ms end`,
    // take the value and let anything else crash this process (not skip it).
    let values = try results.map { outcome in
        guard case .ok(let ms) = outcome else { throw NotOK() }
        return ms
    }
    print("async_stream (ordered): \(values)")
}

struct NotOK: Error {}
