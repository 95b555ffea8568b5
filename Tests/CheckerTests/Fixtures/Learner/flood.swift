import OTP

func pingServer() async throws {
    var line = 0
    while true {
        line += 1
        print("flooding the output, line \(line)")
    }
}
