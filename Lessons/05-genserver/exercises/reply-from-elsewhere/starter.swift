import OTP

// Finish `Thumbnails`: make each thumbnail in a worker process that answers the caller itself
// with `reply(from, …)`, so that the server stays free and jobs run side by side. Details and
// TODO: the comment on `Thumbnails`, below `thumbnail`.

/// Makes a thumbnail of the image `name`, written for you. It is slow: **2 seconds**.
func thumbnail(_ name: String) async throws -> String {
    try await Process.sleep(.seconds(2))
    return "\(name)@128px"
}

/// What a worker tells the server when its job is done (a plain message: `handleInfo`).
struct JobDone: Sendable {}

/// A thumbnail service. Many clients ask it for thumbnails at once; each takes 2 seconds.
///
/// The tests start it with `Thumbnails.start()` and expect:
/// - `.make(name)` replies `thumbnail(name)`; three clients asking at once all get their
///   thumbnails 2 seconds later, not 2, 4 and 6 (the third would even time out: a call waits
///   5 seconds by default);
/// - while thumbnails are being made, the server answers at once: `.busy` replies how many
///   jobs are running (the server counts them: one more at each `.make`, one less at each
///   `JobDone`).
///
/// Right now `handleCall` makes the thumbnail itself: the server does nothing else for 2 seconds,
/// and the callers queue up behind one another.
///
/// TODO, in `.make(name)`:
/// - spawn a worker process that makes the thumbnail, **answers the caller itself** with
///   `Thumbnails.reply(from, result)` (a `From` can be sent to and used by any process), then
///   sends the server `JobDone()`;
/// - return `.noreply(state)` with one more job running: the caller keeps waiting for the
///   worker's reply while the server takes its next message;
/// - in `handleInfo`, count a `JobDone` as one job less.
///
/// Elixir:
///     def handle_call({:make, name}, from, busy) do
///       server = self()
///       spawn(fn ->
///         GenServer.reply(from, thumbnail(name))
///         send(server, :job_done)
///       end)
///       {:noreply, busy + 1}
///     end
///     def handle_info(:job_done, busy), do: {:noreply, busy - 1}
struct Thumbnails: GenServer {
    /// How many jobs are running.
    typealias State = Int
    enum Call: Sendable {
        case make(String)
        case busy
    }
    typealias Reply = String

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok(0) }

    static func handleCall(_ request: Call, from: From, state busy: Int) async throws -> CallResult<Self> {
        switch request {
        case .make(let name):
            return .reply(try await thumbnail(name), busy)
        case .busy:
            return .reply(String(busy), busy)
        }
    }
}
