import OTP

func depth(_ n: Int) -> Int {
    depth(n + 1) + 1
}

func pingServer() async throws {
    print(depth(0))
}
