import OTP

struct Greet: Sendable {
    let name: String
}

var pid: Pid { selfPid() }
var counter: Pid { selfPid() }
