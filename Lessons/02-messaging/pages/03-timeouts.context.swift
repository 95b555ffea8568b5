import OTP

struct Reply: Sendable {
    let value: Int
}
