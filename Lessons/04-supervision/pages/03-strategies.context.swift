import OTP

struct Cache: GenServer {
    typealias State = Void
    static func initialize(_: Void) async throws -> InitResult<Self> { .ok(()) }
}

struct Worker: GenServer {
    typealias Argument = Int
    typealias State = Int
    static func initialize(_ n: Int) async throws -> InitResult<Self> { .ok(n) }
}

var jobs: [ChildSpec] { [] }
var children: [ChildSpec] { [Cache.childSpec(())] }

/// The body of a plain process, as in lesson 2.
func tick() async throws {}
