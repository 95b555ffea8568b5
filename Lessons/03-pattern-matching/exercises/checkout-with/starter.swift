import OTP

/// Checks out an order, a map such as `%{user: %{id: 7}, items: [:book, :pen]}`, by talking to
/// two servers, one step after another, stopping at the first step that fails, as Elixir's
/// `with` does:
///
///     with {:ok, id} <- user_id(order),              # %{user: %{id: id}} with an integer id,
///                                                    #   else {:error, :no_user}
///          {:ok, items} <- items(order),             # a non-empty list under :items,
///                                                    #   else {:error, :empty_cart}
///          :ok <- reserve(stock, items),             # {:error, {:out_of_stock, item}}
///          {:ok, receipt} <- charge(payments, id, length(items)) do   # {:error, :declined}
///       {:ok, receipt}
///     end
///
/// The two checks of the order send nothing. Then:
/// - reserve: send `stock` `{:reserve, self(), ref, items}` with a fresh `ref`; it answers
///   `{:reserved, ^ref}` or `{:out_of_stock, ^ref, item}`;
/// - charge: send `payments` `{:charge, self(), ref2, id, count}` with another fresh `ref2`; it
///   answers `{:charged, ^ref2, receipt}` or `{:declined, ^ref2}`. When declined, give the
///   goods back before returning the error: send `stock` `{:release, ref}` (the reservation's
///   reference).
///
/// Wait only for the reply carrying the reference you just sent (Elixir's `^ref`): the mailbox
/// may hold replies to other requests, and those must stay there.
///
/// Right now it checks nothing and asks nobody.
///
/// TODO: one `guard` per step of the order (each with its own error), then each request and a
/// `receive { (m: Term) -> … in … }` that matches the two possible replies with the ref pinned.
func checkout(_ order: Term, stock: Pid, payments: Pid) async throws -> Term {
    return .tuple(.atom("error"), .atom("no_user"))
}
