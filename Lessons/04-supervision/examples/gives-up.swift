import OTP

// A worker registered as :flaky that crashes when told to.
struct Flaky: GenServer {
    typealias State = Void
    enum Cast: Sendable { case crash }

    static func initialize(_: Void) async throws -> InitResult<Self> {
        print("flaky starts")
        return .ok(())
    }

    static func handleCast(_ request: Cast, state: Void) async throws -> NoReplyResult<Self> {
        .stop(.atom("boom"), state)
    }
}

CrashReports.isEnabled = false

try await Runtime.run {
    Process.trapExit(true)
    let sup = try await Supervisor.startLink(
        [Flaky.childSpec(name: "flaky")], strategy: .oneForOne, maxRestarts: 2, maxSeconds: 5
    ).get()

    for n in 1...3 {
        print("crash \(n)")
        let ref = Process.monitor("flaky")
        Flaky.cast("flaky", .crash)
        _ = try await receive { (down: Down) in down.ref == ref ? down : nil }
        // The supervisor handled the crash before it answers (the worker's exit signal came
        // first); after the third crash it has given up, so there is nobody left to ask.
        if n < 3 { _ = try await Supervisor.whichChildren(sup) }
    }

    let exit = try await receive(ExitMessage.self, after: .seconds(1)) { $0.pid == sup ? $0 : nil }
    if let exit {
        print("the supervisor gave up: \(exit.reason)")
    } else {
        print("the supervisor is still running")
    }
}
