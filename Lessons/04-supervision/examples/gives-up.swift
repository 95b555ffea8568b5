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
        Flaky.cast(Atom("flaky"), .crash)
        try await Process.sleep(.milliseconds(50))
    }

    let exit = try await receive(ExitMessage.self, after: .seconds(1)) { $0.pid == sup ? $0 : nil }
    if let exit {
        print("the supervisor gave up: \(exit.reason)")
    } else {
        print("the supervisor is still running")
    }
}
