import OTP

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
func call(_ server: Pid, _ body: Term, timeout: Duration) async throws -> Term? {
    let ref = makeRef()
    send(server, Request(from: selfPid(), ref: ref, body: body))
    // `nil` turns a Response down: it stays in the mailbox.
    return try await receive(Response.self, after: timeout) { response in
        response.ref == ref ? response.body : nil
    }
}
