import OTP

/// Asks the process registered as `name` on `node` a question and returns its answer, or why
/// there is none, the way `GenServer.call` does it across nodes.
///
/// The processes of the tests' cluster answer `{:ask, from, ref, message}` by sending `from` the
/// message `{ref, answer}` (an echo answers with the message itself). Some answer late, some
/// names have nobody behind them, and some nodes do not exist. `ask` returns:
/// - `{:ok, answer}` when the answer tagged with **this request's** ref comes within `timeout`
///   (a late answer to an earlier request must not be taken for it);
/// - `{:error, :noproc}` when nobody is registered as `name` on `node`;
/// - `{:error, :noconnection}` when `node` cannot be reached;
/// - `{:error, :timeout}` when nothing came within `timeout`.
///
/// Those two errors come from a monitor: `Node.monitor(name:on:)` watches `{name, node}` and
/// delivers a `Down` for that ref, at once, with the reason `:noproc` or `:noconnection` when
/// there is nothing to watch. Use its ref to tag the request, too.
///
/// Right now it sends the question untagged and takes any answer that comes within `timeout`.
///
/// TODO:
/// - monitor `{name, node}` and send `{:ask, self, ref, message}` with that ref;
/// - wait, up to `timeout`, for `{ref, answer}` or the monitor's `Down`;
/// - whatever happens, leave no monitor behind (`Node.demonitor(name: ref)`) and no `Down` of
///   it in the mailbox.
///
/// Elixir:
///     ref = Process.monitor({name, node})
///     send({name, node}, {:ask, self(), ref, message})
///     receive do
///       {^ref, answer} -> Process.demonitor(ref, [:flush]); {:ok, answer}
///       {:DOWN, ^ref, :process, _, reason} -> {:error, reason}
///     after
///       timeout -> Process.demonitor(ref, [:flush]); {:error, :timeout}
///     end
func ask(_ name: Atom, on node: Atom, _ message: Term, timeout: Duration) async throws -> Term {
    send(name, node: node, .tuple(.atom("ask"), .pid(selfPid()), .nil, message))
    let answer = try await receive(Term.self, after: timeout) { m -> Term? in
        if case (_, let answer)? = m.asTuple() { answer } else { nil }
    }
    guard let answer else { return .tuple(.atom("error"), .atom("timeout")) }
    return .tuple(.atom("ok"), answer)
}
