import OTP
import TourHarness

let sampleUser: Term = [.atom("id"): 7]
let noUser: Term = .tuple(.atom("error"), .atom("no_user"))
let emptyCart: Term = .tuple(.atom("error"), .atom("empty_cart"))

let tests: [Test] = [
    Test("a user with an id and some items checks out") { t in
        let order: Term = [.atom("user"): sampleUser, .atom("items"): [.atom("book"), .atom("pen")]]
        try t.expectEqual(checkout(order), .tuple(.atom("ok"), 7, 2), "checkout(%{user: %{id: 7}, items: [:book, :pen]})")
        let extra: Term = [.atom("user"): sampleUser, .atom("items"): [.atom("book")], .atom("coupon"): "X"]
        try t.expectEqual(checkout(extra), .tuple(.atom("ok"), 7, 1), "other keys do not matter: a map pattern matches a subset")
    },
    Test("no user, or a user without an integer id") { t in
        try t.expectEqual(checkout([.atom("items"): [1]]), noUser, "checkout(%{items: [1]})")
        try t.expectEqual(checkout([.atom("user"): [:], .atom("items"): [1]]), noUser, "checkout(%{user: %{}, items: [1]})")
        try t.expectEqual(checkout([.atom("user"): [.atom("id"): "7"], .atom("items"): [1]]), noUser,
                          "checkout(%{user: %{id: \"7\"}, items: [1]}): the id is a string, not an integer")
        try t.expectEqual(checkout([.atom("user"), 7]), noUser, "checkout([:user, 7]): not a map at all")
    },
    Test("the first failing step decides: a missing user wins over an empty cart") { t in
        try t.expectEqual(checkout([.atom("items"): []]), noUser, "checkout(%{items: []})")
    },
    Test("an empty or missing cart") { t in
        try t.expectEqual(checkout([.atom("user"): sampleUser, .atom("items"): []]), emptyCart, "checkout(%{user: %{id: 7}, items: []})")
        try t.expectEqual(checkout([.atom("user"): sampleUser]), emptyCart, "checkout(%{user: %{id: 7}})")
    },
]
