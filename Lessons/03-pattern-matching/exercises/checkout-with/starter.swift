import OTP

/// Checks out an order, a map such as `%{user: %{id: 7}, items: [:book, :pen]}`:
///
/// - no `:user` key, a user that is not a map, or a user without an integer `:id`
///   → `{:error, :no_user}`
/// - otherwise, no `:items` key or an empty list of items → `{:error, :empty_cart}`
/// - otherwise → `{:ok, id, number_of_items}`
///
/// Elixir writes this with `with`; Swift's nearest is a chain of `guard`s.
func checkout(_ order: Term) -> Term {
    return .tuple(.atom("error"), .atom("no_user"))
}
