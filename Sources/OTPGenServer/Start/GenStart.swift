import OTPCore

/// OTP's synchronous start (`gen:start/6` over `proc_lib`): spawn the process (linked or not),
/// register its name, run its `init`, and wait for the acknowledgement `init` sends before the
/// process enters its loop. The starter monitors the new process while it waits, so a process
/// that dies before acknowledging gives `{:error, reason}` instead of a hang.
///
/// Threading: must run inside a process (the starter).
package enum GenStart {
    enum Outcome { case ack(StartResult), down(Term) }

    /// What the started process's body is given: its parent and a way to acknowledge its start.
    package struct Context: Sendable {
        /// The starter when linked (Elixir's `$parent`); the process itself when not linked.
        package let parent: Pid
        let starter: Pid
        let tag: Ref

        /// Tells the starter how the start went. Call it exactly once, before the loop.
        package func acknowledge(_ result: StartResult) {
            send(starter, StartAck(tag: tag, result: result))
        }
    }

    /// A name to start under: an atom (`Process.register`) or `{:via, module, name}`.
    package enum Name: Sendable {
        case local(Atom)
        case via(Via)
    }

    package static func start(
        link: Bool, name: Atom?, timeout: Timeout, what: String,
        _ body: nonisolated(nonsending) @escaping @Sendable (Context) async throws -> Void
    ) async throws -> StartResult {
        try await start(link: link, registeredAs: name.map(Name.local), timeout: timeout, what: what, body)
    }

    package static func start(
        link: Bool, registeredAs name: Name?, timeout: Timeout, what: String,
        _ body: nonisolated(nonsending) @escaping @Sendable (Context) async throws -> Void
    ) async throws -> StartResult {
        guard let me = Process.current else {
            throw RuntimeUsageError("\(what) must be called inside a process: run your code with `try await Runtime.run { ... }` or inside `spawn { ... }`")
        }
        let tag = makeRef()
        let process: nonisolated(nonsending) @Sendable () async throws -> Void = {
            let context = Context(parent: link ? me : selfPid(), starter: me, tag: tag)
            switch name {
            case .local(let name)?:
                do {
                    try Process.register(selfPid(), as: name)
                } catch {
                    let holder: Term = Process.whereis(name).map { .pid($0) } ?? .atom(name)
                    context.acknowledge(.error(.tuple([.atom("already_started"), holder])))
                    return
                }
            case .via(let via)?:
                guard try await via.registry.registerNameInProcess(via.name, selfPid()) else {
                    let holder: Term = via.whereis().map { .pid($0) } ?? via.term
                    context.acknowledge(.error(.tuple([.atom("already_started"), holder])))
                    return
                }
            case nil:
                break
            }
            try await body(context)
        }
        let pid = link ? spawnLink(process) : spawn(process)
        let ref = Process.monitor(pid)
        let match: (any Sendable) -> Outcome? = { message in
            if let ack = message as? StartAck, ack.tag == tag { return .ack(ack.result) }
            if let down = message as? Down, down.ref == ref { return .down(down.reason) }
            return nil
        }
        let outcome: Outcome?
        if let limit = timeout.duration {
            outcome = try await receive((any Sendable).self, after: limit, match)
        } else {
            outcome = try await receive((any Sendable).self, match)
        }
        Process.demonitor(ref, flush: true)
        switch outcome {
        case .ack(let result)?:
            return result
        case .down(let reason)?:
            return .error(reason)
        case nil:
            if link { Process.unlink(pid) }
            Process.exit(pid, .kill)
            _ = try await receive(StartAck.self, after: .zero) { $0.tag == tag ? () : nil }
            return .error(.timeout)
        }
    }
}
