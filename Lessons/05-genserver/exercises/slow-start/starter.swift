import OTP

// Finish `Catalog`: `initialize` decides at once (`:ignore`, `{:stop, reason}`, or a state and
// a continuation) and the slow load runs in `handleContinue`. Details and TODO: the comment on
// `Catalog`, below `loadCatalog`.

/// Reads the catalog at `path`, written for you. It is slow: it takes **3 seconds**.
func loadCatalog(_ path: String) async throws -> [String] {
    try await Process.sleep(.seconds(3))
    return ["dune", "emma", "ulysses"]
}

/// A catalog of books in a GenServer, started with the path of the file to read it from.
///
/// The tests start it with `Catalog.start(path)` (alone, and under a supervisor) and expect:
/// - `start` returns **at once**: a supervisor starts its children one after the other and
///   waits for each one's `initialize`, so three seconds there hold up every child after it.
///   The catalog is loaded right after `initialize`, before the server takes any message, so
///   a `.count` call made just after the start waits for the load and gets 3, never 0;
/// - `Catalog.start(nil)` (the catalog is turned off in this configuration) returns `:ignore`:
///   no process runs, and a supervisor keeps the child as not running;
/// - `Catalog.start("")` (a path that cannot be right) fails with `{:error, :no_path}`.
///
/// Right now `initialize` loads the catalog itself (start takes 3 s), and knows nothing of nil
/// or empty paths.
///
/// TODO:
/// - in `initialize`, return `.ignore` for nil and `.stop(.atom("no_path"))` for "";
/// - otherwise return an empty catalog and ask for a continuation:
///   `.ok([], .continue(.load(path)))`;
/// - write `handleContinue`, which loads the catalog and returns `.noreply(books)`.
///
/// Elixir:
///     def init(nil), do: :ignore
///     def init(""), do: {:stop, :no_path}
///     def init(path), do: {:ok, [], {:continue, {:load, path}}}
///     def handle_continue({:load, path}, _), do: {:noreply, load_catalog(path)}
struct Catalog: GenServer {
    typealias Argument = String?
    typealias State = [String]
    enum Continue: Sendable { case load(String) }
    enum Call: Sendable { case count }
    typealias Reply = Int

    static func initialize(_ path: String?) async throws -> InitResult<Self> {
        .ok(try await loadCatalog(path ?? ""))
    }

    static func handleCall(_ request: Call, from: From, state books: [String]) async throws -> CallResult<Self> {
        switch request {
        case .count: return .reply(books.count, books)
        }
    }
}
