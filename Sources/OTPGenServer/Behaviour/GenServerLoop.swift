import OTPCore

/// The generic server loop (OTP's `gen_server:loop`): take one message at a time, hand it to the
/// matching callback, apply what the callback returned. Kept apart from the callbacks so every
/// behaviour (Agent, the supervisors) runs on the same machinery.
///
/// Threading: runs only inside the server process.
enum GenServerLoop<Server: GenServer> {
    /// The server's life after spawn: `initialize`, acknowledge the starter, then loop.
    static func run(_ argument: Server.Argument, context: GenStart.Context) async throws {
        let result: InitResult<Server>
        do {
            result = try await Server.initialize(argument)
        } catch {
            let reason = exitReason(of: error)
            context.acknowledge(.error(reason))
            throw ProcessExit(reason: reason)
        }
        switch result {
        case .ok(let state, let next):
            context.acknowledge(.ok(selfPid()))
            var loop = Running(state: state, next: next, parent: context.parent)
            try await loop.run()
        case .ignore:
            context.acknowledge(.ignore)
        case .stop(let reason):
            context.acknowledge(.error(reason))
            throw ProcessExit(reason: reason)
        }
    }

    /// A server past `init`: its state, what to do before the next message, and its parent.
    struct Running {
        var state: Server.State
        var next: Next<Server>?
        let parent: Pid
        /// The message being handled, for the crash report (`NoMessage` before the first).
        var lastMessage: any Sendable = NoMessage()
        /// Set by `handleSystem`: the message just handled was a system request, after which a
        /// pending timeout starts again.
        var answeredSystemRequest = false

        mutating func run() async throws -> Never {
            guard let process = LocalProcess.current else { preconditionFailure("a GenServer runs in its own process") }
            let me = process.pid
            while true {
                if case .continue(let argument)? = next {
                    next = nil
                    try await noReply { try await Server.handleContinue(argument, state: $0) }
                    continue
                }
                // The next message, whatever it is (`:timeout` if a timeout the callback asked for
                // passes first).
                // Neither `taken` nor the reset of `next` goes through an optional existential:
                // those are copied and destroyed through Optional's generic value witnesses.
                var taken: any Sendable = Term.timeout
                var limit: Duration?
                if case .timeout(let duration)? = next { limit = duration }
                _ = try await process.receiveAny(after: limit) { message in
                    taken = message
                    return true
                }
                if case .some = next { next = nil }
                lastMessage = taken
                try await dispatch(taken, me: me)
                if answeredSystemRequest {
                    answeredSystemRequest = false
                    if let limit { next = .timeout(limit) }
                }
            }
        }

        @inline(__always)
        private mutating func dispatch(_ message: any Sendable, me: Pid) async throws {
            if let call = exactInstance(of: GenCall.self, message) {
                guard let request = exactValue(of: Server.Call.self, call.request) ?? (call.request as? Server.Call) else {
                    if let system = call.request as? SystemRequest {
                        try await handleSystem(system, from: call.from)
                        return
                    }
                    try await finish(.tuple([.atom("bad_call"), termOf(call.request)]))
                }
                try await handle(request, from: call.from)
            } else if let cast = message as? GenCast {
                guard let request = exactValue(of: Server.Cast.self, cast.request) ?? (cast.request as? Server.Cast) else {
                    try await finish(.tuple([.atom("bad_cast"), termOf(cast.request)]))
                }
                try await handle(request)
            } else if let stop = message as? GenStop {
                try await finish(stop.reason)
            } else if let exit = message as? ExitMessage, exit.pid == parent, parent != me {
                try await finish(exit.reason)
            } else if try await handleTermRequest(message) {
                return
            } else {
                try await noReply { try await Server.handleInfo(message, state: $0) }
            }
        }

        /// A call or cast that came as a term (from another node): handled when its request
        /// converts to `Call` or `Cast`. Returns false otherwise: it then goes to `handleInfo` as
        /// any other message.
        private mutating func handleTermRequest(_ message: any Sendable) async throws -> Bool {
            if Server.Call.self != Never.self, let call = RemoteRequests.call(message),
                let request = RemoteRequests.convert(call.request, to: Server.Call.self)
            {
                try await handle(request, from: From(pid: call.caller, termTag: call.tag))
                return true
            }
            if Server.Cast.self != Never.self, let term = RemoteRequests.cast(message),
                let request = RemoteRequests.convert(term, to: Server.Cast.self)
            {
                try await handle(request)
                return true
            }
            return false
        }

