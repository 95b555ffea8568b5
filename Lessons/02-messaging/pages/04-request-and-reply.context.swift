import OTP

/// The request, with the reference of the second version (`ref`) optional for the first.
struct Square: Sendable {
    let from: Pid
    var ref: Ref? = nil
    let n: Int
}

struct SquareReply: Sendable {
    let n: Int
}

struct Reply: Sendable {
    let ref: Ref
    let value: Int
}

var server: Pid { selfPid() }
