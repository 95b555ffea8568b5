import OTP
import TourHarness

/// A stock server: reserves anything but :unobtainium; takes {:release, ref} silently.
func stockServer() async throws {
    while true {
        let m = try await receive(Term.self)
        if case (.atom("reserve"), .pid(let from), .ref(let ref), .list(let items))? = m.asTuple() {
            if items.contains(.atom("unobtainium")) {
                send(from, .tuple(.atom("out_of_stock"), .ref(ref), .atom("unobtainium")))
            } else {
                send(from, .tuple(.atom("reserved"), .ref(ref)))
            }
        }
    }
}

/// A payments server: declines user 13, charges everybody else with a receipt "r<id>x<count>".
func paymentsServer() async throws {
    while true {
        let m = try await receive(Term.self)
        if case (.atom("charge"), .pid(let from), .ref(let ref), .int(let id), .int(let count))? = m.asTuple() {
            if id == 13 {
                send(from, .tuple(.atom("declined"), .ref(ref)))
            } else {
                send(from, .tuple(.atom("charged"), .ref(ref), .string("r\(id)x\(count)")))
            }
        }
    }
}

struct Shop { let stock: Pid; let payments: Pid; let caller: Pid }

func openShop(_ t: TestContext) -> Shop {
    let stock = spawn { try await stockServer() }
    let payments = spawn { try await paymentsServer() }
    t.name(stock, "stock")
    t.name(payments, "payments")
    t.name(selfPid(), "checkout")
    return Shop(stock: stock, payments: payments, caller: selfPid())
}

/// The messages the checkout sent to `pid`, as inspect prints them.
func sent(to pid: Pid, _ shop: Shop, _ t: TestContext) -> [String] {
    t.sends.filter { $0.pid == shop.caller && $0.other == pid }.compactMap(\.detail)
}

func order(user: Term?, items: Term?) -> Term {
    var fields: [Term: Term] = [:]
    if let user { fields[.atom("user")] = user }
    if let items { fields[.atom("items")] = items }
    return .map(fields)
}

func user(_ id: Term) -> Term { .map([.atom("id"): id]) }

let tests: [Test] = [
    Test("a good order is reserved, charged, and returns the receipt", mode: .deterministic(seed: 1), trace: true) { t in
        let shop = openShop(t)
        let result = try await checkout(order(user: user(7), items: [.atom("book"), .atom("pen")]), stock: shop.stock, payments: shop.payments)
        try t.expectEqual(result, .tuple(.atom("ok"), .string("r7x2")), "checkout of %{user: %{id: 7}, items: [:book, :pen]}")
        try t.expectSends([
            Send(from: shop.caller, to: shop.stock, message: nil),
            Send(from: shop.stock, to: shop.caller, message: nil),
            Send(from: shop.caller, to: shop.payments, message: nil),
            Send(from: shop.payments, to: shop.caller, message: nil),
        ], "reserve first, and charge only once the stock has answered")
        let reserve = sent(to: shop.stock, shop, t)
        try t.expect(reserve.count == 1 && reserve[0].hasPrefix("{:reserve, #PID<") && reserve[0].hasSuffix(", [:book, :pen]}"),
            "the checkout should send the stock {:reserve, self(), ref, [:book, :pen]} once; it sent \(reserve)")
    },
    Test("no user, or no integer id: {:error, :no_user}, and nobody is asked", mode: .deterministic(seed: 2), trace: true) { t in
        let shop = openShop(t)
        let items: Term = [.atom("book")]
        for (bad, what) in [(order(user: nil, items: items), "no :user"), (order(user: .atom("ada"), items: items), "a user that is not a map"),
                            (order(user: user(.string("7")), items: items), "an id that is not an integer"), (.list([]), "not a map at all")] {
            let result = try await checkout(bad, stock: shop.stock, payments: shop.payments)
            try t.expectEqual(result, .tuple(.atom("error"), .atom("no_user")), "checkout of an order with \(what)")
        }
        try t.expectEqual(sent(to: shop.stock, shop, t) + sent(to: shop.payments, shop, t), [], "the messages sent to the servers (a bad order asks nobody)")
    },
    Test("an empty or missing cart: {:error, :empty_cart}; a missing user is found first", mode: .deterministic(seed: 3), trace: true) { t in
        let shop = openShop(t)
        try t.expectEqual(try await checkout(order(user: user(7), items: .list([])), stock: shop.stock, payments: shop.payments),
            .tuple(.atom("error"), .atom("empty_cart")), "checkout with items: []")
        try t.expectEqual(try await checkout(order(user: user(7), items: nil), stock: shop.stock, payments: shop.payments),
            .tuple(.atom("error"), .atom("empty_cart")), "checkout with no :items")
        try t.expectEqual(try await checkout(order(user: nil, items: .list([])), stock: shop.stock, payments: shop.payments),
            .tuple(.atom("error"), .atom("no_user")), "checkout with no user and an empty cart (the first failing step decides)")
        try t.expectEqual(sent(to: shop.stock, shop, t) + sent(to: shop.payments, shop, t), [], "the messages sent to the servers")
    },
    Test("out of stock: the error names the item, and payments are never asked", mode: .deterministic(seed: 4), trace: true) { t in
        let shop = openShop(t)
        let result = try await checkout(order(user: user(7), items: [.atom("pen"), .atom("unobtainium")]), stock: shop.stock, payments: shop.payments)
        try t.expectEqual(result, .tuple(.atom("error"), .tuple(.atom("out_of_stock"), .atom("unobtainium"))), "checkout of [:pen, :unobtainium]")
        try t.expectEqual(sent(to: shop.payments, shop, t), [], "the messages sent to payments (nothing: the reservation failed)")
    },
    Test("declined: the reservation is released, and the result is {:error, :declined}", mode: .deterministic(seed: 5), trace: true) { t in
        let shop = openShop(t)
        let result = try await checkout(order(user: user(13), items: [.atom("pen")]), stock: shop.stock, payments: shop.payments)
        try t.expectEqual(result, .tuple(.atom("error"), .atom("declined")), "checkout for user 13, whose payment is declined")
        let toStock = sent(to: shop.stock, shop, t)
        try t.expectEqual(toStock.count, 2, "the number of messages sent to the stock (a reserve, then a release): \(toStock)")
        let reserveRef = toStock[0].split(separator: ",")[2].trimmingCharacters(in: .whitespaces)
        try t.expectEqual(toStock[1], "{:release, \(reserveRef)}", "the second message to the stock: {:release, ref} with the reservation's reference")
    },
    Test("replies to other requests stay in the mailbox", mode: .deterministic(seed: 6), trace: true) { t in
        let shop = openShop(t)
        let other = makeRef()
        let stale: [Term] = [.tuple(.atom("out_of_stock"), .ref(other), .atom("pen")), .tuple(.atom("declined"), .ref(other))]
        for message in stale { send(selfPid(), message) }
        let result = try await checkout(order(user: user(7), items: [.atom("pen")]), stock: shop.stock, payments: shop.payments)
        try t.expectEqual(result, .tuple(.atom("ok"), .string("r7x1")),
            "checkout when the mailbox already held {:out_of_stock, other_ref, :pen} and {:declined, other_ref} (pin this request's ref)")
        try t.expectEqual(flush().map { describeValue($0) }, stale.map(\.description), "the mailbox after checkout: the replies to other requests, untouched")
    },
]