        /// A system request (`:sys.get_state`, `:sys.replace_state`), answered by the loop itself
        /// between callbacks, as `sys` answers for `gen_server`. A timeout the last callback asked
        /// for starts again afterwards (OTP re-enters its loop with it). A `replaceState` function
        /// that throws leaves the state as it was, and the caller exits with
        /// `{:callback_failed, reason}` (OTP's `{callback_failed, {M, system_replace_state}, {Class, Reason}}`
        /// in short).
        private mutating func handleSystem(_ system: SystemRequest, from: From) async throws {
            answeredSystemRequest = true
            switch system.kind {
            case .getState:
                from.deliver(StateBox(value: state))
            case .replaceState(let replace):
                do {
                    guard let replaced = try replace(state) as? Server.State else {
                        from.deliver(SystemFailure(reason: .atom("bad_state")))
                        return
                    }
                    state = replaced
                    from.deliver(StateBox(value: state))
                } catch {
                    from.deliver(SystemFailure(reason: .tuple([.atom("callback_failed"), exitReason(of: error)])))
                }
            }
        }

        /// A cast: `handleCast`, then the next state.
        private mutating func handle(_ request: Server.Cast) async throws {
            try await noReply { try await Server.handleCast(request, state: $0) }
        }

        /// Runs a callback that answers `.noreply` or `.stop` (cast, info, continue) and applies
        /// its answer; a callback that throws crashes the server with the error's reason.
        private mutating func noReply(_ callback: nonisolated(nonsending) (Server.State) async throws -> NoReplyResult<Server>) async throws {
            let result: NoReplyResult<Server>
            do {
                result = try await callback(state)
            } catch {
                try await finish(exitReason(of: error))
            }
            try await apply(result)
        }

        /// A call: `handleCall`, then the reply (if any) and the next state.
        @inline(__always)
        private mutating func handle(_ request: Server.Call, from: From) async throws {
            let result: CallResult<Server>
            do {
                result = try await Server.handleCall(request, from: from, state: state)
            } catch {
                try await finish(exitReason(of: error))
            }
            // Reply first (if the callback answers now), then the same next step as a cast's.
            switch result {
            case .reply(let reply, let newState, let newNext):
                from.deliver(reply)
                try await apply(.noreply(newState, newNext))
            case .noreply(let newState, let newNext):
                try await apply(.noreply(newState, newNext))
            case .stop(let reason, let newState):
                try await apply(.stop(reason, newState))
            case .stopAndReply(let reason, let reply, let newState):
                from.deliver(reply)
                try await apply(.stop(reason, newState))
            }
        }

        private mutating func apply(_ result: NoReplyResult<Server>) async throws {
            switch result {
            case .noreply(let newState, let newNext):
                state = newState
                next = newNext
            case .stop(let reason, let newState):
                state = newState
                try await finish(reason)
            }
        }

        /// Runs `terminate`, reports an abnormal end, and exits the process with the reason
        /// (or with the error `terminate` threw). A server an exit signal has killed (`:kill`,
        /// or any reason while it does not trap exits) is dead already, as on the BEAM: its
        /// callback only unwinds, and neither `terminate` nor the report runs (only its
        /// supervisor, if any, reports it).
        private func finish(_ given: Term) async throws -> Never {
            if let killed = LocalProcess.current?.killedReason { throw ProcessExit(reason: killed) }
            var reason = given
            do {
                try await Server.terminate(reason, state: state)
            } catch {
                if let killed = LocalProcess.current?.killedReason { throw ProcessExit(reason: killed) }
                reason = exitReason(of: error)
            }
            if !isQuietExit(reason) {
                CrashReports.genServerTerminating(
                    server: String(describing: Server.self), pid: selfPid(), reason: reason,
                    lastMessage: lastMessage is NoMessage ? nil : lastMessage, state: state)
            }
            throw ProcessExit(reason: reason)
        }
    }
}

/// What `GenServerLoop.Running.lastMessage` holds before the first message.
struct NoMessage: Sendable {}
