import OTP

func pingServer() async throws {
    let count: Int = "three"
    print(count)
}
