import OTP

/// Checks out an order, a map such as `%{user: %{id: 7}, items: [:book, :pen]}`:
/// `{:error, :no_user}`, `{:error, :empty_cart}` or `{:ok, id, number_of_items}`.
func checkout(_ order: Term) -> Term {
    guard case .map(let fields) = order,
          case .map(let user)? = fields[.atom("user")],
          case .int(let id)? = user[.atom("id")]
    else { return .tuple(.atom("error"), .atom("no_user")) }
    guard case .list(let items)? = fields[.atom("items")], !items.isEmpty
    else { return .tuple(.atom("error"), .atom("empty_cart")) }
    return .tuple(.atom("ok"), .int(id), .int(items.count))
}
