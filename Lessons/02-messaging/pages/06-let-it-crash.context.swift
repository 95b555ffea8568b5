import OTP

struct Order: Sendable {
    let qty: Int
}

struct BadOrder: Error {
    let order: Order
    init(_ order: Order) { self.order = order }
}

func ship(_ qty: Int) {}
