import OTP

/// A counter that lives in a GenServer.
///
/// The tests start it with `Counter.startLink(5)` and expect:
/// - `Counter.call(pid, .get)` replies the count; it starts at the number given to `startLink`;
/// - `Counter.call(pid, .increment)` adds 1 and replies the new count;
/// - `Counter.cast(pid, .add(n))` adds `n` (which may be negative), and replies nothing;
/// - `Counter.cast(pid, .reset)` sets the count back to the number it started at (not to 0);
/// - a plain message, the atom `:tick` sent with `send` (as a `Term`), adds 1;
/// - `Counter.call(pid, .close)` replies the final count and stops the server normally.
///
/// Right now `initialize` ignores the starting number, every call replies the count and changes
/// nothing, and `.close` does not stop anything. There is no `handleCast` or `handleInfo` yet: the
/// defaults stop the server at the first cast and log and ignore plain messages. (The default
/// `handleCast` raises "attempted to cast GenServer … but no handle_cast/2 clause was provided", as
/// the `handle_cast/2` that `use GenServer` writes in Elixir 1.14 does: the server exits with
/// `{%RuntimeError{…}, stacktrace}`.)
///
/// TODO:
/// - start at the given number, and keep that number too, for `.reset` (change `State` to a
///   struct holding both);
/// - in `handleCall`: `.increment` replies the new count; `.close` replies and stops
///   (`.stopAndReply(.normal, reply, state)`);
/// - write `handleCast(_:state:)` for `.add` and `.reset`, and `handleInfo(_:state:)` for `:tick`
///   (the message arrives as `any Sendable`: `message as? Term == .atom("tick")`).
///
/// Elixir:
///     def init(start), do: {:ok, %{start: start, count: start}}
///     def handle_call(:increment, _from, s), do: {:reply, s.count + 1, %{s | count: s.count + 1}}
///     def handle_call(:close, _from, s), do: {:stop, :normal, s.count, s}
///     def handle_cast({:add, n}, s), do: {:noreply, %{s | count: s.count + n}}
///     def handle_info(:tick, s), do: {:noreply, %{s | count: s.count + 1}}
struct Counter: GenServer {
    typealias Argument = Int
    typealias State = Int
    enum Call: Sendable { case get, increment, close }
    typealias Reply = Int
    enum Cast: Sendable { case add(Int), reset }

    static func initialize(_ start: Int) async throws -> InitResult<Self> {
        .ok(0)
    }

    static func handleCall(_ request: Call, from: From, state count: Int) async throws -> CallResult<Self> {
        .reply(count, count)
    }
}
