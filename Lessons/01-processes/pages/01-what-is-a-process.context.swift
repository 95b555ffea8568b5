import OTP

/// A process body that waits for messages (the page's logger).
func loop() async throws {
    while true { _ = try await receive(Term.self) }
}
