import OTP

/// Asks `server` for its value: sends `{:get, self(), ref}` and waits for `{:reply, ^ref, value}`.
func call(_ server: Pid) async throws -> Term {
    let ref = makeRef()
    send(server, Term.tuple([.atom("get"), .pid(selfPid()), .ref(ref)]))
    return try await receive("{:reply, ^ref, value}", pinning: ["ref": .ref(ref)]) { bindings in
        bindings["value"] ?? .nil
    }
}
