import OTP

// Write `call(_:_:timeout:)`, at the end of this file: send a `Request` tagged with a fresh
// reference, wait for the `Response` carrying that reference only (others stay in the
// mailbox), and return nil when none comes within the timeout. The tests send late replies to
// calls that gave up and check that they never answer the next call. The comment on `call`
// has the TODO and the Elixir it mirrors.

/// A request to a server: the server answers by sending `Response(ref: ref, body: ...)` to `from`.
struct Request: Sendable {
    let from: Pid
    let ref: Ref
    let body: Term
}

/// A server's answer to the request that carried the same `ref`.
struct Response: Sendable {
    let ref: Ref
    let body: Term
}

/// Sends `body` to `server` and returns the server's answer, or nil if no answer comes within
/// `timeout`.
///
/// The caller's mailbox may hold other `Response`s: late answers to earlier calls that timed
/// out. They must not be taken for this call's answer, and must be left in the mailbox.
///
/// Right now the request has no reference of its own, the function takes the first `Response`
/// it finds (whichever call it answers), and it waits forever when none comes.
///
/// TODO:
/// - make a fresh reference with `makeRef()` and send it in the `Request`;
/// - `receive(Response.self, after: timeout) { response in ... }`, accepting only a
///   `Response` with that reference; it returns nil on timeout. To turn a message down, the
///   closure returns `nil` (Swift's "nothing"; Elixir's atom `nil` would be `Term.nil`).
///
/// Elixir:
///     ref = make_ref()
///     send(server, {:request, self(), ref, body})
///     receive do
///       {^ref, reply} -> reply
///     after
///       timeout -> nil
///     end
func call(_ server: Pid, _ body: Term, timeout: Duration) async throws -> Term? {
    send(server, Request(from: selfPid(), ref: makeRef(), body: body))
    let response = try await receive(Response.self)
    return response.body
}
