import OTP

/// Checks out an order, a map such as `%{user: %{id: 7}, items: [:book, :pen]}`: finds the
/// user's id and the items, reserves the items with `stock`, charges the user with `payments`
/// (releasing the reservation when the charge is declined); the first step that fails gives
/// the result.
func checkout(_ order: Term, stock: Pid, payments: Pid) async throws -> Term {
    guard case .map(let fields) = order,
          case .map(let user)? = fields[.atom("user")],
          case .int(let id)? = user[.atom("id")]
    else { return .tuple(.atom("error"), .atom("no_user")) }
    guard case .list(let items)? = fields[.atom("items")], !items.isEmpty
    else { return .tuple(.atom("error"), .atom("empty_cart")) }

    let me = selfPid()
    let reservation = makeRef()
    send(stock, .tuple(.atom("reserve"), .pid(me), .ref(reservation), .list(items)))
    let reserved: Term = try await receive { (m: Term) -> Term? in
        if case (.atom("reserved"), .ref(reservation))? = m.asTuple() { return .atom("ok") }
        if case (.atom("out_of_stock"), .ref(reservation), let item)? = m.asTuple() {
            return .tuple(.atom("error"), .tuple(.atom("out_of_stock"), item))
        }
        return nil
    }
    guard reserved == .atom("ok") else { return reserved }

    let charge = makeRef()
    send(payments, .tuple(.atom("charge"), .pid(me), .ref(charge), .int(id), .int(items.count)))
    return try await receive { (m: Term) -> Term? in
        if case (.atom("charged"), .ref(charge), let receipt)? = m.asTuple() {
            return .tuple(.atom("ok"), receipt)
        }
        if case (.atom("declined"), .ref(charge))? = m.asTuple() {
            send(stock, .tuple(.atom("release"), .ref(reservation)))
            return .tuple(.atom("error"), .atom("declined"))
        }
        return nil
    }
}
