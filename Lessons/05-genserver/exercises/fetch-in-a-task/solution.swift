import OTP

/// Downloads `url`, written for you. It takes **1 second**, and a URL that starts with "bad:"
/// crashes it with the exit reason `{:bad_url, url}`.
func download(_ url: String) async throws -> String {
    try await Process.sleep(.seconds(1))
    if url.hasPrefix("bad:") { try Process.exit(.tuple(.atom("bad_url"), .string(url))) }
    return "<html>\(url)</html>"
}

/// A GenServer that runs each download in a task under `:fetch_tasks`, monitored but not
/// linked, and answers the caller when the task's result or its `Down` comes in.
struct Fetcher: GenServer {
    /// The calls waiting for their download, by the task's ref.
    typealias State = [Ref: From]
    enum Call: Sendable { case fetch(String) }
    typealias Reply = Term

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok([:]) }

    static func handleCall(_ request: Call, from: From, state pending: [Ref: From]) async throws -> CallResult<Self> {
        switch request {
        case .fetch(let url):
            let task = try await TaskSupervisor.asyncNolink("fetch_tasks") { try await download(url) }
            var pending = pending
            pending[task.ref] = from
            return .noreply(pending)
        }
    }

    static func handleInfo(_ message: any Sendable, state pending: [Ref: From]) async throws -> NoReplyResult<Self> {
        var pending = pending
        if let (ref, body) = OTPTask<String>.reply(message), let from = pending.removeValue(forKey: ref) {
            Process.demonitor(ref, flush: true)
            reply(from, .tuple(.atom("ok"), .string(body)))
        } else if let down = message as? Down, let from = pending.removeValue(forKey: down.ref) {
            reply(from, .tuple(.atom("error"), down.reason))
        }
        return .noreply(pending)
    }
}
