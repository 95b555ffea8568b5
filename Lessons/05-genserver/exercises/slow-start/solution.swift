import OTP

/// Reads the catalog at `path`, written for you. It is slow: it takes **3 seconds**.
func loadCatalog(_ path: String) async throws -> [String] {
    try await Process.sleep(.seconds(3))
    return ["dune", "emma", "ulysses"]
}

/// A catalog of books in a GenServer. `initialize` returns at once; the slow load runs in
/// `handleContinue`, before the server takes its first message.
struct Catalog: GenServer {
    typealias Argument = String?
    typealias State = [String]
    enum Continue: Sendable { case load(String) }
    enum Call: Sendable { case count }
    typealias Reply = Int

    static func initialize(_ path: String?) async throws -> InitResult<Self> {
        guard let path else { return .ignore }
        guard !path.isEmpty else { return .stop(.atom("no_path")) }
        return .ok([], .continue(.load(path)))
    }

    static func handleContinue(_ argument: Continue, state: [String]) async throws -> NoReplyResult<Self> {
        switch argument {
        case .load(let path): return .noreply(try await loadCatalog(path))
        }
    }

    static func handleCall(_ request: Call, from: From, state books: [String]) async throws -> CallResult<Self> {
        switch request {
        case .count: return .reply(books.count, books)
        }
    }
}
