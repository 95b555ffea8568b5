import OTP

/// Owns the table and does nothing else, so nothing it runs can crash it: the table lives as
/// long as the supervisor keeps this process.
struct TableOwner: GenServer {
    typealias State = Void

    static func initialize(_: Void) async throws -> InitResult<Self> {
        // Public: the writer, which is not the owner, writes to it.
        _ = try ETS.new("prices", .set, access: .public, named: true, readConcurrency: true)
        return .ok(())
    }
}

/// The writer: the only process that puts prices in the table. It may crash; the table stays.
struct Cache: GenServer {
    typealias State = Void
    enum Call: Sendable { case put(String, Term) }
    typealias Reply = Term

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok(()) }

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

/// The owner first, the writer after it: the writer depends on the table, so rest_for_one
/// restarts the writer if the owner (and the table) ever goes, and only the writer when the
/// writer crashes.
func startCache() async throws -> Pid {
    try await Supervisor.startLink([
        TableOwner.childSpec(),
        Cache.childSpec(name: "cache"),
    ], strategy: .restForOne).get()
}
