import OTP

// A worker that says when it starts, and crashes when told to.
struct Worker: GenServer {
    typealias State = String
    enum Cast: Sendable { case crash }

    static func initialize(_ name: String) async throws -> InitResult<Self> {
        print("starting \(name)")
        return .ok(name)
    }

    static func handleCast(_ request: Cast, state name: String) async throws -> NoReplyResult<Self> {
        print("\(name) crashes")
        return .stop(.atom("boom"), name)
    }
}

CrashReports.isEnabled = false   // Logger.configure(level: :none)

try await Runtime.run {
    let sup = try await Supervisor.startLink([
        Worker.childSpec("a", id: .atom("a")),
        Worker.childSpec("b", id: .atom("b")),
    ], strategy: .oneForOne).get()

    func pids() async throws -> [Term: Pid] {
        var map: [Term: Pid] = [:]
        for child in try await Supervisor.whichChildren(sup) { map[child.id] = child.pid }
        return map
    }
    let before = try await pids()

    let ref = Process.monitor(before[.atom("b")]!)
    Worker.cast(before[.atom("b")]!, .crash)
    // Wait for b to be gone; b's exit signal reached the supervisor before b's Down reached us,
    // so the next call returns once the supervisor has handled the crash.
    _ = try await receive { (down: Down) in down.ref == ref ? down : nil }

    let after = try await pids()
    print("b is a new process: \(after[.atom("b")] != before[.atom("b")])")
    print("a is the same process: \(after[.atom("a")] == before[.atom("a")])")
}
