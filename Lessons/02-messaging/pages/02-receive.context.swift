import OTP

enum Counter: Sendable {
    case add(Int)
    case get(from: Pid)
}

struct Job: Sendable {
    enum Priority: Sendable { case high, low }
    let priority: Priority
    let n: Int
}

var total: Int { 0 }

/// The server a request is sent to.
var server: Pid { selfPid() }
