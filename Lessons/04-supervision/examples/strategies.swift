import OTP

// Workers that trap exits, so `terminate` runs when their supervisor stops them.
struct Worker: GenServer {
    typealias State = String
    enum Cast: Sendable { case crash }

    static func initialize(_ name: String) async throws -> InitResult<Self> {
        Process.trapExit(true)
        print("  start \(name)")
        return .ok(name)
    }

    static func handleCast(_ request: Cast, state name: String) async throws -> NoReplyResult<Self> {
        .stop(.atom("boom"), name)
    }

    static func terminate(_ reason: Term, state name: String) async throws {
        print("  stop \(name) (\(reason))")
    }
}

CrashReports.isEnabled = false

try await Runtime.run {
    for (label, strategy) in [("one_for_one", Strategy.oneForOne), ("one_for_all", .oneForAll), ("rest_for_one", .restForOne)] {
        print("\(label):")
        let children = ["a", "b", "c"].map { Worker.childSpec($0, id: .string($0)) }
        let sup = try await Supervisor.startLink(children, strategy: strategy).get()
        print("  -- b crashes --")
        let b = try await Supervisor.whichChildren(sup).first { $0.id == "b" }!.pid!
        let ref = Process.monitor(b)
        Worker.cast(b, .crash)
        // Wait for b to be gone, then ask the supervisor something: b's exit signal reached it
        // before b's Down reached us, so by the time it answers it has handled the crash.
        _ = try await receive { (down: Down) in down.ref == ref ? down : nil }
        _ = try await Supervisor.whichChildren(sup)
        print("  -- stopping the supervisor --")
        try await Supervisor.stop(sup)
    }
}
