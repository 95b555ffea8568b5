import OTP

/// Answers every `{:ping, from}` message with `:pong`, sent to `from`, forever.
///
/// TODO: wait for a `{:ping, from}` tuple with `receive`, send `Term.atom("pong")` back to
/// `from`, and go round again.
func pingServer() async throws {
}
