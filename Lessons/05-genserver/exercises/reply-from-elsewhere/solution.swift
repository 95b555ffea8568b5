import OTP

/// Makes a thumbnail of the image `name`, written for you. It is slow: **2 seconds**.
func thumbnail(_ name: String) async throws -> String {
    try await Process.sleep(.seconds(2))
    return "\(name)@128px"
}

/// What a worker tells the server when its job is done (a plain message: `handleInfo`).
struct JobDone: Sendable {}

/// A thumbnail service: each job runs in a worker process of its own, which replies to the
/// caller directly, so the server is never blocked and jobs run side by side.
struct Thumbnails: GenServer {
    /// How many jobs are running.
    typealias State = Int
    enum Call: Sendable {
        case make(String)
        case busy
    }
    typealias Reply = String

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok(0) }

    static func handleCall(_ request: Call, from: From, state busy: Int) async throws -> CallResult<Self> {
        switch request {
        case .make(let name):
            let server = selfPid()
            spawn {
                reply(from, try await thumbnail(name))
                send(server, JobDone())
            }
            return .noreply(busy + 1)
        case .busy:
            return .reply(String(busy), busy)
        }
    }

    static func handleInfo(_ message: any Sendable, state busy: Int) async throws -> NoReplyResult<Self> {
        message is JobDone ? .noreply(busy - 1) : .noreply(busy)
    }
}
