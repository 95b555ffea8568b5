import OTP

/// Asks `server` for its value: sends `{:get, self(), ref}` and waits for `{:reply, ^ref, value}`.
func call(_ server: Pid) async throws -> Term {
    let ref = makeRef()
    send(server, .tuple(.atom("get"), .pid(selfPid()), .ref(ref)))
    // `ref` is compared, as Elixir's `^ref` is; `let value` binds.
    return try await receive { (message: Term) in
        if case (.atom("reply"), .ref(ref), let value)? = message.asTuple() { value } else { nil }
    }
}
