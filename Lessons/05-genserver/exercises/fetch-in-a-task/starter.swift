import OTP

// Finish `Fetcher`: run each download in a `Task.Supervisor.async_nolink` task and answer the
// caller from `handleInfo`, so that no download blocks or crashes the server. Details and TODO:
// the comment on `Fetcher`, below `download`.

/// Downloads `url`, written for you. It takes **1 second**, and a URL that starts with "bad:"
/// crashes it with the exit reason `{:bad_url, url}`.
func download(_ url: String) async throws -> String {
    try await Process.sleep(.seconds(1))
    if url.hasPrefix("bad:") { try Process.exit(.tuple(.atom("bad_url"), .string(url))) }
    return "<html>\(url)</html>"
}

/// A GenServer that fetches pages for its callers without ever being blocked or taken down by a
/// download.
///
/// The tests start a task supervisor registered as `:fetch_tasks`
/// (`TaskSupervisor.startLink(name: "fetch_tasks")`) and `Fetcher.start()`, then expect:
/// - `.fetch(url)` replies `{:ok, body}` with what `download(url)` returned;
/// - a download that crashes replies `{:error, reason}` (its exit reason) to its caller, and
///   the server lives on, with everything it held;
/// - downloads run side by side: three callers at once all have their answer after 1 second,
///   and the server answers meanwhile;
/// - nothing stays in `pending` once a download ended (the tests look with `:sys.get_state`,
///   `Fetcher.getState(pid)`).
///
/// Right now `handleCall` downloads by itself: each call holds the server for a second, and a
/// bad URL crashes the server.
///
/// TODO:
/// - in `.fetch(url)`, start the download with
///   `TaskSupervisor.asyncNolink("fetch_tasks") { try await download(url) }`: a task under the
///   task supervisor, *monitored* by the server but not linked to it. Keep `task.ref → from` in
///   `pending` and return `.noreply`;
/// - in `handleInfo`, the task's result comes as a message: `OTPTask<String>.reply(message)`
///   gives `(ref, body)`; answer that caller with `reply(from, {:ok, body})`, forget it, and
///   drop the task's monitor with `Process.demonitor(ref, flush: true)` (its `:DOWN` would come
///   next);
/// - a task that crashed sends no result, only a `Down` with its reason: answer that caller
///   with `{:error, reason}` and forget it.
///
/// Elixir:
///     def handle_call({:fetch, url}, from, pending) do
///       task = Task.Supervisor.async_nolink(:fetch_tasks, fn -> download(url) end)
///       {:noreply, Map.put(pending, task.ref, from)}
///     end
///     def handle_info({ref, body}, pending) when is_map_key(pending, ref) do
///       Process.demonitor(ref, [:flush])
///       {from, pending} = Map.pop(pending, ref)
///       GenServer.reply(from, {:ok, body})
///       {:noreply, pending}
///     end
///     def handle_info({:DOWN, ref, :process, _pid, reason}, pending) when is_map_key(pending, ref) do
///       {from, pending} = Map.pop(pending, ref)
///       GenServer.reply(from, {:error, reason})
///       {:noreply, pending}
///     end
struct Fetcher: GenServer {
    /// The calls waiting for their download, by the task's ref.
    typealias State = [Ref: From]
    enum Call: Sendable { case fetch(String) }
    typealias Reply = Term

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok([:]) }

    static func handleCall(_ request: Call, from: From, state pending: [Ref: From]) async throws -> CallResult<Self> {
        switch request {
        case .fetch(let url):
            return .reply(.tuple(.atom("ok"), .string(try await download(url))), pending)
        }
    }
}
