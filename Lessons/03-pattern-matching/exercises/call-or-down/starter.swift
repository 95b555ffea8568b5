import OTP

/// Calls `server` and returns how it went, as GenServer.call does under the hood (lesson 5):
///
///     ref = Process.monitor(server)
///     send(server, {:call, self(), ref, request})
///     receive do
///       {^ref, reply} -> Process.demonitor(ref, [:flush]); {:ok, reply}
///       {:DOWN, ^ref, :process, _, reason} -> {:error, {:down, reason}}
///     after
///       timeout -> Process.demonitor(ref, [:flush]); {:error, :timeout}
///     end
///
/// The monitor's reference does two jobs: it tags the request, so the reply `{ref, reply}` can
/// be pinned, and it is in the `Down` if the server dies first. So the call never waits in
/// vain for a server that crashed, or was never there (a monitor of a dead pid delivers a
/// `Down` with `:noproc` at once).
///
/// Leave nothing behind: after a reply or a timeout, `Process.demonitor(ref, flush: true)`, so
/// that no `Down` of this call arrives later. Replies and `Down`s of other calls stay in the
/// mailbox.
///
/// Right now it sends the request untagged and takes the first `Term` that comes.
///
/// TODO:
/// - `let ref = Process.monitor(server)`; send `{:call, self(), ref, request}`;
/// - `receive(holding: ref, after: timeout, { (down: Down) in … }, { (m: Term) in … })`: one
///   closure per message type, each pinning `ref` (`down.ref == ref`, and `(.ref(ref), let
///   reply)?` on `m.asTuple()`), both returning the result term; `holding: ref` offers them only
///   messages that hold `ref`, starting where the monitor was made (lesson 3, page 5);
/// - demonitor with `flush: true` where the sketch above does.
func call(_ server: Pid, _ request: Term, timeout: Duration) async throws -> Term {
    send(server, .tuple(.atom("call"), .pid(selfPid()), request))
    return try await receive(Term.self)
}
