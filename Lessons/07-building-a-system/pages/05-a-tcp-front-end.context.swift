import OTP

let socket: Socket = { fatalError("the connection's socket") }()
func run(_ line: Term) -> String { "OK\n" }
