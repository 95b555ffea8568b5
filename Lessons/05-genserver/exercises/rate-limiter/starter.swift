import OTP

// Finish `RateLimiter`: a count of requests per client, denials answered at once, and a timer
// message that opens each new window. Details and TODO: the comment on `RateLimiter`.

/// How many requests a client may make per window.
struct Limits: Sendable {
    /// Requests allowed per client in one window.
    let limit: Int
    /// How long a window lasts.
    let window: Duration
}

/// The answer to a request.
enum Verdict: Sendable, Equatable {
    case allowed
    case denied
}

/// A rate limiter: each client may make `limit` requests per window.
///
/// Windows are fixed: the first starts when the limiter starts, and every `window` after that
/// all counts go back to zero. The tests start it with
/// `RateLimiter.startLink(Limits(limit: 3, window: .seconds(1)))` and expect:
/// - `RateLimiter.call(pid, .request(client: "ana"))` replies `.allowed` for the first 3
///   requests of "ana" in a window, and `.denied` after that, **at once**: the limiter never
///   makes a caller wait;
/// - each client has its own count;
/// - when a window ends, every client may make 3 requests again.
///
/// Right now every request is allowed.
///
/// TODO:
/// - keep the limits and a count per client in the state (make `State` a struct);
/// - count each allowed request and deny once the client has used its limit;
/// - end the window with a timer: in `initialize`, and again each time a window ends,
///   `Process.sendAfter(selfPid(), .atom("reset"), after: window)`; the timer's message
///   arrives in `handleInfo`, which clears the counts. Never sleep in a callback: a server that
///   sleeps answers nobody meanwhile.
///
/// Elixir:
///     def init(limits) do
///       Process.send_after(self(), :reset, limits.window)
///       {:ok, %{limits: limits, counts: %{}}}
///     end
///     def handle_info(:reset, state) do
///       Process.send_after(self(), :reset, state.limits.window)
///       {:noreply, %{state | counts: %{}}}
///     end
struct RateLimiter: GenServer {
    typealias Argument = Limits
    typealias State = Limits
    enum Call: Sendable { case request(client: String) }
    typealias Reply = Verdict

    static func initialize(_ limits: Limits) async throws -> InitResult<Self> {
        .ok(limits)
    }

    static func handleCall(_ request: Call, from: From, state: Limits) async throws -> CallResult<Self> {
        .reply(.allowed, state)
    }
}
