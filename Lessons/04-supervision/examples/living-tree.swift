import OTP

// A small tree that stays up for ten seconds, made to be watched with
//   elixirtour run living-tree --observe
// :ticker crashes every two seconds and its supervisor brings it back; :store and :clock
// do nothing much. In the observer, select one of them and press k to kill it yourself.
struct Ticker: GenServer {
    typealias State = Int

    static func initialize(_: Void) async throws -> InitResult<Self> {
        _ = Process.sendAfter(selfPid(), .atom("crash"), after: .seconds(2))
        return .ok(0)
    }

    static func handleInfo(_ message: any Sendable, state: Int) async throws -> NoReplyResult<Self> {
        .stop(.atom("tick_crash"), state)
    }
}

struct Idle: GenServer {
    typealias State = Void
    static func initialize(_: Void) async throws -> InitResult<Self> { .ok(()) }
}

CrashReports.isEnabled = false

try await Runtime.run {
    let sup = try await Supervisor.startLink([
        Ticker.childSpec(id: .atom("ticker"), name: "ticker"),
        Idle.childSpec(id: .atom("store"), name: "store"),
        Idle.childSpec(id: .atom("clock"), name: "clock"),
    ], strategy: .oneForOne, maxRestarts: 10, maxSeconds: 5).get()
    print("the tree is up: \(try await Supervisor.whichChildren(sup).count) children")
    try await Process.sleep(.seconds(10))
    print("still up after ten seconds: \(Process.isAlive(sup))")
}
