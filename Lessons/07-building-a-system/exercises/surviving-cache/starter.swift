import OTP

// A price table in ETS, written by the `:cache` server and read directly by any process.
// As given, the table dies whenever the writer crashes. Change what `startCache()` starts (and
// where the table is made) so that the prices outlive the writer: a process of its own owns the
// table, or an heir keeps it. The comment above `startCache()` says what the tests do.

/// The writer: the only process that puts prices in the table. Readers read the table
/// themselves (`price(_:)`), without asking it.
///
/// Right now it also *owns* the table: `initialize` makes it. A table dies with its owner, so
/// when the writer crashes every price is lost, and the restarted writer starts an empty table.
struct Cache: GenServer {
    typealias State = Void
    enum Call: Sendable { case put(String, Term) }
    typealias Reply = Term

    static func initialize(_: Void) async throws -> InitResult<Self> {
        _ = try ETS.new("prices", .set, access: .protected, named: true, readConcurrency: true)
        return .ok(())
    }

    static func handleCall(_ request: Call, from: From, state: Void) async throws -> CallResult<Self> {
        switch request {
        case .put(let item, let price):
            try ETS.insert("prices", .tuple(.string(item), price))
            return .reply(.ok, ())
        }
    }
}

/// The price of `item`, read straight from the table in the caller's process; `Term.nil` when
/// the table has no such item.
func price(_ item: String) throws -> Term {
    guard case (_, let price)? = try ETS.lookup("prices", .string(item)).first?.asTuple() else { return .nil }
    return price
}

/// Starts the cache under a supervisor (returned) that restarts the writer when it crashes; the
/// writer is registered as `:cache`.
///
/// The tests put prices with `Cache.call("cache", .put(item, price))`, read them with
/// `price(item)` from other processes, then kill the writer (and kill it again) and expect:
/// - every price put before the crash is still there, readable at once;
/// - the restarted writer (a new `:cache`) puts prices in that same table.
///
/// TODO: make the table outlive the writer. Either give the table an owner of its own: a
/// process that only makes the table and waits, started by the supervisor before the writer
/// (then the table must be `.public`, since the writer is not its owner, and the writer no
/// longer makes it); or make the table's heir a process that keeps it while the writer is down
/// and gives it back to the new writer (`ETS.new(…, heir:)`, `{:"ETS-TRANSFER", …}`,
/// `ETS.giveAway`). Choose the strategy for what depends on what.
///
/// Elixir (the first way):
///     children = [TableOwner, {Cache, name: :cache}]
///     Supervisor.start_link(children, strategy: :rest_for_one)
func startCache() async throws -> Pid {
    try await Supervisor.startLink([Cache.childSpec(name: "cache")], strategy: .oneForOne).get()
}
