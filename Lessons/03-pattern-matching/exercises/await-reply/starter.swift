import OTP

/// Asks `server` for its value and returns it.
///
/// Send `{:get, self(), ref}` with a fresh reference `ref`, then wait for `{:reply, ^ref, value}`
/// and return `value`. Other messages, replies to other requests included, must stay in the
/// mailbox.
func call(_ server: Pid) async throws -> Term {
    return .nil
}
