import OTP

/// Asks `server` for its value and returns it.
///
/// Send `{:get, self(), ref}` with a fresh reference `ref`, then wait for `{:reply, ^ref, value}`
/// and return `value`. Other messages, replies to other requests included, must stay in the
/// mailbox, in their order; a reply to this request may come after them.
///
/// Right now it returns `nil` without asking.
///
/// TODO:
/// - `let ref = makeRef()`, and send the request with it;
/// - `receive { (message: Term) in … }` that returns the value of a `{:reply, ^ref, value}`
///   (match it with `message.asTuple()`, `.ref(ref)` in the pattern is the pin) and nil for
///   anything else.
///
/// Elixir:
///     ref = make_ref()
///     send(server, {:get, self(), ref})
///     receive do
///       {:reply, ^ref, value} -> value
///     end
func call(_ server: Pid) async throws -> Term {
    return .nil
}
