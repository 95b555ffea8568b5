import OTP

func pingServer() async throws {
    let replies: [String: Term] = [:]
    let reply = replies["ping"]!
    print(reply)
}
